#include "Suggest.h"

#include "Lexer.h"

#include <algorithm>
#include <vector>

namespace flowline::core::expr {

namespace {

// Optimal string alignment distance between two case-folded strings.
int editDistance(const QString &a, const QString &b)
{
    const auto n = static_cast<std::size_t>(a.size());
    const auto m = static_cast<std::size_t>(b.size());
    std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

bool isBareIdentifier(const QString &name)
{
    if (name.isEmpty() || !isIdentifierStart(name[0]) || isKeyword(name))
        return false;
    return std::all_of(name.begin(), name.end(), isIdentifierPart);
}

} // namespace

QString closestName(const QString &name, const QStringList &candidates)
{
    // Names longer than this are not compared: quadratic cost, and no one mistypes them.
    constexpr qsizetype kMaxLength = 256;
    if (name.size() > kMaxLength)
        return {};
    const QString folded = name.toCaseFolded();
    QString best;
    int bestDistance = std::max<int>(1, static_cast<int>(name.size()) / 3) + 1;
    for (const QString &candidate : candidates) {
        if (candidate.size() > kMaxLength ||
            std::abs(candidate.size() - name.size()) >= bestDistance)
            continue;
        const int d = editDistance(folded, candidate.toCaseFolded());
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

QString formulaName(const QString &name)
{
    if (isBareIdentifier(name))
        return name;
    QString quoted = name;
    quoted.replace(QLatin1Char('`'), QStringLiteral("``"));
    return QLatin1Char('`') + quoted + QLatin1Char('`');
}

QString quotingHint(const QString &text, const QStringList &columns, int position)
{
    for (const QString &column : columns) {
        if (column.isEmpty() || isBareIdentifier(column))
            continue;
        for (qsizetype at = text.indexOf(column); at >= 0; at = text.indexOf(column, at + 1)) {
            const qsizetype end = at + column.size();
            if (at > 0 && text[at - 1] == QLatin1Char('`'))
                continue;
            // Not a piece of a longer word: "in" is not a hint for "inside".
            if (at > 0 && isIdentifierPart(column.front()) && isIdentifierPart(text[at - 1]))
                continue;
            if (end < text.size() && isIdentifierPart(column.back()) && isIdentifierPart(text[end]))
                continue;
            if (position >= at && position <= end)
                return QStringLiteral("to use the column '%1', write %2")
                    .arg(column, formulaName(column));
        }
    }
    return {};
}

} // namespace flowline::core::expr

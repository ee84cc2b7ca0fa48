#include "Join.h"

#include "JoinKeys.h"
#include "jobs/JobContext.h"

#include "table/ColumnConcat.h"
#include "table/TextColumn.h"

#include <QSet>

#include <algorithm>
#include <limits>

namespace flowline::core::prep {

namespace {

ColumnPtr asText(const Column &c)
{
    TextColumnBuilder b;
    for (std::int64_t row = 0; row < c.size(); ++row) {
        if (c.isMissing(row))
            b.appendMissing();
        else
            b.append(labelOf(c, row));
    }
    return b.finish();
}

// Orders the matched pairs by `major` (stably, so each major row's partners keep their order)
// and, when `keepUnmatched`, gives each major row without a partner one row with -1.
void orderBy(const std::vector<std::int64_t> &major, const std::vector<std::int64_t> &minor,
             std::int64_t majorRows, bool keepUnmatched, std::vector<std::int64_t> &outMajor,
             std::vector<std::int64_t> &outMinor)
{
    std::vector<std::int64_t> start(static_cast<std::size_t>(majorRows) + 1, 0);
    for (auto m : major)
        ++start[static_cast<std::size_t>(m) + 1];
    std::vector<std::uint8_t> lonely(static_cast<std::size_t>(majorRows), 0);
    for (std::size_t m = 0; m < lonely.size(); ++m) {
        lonely[m] = keepUnmatched && start[m + 1] == 0;
        start[m + 1] += start[m] + lonely[m];
    }
    const auto total = static_cast<std::size_t>(start.back());
    outMajor.assign(total, -1);
    outMinor.assign(total, -1);
    for (std::size_t m = 0; m < lonely.size(); ++m) {
        if (lonely[m])
            outMajor[static_cast<std::size_t>(start[m])] = static_cast<std::int64_t>(m);
    }
    for (std::size_t i = 0; i < major.size(); ++i) {
        const auto pos = static_cast<std::size_t>(start[static_cast<std::size_t>(major[i])]++);
        outMajor[pos] = major[i];
        outMinor[pos] = minor[i];
    }
}

} // namespace

namespace {

struct Keys
{
    std::vector<int> left, right; // column indices
};

Result<Keys> resolveKeys(const Table &left, const Table &right, const JoinSpec &spec)
{
    const QStringList &rightOn = spec.rightOn.isEmpty() ? spec.leftOn : spec.rightOn;
    if (spec.leftOn.isEmpty())
        return Error{QStringLiteral("join: no key columns given")};
    if (rightOn.size() != spec.leftOn.size())
        return Error{QStringLiteral("join: %1 left key columns (%2) but %3 right ones (%4)")
                         .arg(spec.leftOn.size())
                         .arg(spec.leftOn.join(QStringLiteral(", ")))
                         .arg(rightOn.size())
                         .arg(rightOn.join(QStringLiteral(", ")))};
    Keys keys;
    for (qsizetype i = 0; i < rightOn.size(); ++i) {
        const int l = left.indexOf(spec.leftOn[i]);
        const int r = right.indexOf(rightOn[i]);
        if (l < 0)
            return Error{
                QStringLiteral("join: the left table has no column '%1'").arg(spec.leftOn[i])};
        if (r < 0)
            return Error{
                QStringLiteral("join: the right table has no column '%1'").arg(rightOn[i])};
        if (std::find(keys.left.begin(), keys.left.end(), l) != keys.left.end() ||
            std::find(keys.right.begin(), keys.right.end(), r) != keys.right.end())
            return Error{QStringLiteral("join: key column '%1' / '%2' is given twice")
                             .arg(spec.leftOn[i], rightOn[i])};
        const auto isLabel = [](ColumnKind k) {
            return k == ColumnKind::Categorical || k == ColumnKind::Text;
        };
        if (left.kind(l) != right.kind(r) && !(isLabel(left.kind(l)) && isLabel(right.kind(r))))
            return Error{QStringLiteral("join: key columns '%1' (%2, left) and '%3' (%4, right) "
                                        "are of different kinds")
                             .arg(spec.leftOn[i], kindName(left.kind(l)), rightOn[i],
                                  kindName(right.kind(r)))};
        keys.left.push_back(l);
        keys.right.push_back(r);
    }
    return keys;
}

Result<JoinRows> rowsOf(const Table &left, const Table &right, const Keys &keys, JoinKind kind,
                        const JobContext *ctx)
{
    bool canceled = false;
    std::vector<const Column *> lk, rk;
    for (std::size_t i = 0; i < keys.left.size(); ++i) {
        lk.push_back(left.column(keys.left[i]).get());
        rk.push_back(right.column(keys.right[i]).get());
    }
    const JoinKeyCodes codes = joinKeyCodes(lk, rk);
    // Matched pairs, from a hash index on the smaller side. When the probing side is the one
    // whose order the result follows (the left, or the right of a right join), the pairs come
    // out in order, unmatched rows included; otherwise they are put in order afterwards.
    const bool buildLeft = left.rowCount() < right.rowCount();
    const bool rightMajor = kind == JoinKind::Right;
    const bool inOrder = buildLeft == rightMajor;
    const bool keepUnmatched = kind != JoinKind::Inner;
    std::vector<std::int64_t> pl, pr;
    const auto match = [&](const auto &index, const std::vector<std::int64_t> &probeCodes,
                           const std::vector<std::uint8_t> &probeNever,
                           std::vector<std::int64_t> &built, std::vector<std::int64_t> &probed) {
        built.reserve(probeCodes.size());
        probed.reserve(probeCodes.size());
        const bool emitUnmatched = inOrder && keepUnmatched;
        for (std::size_t p = 0; p < probeCodes.size(); ++p) {
            if ((p & 0xFFFF) == 0 && ctx && ctx->isCanceled()) {
                canceled = true;
                return;
            }
            const auto before = probed.size();
            if (!probeNever[p]) {
                for (auto b = index.first(probeCodes[p]); b >= 0; b = index.next(b)) {
                    built.push_back(b);
                    probed.push_back(static_cast<std::int64_t>(p));
                }
            }
            if (emitUnmatched && probed.size() == before) {
                built.push_back(-1);
                probed.push_back(static_cast<std::int64_t>(p));
            }
        }
    };
    const auto probe = [&](const std::vector<std::int64_t> &buildCodes,
                           const std::vector<std::uint8_t> &buildNever,
                           const std::vector<std::int64_t> &probeCodes,
                           const std::vector<std::uint8_t> &probeNever,
                           std::vector<std::int64_t> &built, std::vector<std::int64_t> &probed) {
        if (buildCodes.size() < std::size_t(std::numeric_limits<std::int32_t>::max()))
            match(JoinIndex<std::int32_t>(buildCodes, buildNever), probeCodes, probeNever, built,
                  probed);
        else
            match(JoinIndex<std::int64_t>(buildCodes, buildNever), probeCodes, probeNever, built,
                  probed);
    };
    if (buildLeft)
        probe(codes.left, codes.leftNever, codes.right, codes.rightNever, pl, pr);
    else
        probe(codes.right, codes.rightNever, codes.left, codes.leftNever, pr, pl);
    if (canceled)
        return Error{QStringLiteral("canceled")};

    JoinRows out;
    if (inOrder) {
        out.left = std::move(pl);
        out.right = std::move(pr);
    } else if (rightMajor) {
        orderBy(pr, pl, right.rowCount(), true, out.right, out.left);
    } else {
        orderBy(pl, pr, left.rowCount(), keepUnmatched, out.left, out.right);
    }
    if (kind == JoinKind::Outer) {
        std::vector<std::uint8_t> matched(static_cast<std::size_t>(right.rowCount()), 0);
        for (auto r : out.right) {
            if (r >= 0)
                matched[static_cast<std::size_t>(r)] = 1;
        }
        for (std::size_t r = 0; r < matched.size(); ++r) {
            if (!matched[r]) {
                out.left.push_back(-1);
                out.right.push_back(static_cast<std::int64_t>(r));
            }
        }
    }
    return out;
}

} // namespace

Result<JoinRows> joinRows(const Table &left, const Table &right, const JoinSpec &spec,
                          const JobContext *ctx)
{
    auto keys = resolveKeys(left, right, spec);
    if (!keys)
        return keys.error();
    return rowsOf(left, right, *keys, spec.kind, ctx);
}

Result<Table> join(const Table &left, const Table &right, const JoinSpec &spec,
                   const JobContext *ctx)
{
    auto keys = resolveKeys(left, right, spec);
    if (!keys)
        return keys.error();
    auto matched = rowsOf(left, right, *keys, spec.kind, ctx);
    if (!matched)
        return matched.error();
    const JoinRows &rows = *matched;
    const auto isKey = [](const std::vector<int> &k, int c) {
        return std::find(k.begin(), k.end(), c) != k.end();
    };
    QSet<QString> leftNames, rightNonKey;
    for (int c = 0; c < left.columnCount(); ++c)
        leftNames.insert(left.columnName(c));
    for (int c = 0; c < right.columnCount(); ++c) {
        if (!isKey(keys->right, c))
            rightNonKey.insert(right.columnName(c));
    }
    // An outer join's rows with no left row are its tail; their keys come from the right.
    std::size_t head = rows.left.size();
    while (spec.kind == JoinKind::Outer && head > 0 && rows.left[head - 1] < 0)
        --head;

    QStringList names;
    std::vector<ColumnPtr> cols;
    std::vector<ColumnRole> roles;
    for (int c = 0; c < left.columnCount(); ++c) {
        const auto &col = left.column(c);
        const auto k = std::find(keys->left.begin(), keys->left.end(), c) - keys->left.begin();
        if (k == static_cast<std::ptrdiff_t>(keys->left.size())) {
            const bool clash = rightNonKey.contains(left.columnName(c));
            names << left.columnName(c) + (clash ? spec.leftSuffix : QString());
            cols.push_back(col->takeOrMissing(rows.left));
        } else {
            const auto &rcol = right.column(keys->right[static_cast<std::size_t>(k)]);
            names << left.columnName(c);
            if (spec.kind == JoinKind::Right) {
                cols.push_back(rcol->take(rows.right));
            } else if (spec.kind == JoinKind::Outer) {
                auto l = col->take(std::span(rows.left).first(head));
                auto r = rcol->take(std::span(rows.right).subspan(head));
                if (l->kind() != r->kind()) { // text and categorical: text
                    l = asText(*l);
                    r = asText(*r);
                }
                const ColumnPiece pieces[] = {{l.get(), l->size()}, {r.get(), r->size()}};
                cols.push_back(concatColumns(l->kind(), pieces));
            } else {
                cols.push_back(col->take(rows.left));
            }
        }
        roles.push_back(left.role(c));
    }
    for (int c = 0; c < right.columnCount(); ++c) {
        if (isKey(keys->right, c))
            continue;
        const bool clash = leftNames.contains(right.columnName(c));
        names << right.columnName(c) + (clash ? spec.rightSuffix : QString());
        cols.push_back(right.column(c)->takeOrMissing(rows.right));
        roles.push_back(right.role(c));
    }
    QSet<QString> seen;
    for (const auto &n : names) {
        if (seen.contains(n))
            return Error{QStringLiteral("join: two columns would be named '%1'; choose other "
                                        "suffixes or rename a column")
                             .arg(n)};
        seen.insert(n);
    }
    Table out(std::move(names), std::move(cols));
    for (int c = 0; c < out.columnCount(); ++c) {
        if (roles[static_cast<std::size_t>(c)] != ColumnRole::Feature)
            out = out.withRole(c, roles[static_cast<std::size_t>(c)]);
    }
    return out.withRecipe(left.recipe());
}

QString joinKindName(JoinKind kind)
{
    switch (kind) {
    case JoinKind::Inner:
        return QStringLiteral("inner");
    case JoinKind::Left:
        return QStringLiteral("left");
    case JoinKind::Right:
        return QStringLiteral("right");
    case JoinKind::Outer:
        return QStringLiteral("outer");
    }
    return {};
}

std::optional<JoinKind> joinKindFromName(QStringView name)
{
    for (auto k : {JoinKind::Inner, JoinKind::Left, JoinKind::Right, JoinKind::Outer}) {
        if (name == joinKindName(k))
            return k;
    }
    return std::nullopt;
}

} // namespace flowline::core::prep

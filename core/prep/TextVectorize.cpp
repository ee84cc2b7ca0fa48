#include "TextVectorize.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "table/NumericColumn.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace flowline::core::prep {

namespace {

bool isWordChar(char32_t c)
{
    return c == U'_' || QChar::isLetterOrNumber(c);
}

// Every n-gram of the document, minN..maxN.
QStringList ngrams(const QString &text, int minN, int maxN)
{
    const QStringList tokens = tokenize(text);
    if (minN == 1 && maxN == 1)
        return tokens;
    QStringList out;
    for (int n = minN; n <= maxN; ++n) {
        for (qsizetype i = 0; i + n <= tokens.size(); ++i)
            out << tokens.mid(i, n).join(QLatin1Char(' '));
    }
    return out;
}

QString documentOf(const Table &table, int column, std::int64_t row)
{
    const auto &col = table.column(column);
    return col->isMissing(row) ? QString() : col->displayValue(row);
}

} // namespace

QStringList tokenize(const QString &text)
{
    // Runs of word characters, cut out of the text by position (no copy per character).
    QStringList tokens;
    qsizetype start = 0;
    int length = 0; // code points in the current run
    const auto flush = [&](qsizetype end) {
        if (length >= 2)
            tokens << text.mid(start, end - start).toLower();
        length = 0;
    };
    for (qsizetype i = 0; i < text.size();) {
        char32_t c = text[i].unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            width = 2;
        }
        if (isWordChar(c)) {
            if (length == 0)
                start = i;
            ++length;
        } else {
            flush(i);
        }
        i += width;
    }
    flush(text.size());
    return tokens;
}

FittedTextVectorize::FittedTextVectorize(TextVectorizeSpec spec, QStringList terms,
                                         std::vector<double> idf)
    : m_spec(std::move(spec))
    , m_terms(std::move(terms))
    , m_idf(std::move(idf))
{}

Result<std::shared_ptr<const FittedTextVectorize>>
fitTextVectorize(const Table &table, const TextVectorizeSpec &spec, JobContext &ctx)
{
    auto cols = requireColumns(table, {spec.column}, {ColumnKind::Text, ColumnKind::Categorical},
                               QStringLiteral("text vectorizer"));
    if (!cols)
        return cols.error();
    if (spec.minN < 1 || spec.maxN < spec.minN || spec.maxN > 3)
        return Error{QStringLiteral("text vectorizer: n-grams from %1 to %2: use 1 <= from <= to "
                                    "<= 3")
                         .arg(spec.minN)
                         .arg(spec.maxN)};
    const int c = cols->front();
    const std::int64_t n = table.rowCount();
    QHash<QString, std::int64_t> documentFrequency, termFrequency;
    for (std::int64_t r = 0; r < n; ++r) {
        if ((r & 0xFFF) == 0 && ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        const QStringList grams = ngrams(documentOf(table, c, r), spec.minN, spec.maxN);
        QSet<QString> seen;
        for (const QString &g : grams) {
            ++termFrequency[g];
            if (!seen.contains(g)) {
                seen.insert(g);
                ++documentFrequency[g];
            }
        }
    }
    const double minDocs = std::max(static_cast<double>(spec.minDocuments),
                                    std::ceil(spec.minShare * static_cast<double>(n) - 1e-9));
    QStringList terms;
    for (auto it = documentFrequency.begin(); it != documentFrequency.end(); ++it) {
        if (static_cast<double>(it.value()) >= minDocs)
            terms << it.key();
    }
    if (spec.maxTerms > 0 && terms.size() > spec.maxTerms) {
        // The most frequent over the whole table; ties by term, so the choice is stable.
        std::sort(terms.begin(), terms.end(), [&](const QString &a, const QString &b) {
            const auto fa = termFrequency.value(a), fb = termFrequency.value(b);
            return fa != fb ? fa > fb : a < b;
        });
        terms = terms.mid(0, spec.maxTerms);
    }
    std::sort(terms.begin(), terms.end());
    std::vector<double> idf;
    if (spec.tfidf) {
        for (const QString &t : terms)
            idf.push_back(std::log((1.0 + static_cast<double>(n)) /
                                   (1.0 + static_cast<double>(documentFrequency.value(t)))) +
                          1.0);
    }
    return std::make_shared<const FittedTextVectorize>(spec, terms, std::move(idf));
}

Result<Table> FittedTextVectorize::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, {m_spec.column}, {ColumnKind::Text, ColumnKind::Categorical},
                               QStringLiteral("text vectorizer"));
    if (!cols)
        return cols.error();
    const int c = cols->front();
    const std::int64_t n = in.rowCount();
    QHash<QString, int> index;
    for (int t = 0; t < m_terms.size(); ++t)
        index.insert(m_terms[t], t);
    std::vector<std::vector<double>> values(static_cast<std::size_t>(m_terms.size()),
                                            std::vector<double>(static_cast<std::size_t>(n), 0.0));
    std::vector<int> touched;
    for (std::int64_t r = 0; r < n; ++r) {
        if ((r & 0xFFF) == 0 && ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        touched.clear();
        for (const QString &g : ngrams(documentOf(in, c, r), m_spec.minN, m_spec.maxN)) {
            const auto it = index.constFind(g);
            if (it == index.constEnd())
                continue;
            double &v = values[static_cast<std::size_t>(*it)][static_cast<std::size_t>(r)];
            if (v == 0)
                touched.push_back(*it);
            v += 1;
        }
        if (m_spec.tfidf && !touched.empty()) {
            double norm = 0;
            for (int t : touched) {
                double &v = values[static_cast<std::size_t>(t)][static_cast<std::size_t>(r)];
                v *= m_idf[static_cast<std::size_t>(t)];
                norm += v * v;
            }
            norm = std::sqrt(norm);
            for (int t : touched)
                values[static_cast<std::size_t>(t)][static_cast<std::size_t>(r)] /= norm;
        }
    }
    // The term columns take the text column's place.
    QStringList names;
    std::vector<ColumnPtr> columns;
    for (int k = 0; k < in.columnCount(); ++k) {
        if (k != c) {
            names << in.columnName(k);
            columns.push_back(in.column(k));
            continue;
        }
        for (int t = 0; t < m_terms.size(); ++t) {
            names << m_spec.column + QLatin1Char(':') + m_terms[t];
            columns.push_back(
                std::make_shared<NumericColumn>(std::move(values[static_cast<std::size_t>(t)])));
        }
    }
    try {
        return Table(names, columns).withRecipe(in.recipe());
    } catch (const std::invalid_argument &) {
        return Error{QStringLiteral("text vectorizer: a column named like a term column "
                                    "('%1:…') exists already")
                         .arg(m_spec.column)};
    }
}

QJsonObject FittedTextVectorize::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("column"), m_spec.column},
                       {QStringLiteral("min_n"), m_spec.minN},
                       {QStringLiteral("max_n"), m_spec.maxN},
                       {QStringLiteral("tfidf"), m_spec.tfidf},
                       {QStringLiteral("terms"), stringsToJson(m_terms)},
                       {QStringLiteral("idf"), numbersToJson(m_idf)}};
}

Result<FittedStepPtr> FittedTextVectorize::fromJson(const QJsonObject &json)
{
    TextVectorizeSpec spec;
    spec.column = json.value(QStringLiteral("column")).toString();
    spec.minN = json.value(QStringLiteral("min_n")).toInt(1);
    spec.maxN = json.value(QStringLiteral("max_n")).toInt(1);
    spec.tfidf = json.value(QStringLiteral("tfidf")).toBool();
    const QStringList terms = stringsFromJson(json.value(QStringLiteral("terms")));
    auto idf = numbersFromJson(json.value(QStringLiteral("idf")), QStringLiteral("idf"));
    if (!idf)
        return idf.error();
    if (spec.column.isEmpty() || spec.minN < 1 || spec.maxN < spec.minN || spec.maxN > 3 ||
        (spec.tfidf && idf->size() != static_cast<std::size_t>(terms.size())))
        return Error{QStringLiteral("text_vectorize: column, n-gram range or idf do not fit")};
    return FittedStepPtr(std::make_shared<const FittedTextVectorize>(spec, terms, std::move(*idf)));
}

QString FittedTextVectorize::summary() const
{
    return QStringLiteral("%1 of '%2': %3 terms (%4-grams to %5-grams)")
        .arg(m_spec.tfidf ? QStringLiteral("TF-IDF") : QStringLiteral("word counts"), m_spec.column)
        .arg(m_terms.size())
        .arg(m_spec.minN)
        .arg(m_spec.maxN);
}

Result<Refitted> FittedTextVectorize::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitTextVectorize(t, m_spec, c); });
}

} // namespace flowline::core::prep

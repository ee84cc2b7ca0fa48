#include "Impute.h"

#include "Quantiles.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::prep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char *const kStrategyNames[] = {"mean", "median", "most_frequent", "constant"};

double mostFrequentNumber(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    double best = kNaN;
    std::size_t bestCount = 0;
    for (std::size_t i = 0; i < values.size();) {
        std::size_t j = i;
        while (j < values.size() && values[j] == values[i])
            ++j;
        if (j - i > bestCount) { // strictly more: ties keep the smaller value
            bestCount = j - i;
            best = values[i];
        }
        i = j;
    }
    return best;
}

// The most frequent category; "" when every value is missing.
QString mostFrequentCategory(const CategoricalColumn &col)
{
    std::vector<std::int64_t> counts(static_cast<std::size_t>(col.categoryCount()), 0);
    for (std::int32_t code : col.codes()) {
        if (code != CategoricalColumn::kMissing)
            ++counts[static_cast<std::size_t>(code)];
    }
    std::int32_t best = -1;
    for (std::int32_t c = 0; c < col.categoryCount(); ++c) {
        const auto n = counts[static_cast<std::size_t>(c)];
        if (n == 0)
            continue;
        const auto bestN = best < 0 ? 0 : counts[static_cast<std::size_t>(best)];
        if (n > bestN || (n == bestN && col.category(c) < col.category(best)))
            best = c;
    }
    return best < 0 ? QString() : QString::fromStdString(std::string(col.category(best)));
}

ColumnPtr fillCategorical(const CategoricalColumn &col, const QString &fill)
{
    const std::string text = fill.toStdString();
    auto dict = col.sharedDictionary();
    const auto found = std::find(dict->begin(), dict->end(), text);
    auto code = static_cast<std::int32_t>(found - dict->begin());
    if (found == dict->end()) {
        auto extended = std::make_shared<CategoricalColumn::Dictionary>(*dict);
        extended->push_back(text);
        dict = std::move(extended);
    }
    std::vector<std::int32_t> codes = col.codes();
    for (auto &c : codes) {
        if (c == CategoricalColumn::kMissing)
            c = code;
    }
    return std::make_shared<CategoricalColumn>(std::move(codes), std::move(dict));
}

} // namespace

QString imputeStrategyName(ImputeStrategy strategy)
{
    return QString::fromLatin1(kStrategyNames[static_cast<int>(strategy)]);
}

std::optional<ImputeStrategy> imputeStrategyFromName(const QString &name)
{
    for (int i = 0; i < 4; ++i) {
        if (name == QLatin1String(kStrategyNames[i]))
            return static_cast<ImputeStrategy>(i);
    }
    return std::nullopt;
}

FittedImpute::FittedImpute(ImputeStrategy strategy, QStringList columns,
                           std::vector<ColumnKind> kinds, std::vector<double> numbers,
                           QStringList texts, QStringList indicators, std::int64_t rows,
                           ImputeSpec spec)
    : m_strategy(strategy)
    , m_columns(std::move(columns))
    , m_kinds(std::move(kinds))
    , m_numbers(std::move(numbers))
    , m_texts(std::move(texts))
    , m_indicators(std::move(indicators))
    , m_rows(rows)
    , m_spec(std::move(spec))
{}

Result<std::shared_ptr<const FittedImpute>> fitImpute(const Table &table, const ImputeSpec &spec,
                                                      JobContext &ctx)
{
    const QString step = QStringLiteral("impute");
    const bool numericOnly =
        spec.strategy == ImputeStrategy::Mean || spec.strategy == ImputeStrategy::Median;
    auto cols = numericOnly ? resolveColumns(table, spec.columns, {ColumnKind::Numeric}, step)
                            : resolveColumns(table, spec.columns,
                                             {ColumnKind::Numeric, ColumnKind::Categorical}, step);
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    double constantNumber = kNaN;
    if (spec.strategy == ImputeStrategy::Constant) {
        if (spec.constant.trimmed().isEmpty())
            return Error{QStringLiteral("impute: strategy 'constant' needs a fill value")};
        bool ok = false;
        constantNumber = spec.constant.trimmed().toDouble(&ok);
        for (int i : *cols) {
            if (table.kind(i) == ColumnKind::Numeric && (!ok || !std::isfinite(constantNumber)))
                return Error{QStringLiteral("impute: the fill value '%1' is not a number, but "
                                            "column '%2' is numeric")
                                 .arg(spec.constant, table.columnName(i))};
        }
    }
    std::vector<double> numbers(n, kNaN);
    std::vector<QString> texts(n); // not a QStringList: written from several threads
    std::vector<ColumnKind> kinds(n);
    std::vector<char> hadMissing(n, 0);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const int index = (*cols)[k];
        kinds[k] = table.kind(index);
        hadMissing[k] = table.column(index)->missingCount() > 0;
        if (const auto *num = table.numeric(index)) {
            switch (spec.strategy) {
            case ImputeStrategy::Constant:
                numbers[k] = constantNumber;
                break;
            case ImputeStrategy::Mean: {
                const auto values = observedValues(*num);
                double sum = 0;
                for (double v : values)
                    sum += v;
                numbers[k] = values.empty() ? kNaN : sum / static_cast<double>(values.size());
                break;
            }
            case ImputeStrategy::Median: {
                auto values = observedValues(*num);
                numbers[k] = medianOf(values);
                break;
            }
            case ImputeStrategy::MostFrequent:
                numbers[k] = mostFrequentNumber(observedValues(*num));
                break;
            }
        } else {
            const auto &cat = static_cast<const CategoricalColumn &>(*table.column(index));
            texts[k] = spec.strategy == ImputeStrategy::Constant ? spec.constant
                                                                 : mostFrequentCategory(cat);
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    QStringList names, indicators;
    for (std::size_t k = 0; k < n; ++k) {
        const QString &name = table.columnName((*cols)[k]);
        names << name;
        const bool nothing =
            kinds[k] == ColumnKind::Numeric ? std::isnan(numbers[k]) : texts[k].isEmpty();
        if (nothing)
            return Error{QStringLiteral("impute: column '%1' has no values in the fitting table "
                                        "to learn the %2 from")
                             .arg(name, imputeStrategyName(spec.strategy))};
        if (spec.addIndicator && hadMissing[k])
            indicators << name;
    }
    return std::make_shared<const FittedImpute>(
        spec.strategy, names, std::move(kinds), std::move(numbers),
        QStringList(texts.begin(), texts.end()), indicators, table.rowCount(), spec);
}

Result<Table> FittedImpute::apply(const Table &in, JobContext &ctx) const
{
    auto cols =
        requireColumns(in, m_columns, {ColumnKind::Numeric, ColumnKind::Categorical}, kind());
    if (!cols)
        return cols.error();
    for (std::size_t k = 0; k < cols->size(); ++k) {
        if (in.kind((*cols)[k]) != m_kinds[k])
            return Error{QStringLiteral("impute: column '%1' is %2, but was fitted as %3")
                             .arg(m_columns[qsizetype(k)], kindName(in.kind((*cols)[k])),
                                  kindName(m_kinds[k]))};
    }
    std::vector<ColumnPtr> out(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        if (const auto *num = in.numeric((*cols)[k])) {
            std::vector<double> y = num->values();
            for (double &v : y) {
                if (std::isnan(v))
                    v = m_numbers[k];
            }
            out[k] = std::make_shared<NumericColumn>(std::move(y));
        } else {
            out[k] = fillCategorical(static_cast<const CategoricalColumn &>(*in.column((*cols)[k])),
                                     m_texts[c]);
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (const QString &name : m_indicators) {
        const ColumnPtr &col = in.column(in.indexOf(name));
        std::vector<std::int8_t> flags(static_cast<std::size_t>(col->size()));
        for (std::int64_t r = 0; r < col->size(); ++r)
            flags[static_cast<std::size_t>(r)] = col->isMissing(r) ? 1 : 0;
        t = t.withColumn(name + QStringLiteral("_missing"),
                         std::make_shared<BooleanColumn>(std::move(flags)));
    }
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[static_cast<qsizetype>(k)], out[k]);
    return t;
}

QJsonObject FittedImpute::toJson() const
{
    QStringList kinds;
    for (ColumnKind k : m_kinds)
        kinds << kindName(k);
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("strategy"), imputeStrategyName(m_strategy)},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("kinds"), stringsToJson(kinds)},
                       {QStringLiteral("numbers"), numbersToJson(m_numbers)},
                       {QStringLiteral("texts"), stringsToJson(m_texts)},
                       {QStringLiteral("indicators"), stringsToJson(m_indicators)},
                       {QStringLiteral("add_indicator"), m_spec.addIndicator},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedImpute::fromJson(const QJsonObject &json)
{
    const auto strategy = imputeStrategyFromName(json.value(QStringLiteral("strategy")).toString());
    if (!strategy)
        return Error{QStringLiteral("impute: unknown 'strategy'")};
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    std::vector<ColumnKind> kinds;
    for (const QString &k : stringsFromJson(json.value(QStringLiteral("kinds")))) {
        const auto kind = kindFromName(k);
        if (!kind || (*kind != ColumnKind::Numeric && *kind != ColumnKind::Categorical))
            return Error{QStringLiteral("impute: bad column kind '%1' in 'kinds'").arg(k)};
        kinds.push_back(*kind);
    }
    auto numbers =
        numbersFromJson(json.value(QStringLiteral("numbers")), QStringLiteral("numbers"));
    if (!numbers)
        return numbers.error();
    const QStringList texts = stringsFromJson(json.value(QStringLiteral("texts")));
    const auto n = static_cast<std::size_t>(columns.size());
    if (kinds.size() != n || numbers->size() != n || static_cast<std::size_t>(texts.size()) != n)
        return Error{QStringLiteral("impute: one kind, number and text per column needed")};
    QStringList indicators = stringsFromJson(json.value(QStringLiteral("indicators")));
    for (const QString &name : indicators) {
        if (!columns.contains(name))
            return Error{
                QStringLiteral("impute: indicator '%1' is not an imputed column").arg(name)};
    }
    ImputeSpec spec;
    spec.columns = columns;
    spec.strategy = *strategy;
    spec.addIndicator = json.value(QStringLiteral("add_indicator")).toBool(!indicators.isEmpty());
    if (*strategy == ImputeStrategy::Constant && !columns.isEmpty())
        spec.constant = kinds.front() == ColumnKind::Numeric
                            ? QString::number((*numbers)[0], 'g', 17)
                            : texts.front();
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedImpute>(
        *strategy, columns, std::move(kinds), std::move(*numbers), texts, indicators, *rows, spec));
}

QString FittedImpute::summary() const
{
    QString line = QStringLiteral("impute (%1) %2 (learned on %3 rows)")
                       .arg(imputeStrategyName(m_strategy), m_columns.join(QStringLiteral(", ")))
                       .arg(m_rows);
    if (!m_indicators.isEmpty())
        line +=
            QStringLiteral("; missing flags for %1").arg(m_indicators.join(QStringLiteral(", ")));
    return line;
}

Result<Refitted> FittedImpute::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitImpute(t, m_spec, c); });
}

} // namespace flowline::core::prep

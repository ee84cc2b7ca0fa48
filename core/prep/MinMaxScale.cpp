#include "MinMaxScale.h"

#include "Affine.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <cmath>
#include <limits>

namespace flowline::core::prep {

FittedMinMax::FittedMinMax(MinMaxSpec spec, QStringList columns, std::vector<double> mins,
                           std::vector<double> maxs, std::int64_t rows)
    : m_spec(spec)
    , m_columns(std::move(columns))
    , m_mins(std::move(mins))
    , m_maxs(std::move(maxs))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedMinMax>> fitMinMax(const Table &table, const MinMaxSpec &spec,
                                                      JobContext &ctx)
{
    if (!(spec.low < spec.high) || !std::isfinite(spec.low) || !std::isfinite(spec.high))
        return Error{QStringLiteral("minmax: the range low (%1) must be below its high (%2)")
                         .arg(spec.low)
                         .arg(spec.high)};
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("minmax"));
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> mins(n, nan), maxs(n, nan);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        for (double v : table.numeric((*cols)[k])->values()) {
            if (std::isnan(v))
                continue;
            if (std::isnan(mins[k]) || v < mins[k])
                mins[k] = v;
            if (std::isnan(maxs[k]) || v > maxs[k])
                maxs[k] = v;
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    QStringList names;
    for (int i : *cols)
        names << table.columnName(i);
    return std::make_shared<const FittedMinMax>(spec, names, std::move(mins), std::move(maxs),
                                                table.rowCount());
}

Result<Table> FittedMinMax::apply(const Table &in, JobContext &ctx) const
{
    const std::size_t n = m_mins.size();
    std::vector<double> factor(n), offset(n, m_spec.low);
    for (std::size_t k = 0; k < n; ++k) {
        const double range = m_maxs[k] - m_mins[k];
        factor[k] = (m_spec.high - m_spec.low) / (range == 0.0 ? 1.0 : range);
    }
    return applyAffine(in, m_columns, m_mins, factor, offset, kind(), ctx);
}

QJsonObject FittedMinMax::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("low"), m_spec.low},
                       {QStringLiteral("high"), m_spec.high},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("mins"), numbersToJson(m_mins)},
                       {QStringLiteral("maxs"), numbersToJson(m_maxs)},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedMinMax::fromJson(const QJsonObject &json)
{
    MinMaxSpec spec;
    spec.low = json.value(QStringLiteral("low")).toDouble(0.0);
    spec.high = json.value(QStringLiteral("high")).toDouble(1.0);
    if (!(spec.low < spec.high))
        return Error{QStringLiteral("minmax: 'low' must be below 'high'")};
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    auto mins = numbersFromJson(json.value(QStringLiteral("mins")), QStringLiteral("mins"));
    if (!mins)
        return mins.error();
    auto maxs = numbersFromJson(json.value(QStringLiteral("maxs")), QStringLiteral("maxs"));
    if (!maxs)
        return maxs.error();
    if (mins->size() != static_cast<std::size_t>(columns.size()) || maxs->size() != mins->size())
        return Error{QStringLiteral("minmax: one min and one max per column needed")};
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedMinMax>(spec, columns, std::move(*mins),
                                                              std::move(*maxs), *rows));
}

QString FittedMinMax::summary() const
{
    return QStringLiteral("min-max scale %1 to [%2, %3] (learned on %4 rows)")
        .arg(m_columns.join(QStringLiteral(", ")))
        .arg(m_spec.low)
        .arg(m_spec.high)
        .arg(m_rows);
}

Result<Refitted> FittedMinMax::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitMinMax(t, m_spec, c); });
}

} // namespace flowline::core::prep

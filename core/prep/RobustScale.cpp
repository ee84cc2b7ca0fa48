#include "RobustScale.h"

#include "Affine.h"
#include "Quantiles.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <algorithm>
#include <cmath>

namespace flowline::core::prep {

namespace {

bool validRange(double lo, double hi)
{
    return lo >= 0.0 && hi <= 100.0 && lo < hi;
}

} // namespace

FittedRobustScale::FittedRobustScale(RobustScaleSpec spec, QStringList columns,
                                     std::vector<double> centers, std::vector<double> scales,
                                     std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_centers(std::move(centers))
    , m_scales(std::move(scales))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedRobustScale>>
fitRobustScale(const Table &table, const RobustScaleSpec &spec, JobContext &ctx)
{
    if (!validRange(spec.qLow, spec.qHigh))
        return Error{QStringLiteral("robust_scale: the quantile range must satisfy 0 <= low < "
                                    "high <= 100 (got %1, %2)")
                         .arg(spec.qLow)
                         .arg(spec.qHigh)};
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("robust_scale"));
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    std::vector<double> centers(n), scales(n);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        auto values = observedValues(*table.numeric((*cols)[k]));
        std::sort(values.begin(), values.end());
        centers[k] = sortedQuantile(values, 0.5);
        const double range =
            sortedQuantile(values, spec.qHigh / 100.0) - sortedQuantile(values, spec.qLow / 100.0);
        scales[k] = range == 0.0 ? 1.0 : range;
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    QStringList names;
    for (int i : *cols)
        names << table.columnName(i);
    return std::make_shared<const FittedRobustScale>(spec, names, std::move(centers),
                                                     std::move(scales), table.rowCount());
}

Result<Table> FittedRobustScale::apply(const Table &in, JobContext &ctx) const
{
    const std::size_t n = m_centers.size();
    std::vector<double> shift(n, 0.0), factor(n, 1.0), offset(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
        if (m_spec.center)
            shift[k] = m_centers[k];
        if (m_spec.scale)
            factor[k] = 1.0 / m_scales[k];
    }
    return applyAffine(in, m_columns, shift, factor, offset, kind(), ctx);
}

QJsonObject FittedRobustScale::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("center"), m_spec.center},
                       {QStringLiteral("scale"), m_spec.scale},
                       {QStringLiteral("q_low"), m_spec.qLow},
                       {QStringLiteral("q_high"), m_spec.qHigh},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("centers"), numbersToJson(m_centers)},
                       {QStringLiteral("scales"), numbersToJson(m_scales)},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedRobustScale::fromJson(const QJsonObject &json)
{
    RobustScaleSpec spec;
    spec.center = json.value(QStringLiteral("center")).toBool(true);
    spec.scale = json.value(QStringLiteral("scale")).toBool(true);
    spec.qLow = json.value(QStringLiteral("q_low")).toDouble(25.0);
    spec.qHigh = json.value(QStringLiteral("q_high")).toDouble(75.0);
    if (!validRange(spec.qLow, spec.qHigh))
        return Error{QStringLiteral("robust_scale: bad 'q_low' / 'q_high'")};
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    auto centers =
        numbersFromJson(json.value(QStringLiteral("centers")), QStringLiteral("centers"));
    if (!centers)
        return centers.error();
    auto scales = numbersFromJson(json.value(QStringLiteral("scales")), QStringLiteral("scales"));
    if (!scales)
        return scales.error();
    if (centers->size() != static_cast<std::size_t>(columns.size()) ||
        scales->size() != centers->size())
        return Error{QStringLiteral("robust_scale: one center and one scale per column needed")};
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedRobustScale>(
        spec, columns, std::move(*centers), std::move(*scales), *rows));
}

QString FittedRobustScale::summary() const
{
    return QStringLiteral("robust scale %1 (median, %2–%3 percentile range; learned on %4 rows)")
        .arg(m_columns.join(QStringLiteral(", ")))
        .arg(m_spec.qLow)
        .arg(m_spec.qHigh)
        .arg(m_rows);
}

Result<Refitted> FittedRobustScale::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitRobustScale(t, m_spec, c); });
}

} // namespace flowline::core::prep

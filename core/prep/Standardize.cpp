#include "Standardize.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <cmath>
#include <limits>

namespace flowline::core::prep {

FittedStandardize::FittedStandardize(StandardizeSpec spec, QStringList columns,
                                     std::vector<double> means, std::vector<double> scales,
                                     std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_means(std::move(means))
    , m_scales(std::move(scales))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedStandardize>>
fitStandardize(const Table &table, const StandardizeSpec &spec, JobContext &ctx)
{
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("standardize"));
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    std::vector<double> means(n, 0.0), scales(n, 1.0);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto *col = table.numeric((*cols)[static_cast<std::size_t>(c)]);
        const auto x = col->vector();
        // Two passes: the mean, then the squared deviations from it (accurate to ~1e-15).
        // Without missing values (the usual case) both are plain vectorised reductions.
        const std::int64_t missing = x.array().isNaN().count();
        double sum = 0, ss = 0;
        const std::int64_t count = x.size() - missing;
        double mean = std::numeric_limits<double>::quiet_NaN();
        if (missing == 0 && count > 0) {
            mean = x.sum() / static_cast<double>(count);
            ss = (x.array() - mean).square().sum();
        } else if (count > 0) {
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                if (!std::isnan(x[i]))
                    sum += x[i];
            }
            mean = sum / static_cast<double>(count);
            for (Eigen::Index i = 0; i < x.size(); ++i) {
                if (!std::isnan(x[i]))
                    ss += (x[i] - mean) * (x[i] - mean);
            }
        }
        const double var = count ? ss / static_cast<double>(count) : 0.0;
        // scikit-learn's test for a constant feature: the variance is within rounding of 0.
        constexpr double eps = std::numeric_limits<double>::epsilon();
        const double n64 = static_cast<double>(count);
        const bool constant = var <= n64 * eps * var + (n64 * mean * eps) * (n64 * mean * eps);
        means[static_cast<std::size_t>(c)] = mean;
        scales[static_cast<std::size_t>(c)] = constant || !count ? 1.0 : std::sqrt(var);
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    QStringList names;
    for (int i : *cols)
        names << table.columnName(i);
    return std::make_shared<const FittedStandardize>(spec, names, std::move(means),
                                                     std::move(scales), table.rowCount());
}

Result<Table> FittedStandardize::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto x = in.numeric((*cols)[k])->vector();
        const double mean = m_spec.center ? m_means[k] : 0.0;
        const double scale = m_spec.scale ? m_scales[k] : 1.0;
        std::vector<double> y(static_cast<std::size_t>(x.size()));
        Eigen::Map<Eigen::VectorXd>(y.data(), x.size()) = (x.array() - mean) / scale;
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[static_cast<qsizetype>(k)], out[k]);
    return t;
}

QJsonObject FittedStandardize::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("center"), m_spec.center},
                       {QStringLiteral("scale"), m_spec.scale},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("means"), numbersToJson(m_means)},
                       {QStringLiteral("scales"), numbersToJson(m_scales)},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedStandardize::fromJson(const QJsonObject &json)
{
    StandardizeSpec spec;
    spec.center = json.value(QStringLiteral("center")).toBool(true);
    spec.scale = json.value(QStringLiteral("scale")).toBool(true);
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    auto means = numbersFromJson(json.value(QStringLiteral("means")), QStringLiteral("means"));
    if (!means)
        return means.error();
    auto scales = numbersFromJson(json.value(QStringLiteral("scales")), QStringLiteral("scales"));
    if (!scales)
        return scales.error();
    if (means->size() != static_cast<std::size_t>(columns.size()) ||
        scales->size() != means->size())
        return Error{QStringLiteral("standardize: one mean and one scale per column needed")};
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedStandardize>(spec, columns, std::move(*means),
                                                                   std::move(*scales), *rows));
}

QString FittedStandardize::summary() const
{
    return QStringLiteral("standardize %1 (learned on %2 rows)")
        .arg(m_columns.join(QStringLiteral(", ")))
        .arg(m_rows);
}

Result<Refitted> FittedStandardize::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitStandardize(t, m_spec, c); });
}

} // namespace flowline::core::prep

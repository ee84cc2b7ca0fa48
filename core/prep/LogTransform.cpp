#include "LogTransform.h"

#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <cmath>
#include <limits>

namespace flowline::core::prep {

FittedLog::FittedLog(LogSpec spec, QStringList columns)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
{}

Result<std::shared_ptr<const FittedLog>> fitLog(const Table &table, const LogSpec &spec,
                                                JobContext &)
{
    auto cols = resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("log"));
    if (!cols)
        return cols.error();
    QStringList names;
    for (int i : *cols)
        names << table.columnName(i);
    return std::make_shared<const FittedLog>(spec, names);
}

Result<Table> FittedLog::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    const double bound = m_spec.plusOne ? -1.0 : 0.0;
    const bool plusOne = m_spec.plusOne;
    std::vector<ColumnPtr> out(cols->size());
    std::vector<std::int64_t> outside(cols->size(), 0);
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &x = in.numeric((*cols)[k])->values();
        std::vector<double> y(x.size());
        std::int64_t bad = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (x[i] > bound) {
                y[i] = plusOne ? std::log1p(x[i]) : std::log(x[i]);
            } else {
                y[i] = std::numeric_limits<double>::quiet_NaN();
                bad += std::isnan(x[i]) ? 0 : 1;
            }
        }
        outside[k] = bad;
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k) {
        const QString &name = m_columns[static_cast<qsizetype>(k)];
        if (outside[k] > 0)
            ctx.log(QStringLiteral("warning: %1: %2 values of '%3' are outside the domain "
                                   "(x <= %4) and became missing")
                        .arg(kind() + (plusOne ? QStringLiteral("1p") : QString()))
                        .arg(outside[k])
                        .arg(name)
                        .arg(bound));
        t = t.withColumn(name, out[k]);
    }
    return t;
}

QJsonObject FittedLog::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("plus_one"), m_spec.plusOne},
                       {QStringLiteral("columns"), stringsToJson(m_columns)}};
}

Result<FittedStepPtr> FittedLog::fromJson(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("log: 'columns' must be an array of names")};
    LogSpec spec;
    spec.plusOne = json.value(QStringLiteral("plus_one")).toBool(false);
    return FittedStepPtr(std::make_shared<const FittedLog>(
        spec, stringsFromJson(json.value(QStringLiteral("columns")))));
}

QString FittedLog::summary() const
{
    return QStringLiteral("%1 of %2")
        .arg(m_spec.plusOne ? QStringLiteral("log(1 + x)") : QStringLiteral("log"),
             m_columns.join(QStringLiteral(", ")));
}

Result<Refitted> FittedLog::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx, [&](const Table &t, JobContext &c) { return fitLog(t, m_spec, c); });
}

} // namespace flowline::core::prep

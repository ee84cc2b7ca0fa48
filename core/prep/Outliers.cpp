#include "Outliers.h"

#include "Quantiles.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/BooleanColumn.h"
#include "table/NumericColumn.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::prep {

namespace {

const char *const kActions[] = {"flag", "clip", "drop"};

} // namespace

std::optional<OutlierAction> outlierActionFromName(const QString &name)
{
    for (int i = 0; i < 3; ++i) {
        if (name == QLatin1String(kActions[i]))
            return static_cast<OutlierAction>(i);
    }
    return std::nullopt;
}

FittedOutliers::FittedOutliers(OutlierSpec spec, QStringList columns, std::vector<double> lows,
                               std::vector<double> highs, std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_lows(std::move(lows))
    , m_highs(std::move(highs))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedOutliers>> fitOutliers(const Table &table,
                                                          const OutlierSpec &spec, JobContext &ctx)
{
    if (!(spec.k >= 0) || !(spec.threshold > 0))
        return Error{QStringLiteral("outliers: k must be >= 0 and the threshold > 0")};
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("outliers"));
    if (!cols)
        return cols.error();
    const std::size_t n = cols->size();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> lows(n, nan), highs(n, nan);
    parallelFor(ctx, static_cast<std::int64_t>(n), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        auto x = observedValues(*table.numeric((*cols)[k]));
        if (x.empty())
            return;
        if (spec.method == OutlierMethod::Iqr) {
            std::sort(x.begin(), x.end());
            const double q1 = sortedQuantile(x, 0.25), q3 = sortedQuantile(x, 0.75);
            lows[k] = q1 - spec.k * (q3 - q1);
            highs[k] = q3 + spec.k * (q3 - q1);
        } else {
            double sum = 0;
            for (double v : x)
                sum += v;
            const double mean = sum / static_cast<double>(x.size());
            double ss = 0;
            for (double v : x)
                ss += (v - mean) * (v - mean);
            const double sd = std::sqrt(ss / static_cast<double>(x.size()));
            lows[k] = mean - spec.threshold * sd;
            highs[k] = mean + spec.threshold * sd;
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    QStringList names;
    for (std::size_t k = 0; k < n; ++k) {
        names << table.columnName((*cols)[k]);
        if (std::isnan(lows[k]))
            return Error{QStringLiteral("outliers: column '%1' has no values to learn fences from")
                             .arg(names.back())};
    }
    return std::make_shared<const FittedOutliers>(spec, names, std::move(lows), std::move(highs),
                                                  table.rowCount());
}

Result<Table> FittedOutliers::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(cols->size());
    std::vector<std::vector<char>> outlier(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &x = in.numeric((*cols)[k])->values();
        const double lo = m_lows[k], hi = m_highs[k];
        if (m_spec.action == OutlierAction::Clip) {
            std::vector<double> y(x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                y[i] = std::isnan(x[i]) ? x[i] : std::clamp(x[i], lo, hi);
            out[k] = std::make_shared<NumericColumn>(std::move(y));
        } else if (m_spec.action == OutlierAction::Flag) {
            std::vector<std::int8_t> flag(x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                flag[i] = std::isnan(x[i]) ? BooleanColumn::kMissing : (x[i] < lo || x[i] > hi);
            out[k] = std::make_shared<BooleanColumn>(std::move(flag));
        } else {
            outlier[k].resize(x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                outlier[k][i] = x[i] < lo || x[i] > hi;
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    if (m_spec.action == OutlierAction::Drop) {
        std::vector<std::int64_t> keep;
        for (std::int64_t r = 0; r < in.rowCount(); ++r) {
            const bool any = std::any_of(outlier.begin(), outlier.end(), [r](const auto &o) {
                return o[static_cast<std::size_t>(r)] != 0;
            });
            if (!any)
                keep.push_back(r);
        }
        ctx.log(QStringLiteral("outliers: dropped %1 of %2 rows")
                    .arg(in.rowCount() - static_cast<std::int64_t>(keep.size()))
                    .arg(in.rowCount()));
        return in.take(keep);
    }
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k) {
        const QString &name = m_columns[static_cast<qsizetype>(k)];
        t = t.withColumn(m_spec.action == OutlierAction::Flag ? name + QStringLiteral("_outlier")
                                                              : name,
                         out[k]);
    }
    return t;
}

QJsonObject FittedOutliers::toJson() const
{
    return QJsonObject{
        {QStringLiteral("kind"), kind()},
        {QStringLiteral("method"),
         m_spec.method == OutlierMethod::Iqr ? QStringLiteral("iqr") : QStringLiteral("zscore")},
        {QStringLiteral("k"), m_spec.k},
        {QStringLiteral("threshold"), m_spec.threshold},
        {QStringLiteral("action"), QString::fromLatin1(kActions[int(m_spec.action)])},
        {QStringLiteral("columns"), stringsToJson(m_columns)},
        {QStringLiteral("lows"), numbersToJson(m_lows)},
        {QStringLiteral("highs"), numbersToJson(m_highs)},
        {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedOutliers::fromJson(const QJsonObject &json)
{
    OutlierSpec spec;
    spec.method = json.value(QStringLiteral("method")).toString() == QLatin1String("zscore")
                      ? OutlierMethod::ZScore
                      : OutlierMethod::Iqr;
    spec.k = json.value(QStringLiteral("k")).toDouble(1.5);
    spec.threshold = json.value(QStringLiteral("threshold")).toDouble(3.0);
    const auto action = outlierActionFromName(json.value(QStringLiteral("action")).toString());
    if (!action || *action == OutlierAction::Drop)
        return Error{QStringLiteral("outliers: 'action' must be flag or clip (drop is a row step "
                                    "and never part of a recipe)")};
    spec.action = *action;
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    auto lows = numbersFromJson(json.value(QStringLiteral("lows")), QStringLiteral("lows"));
    if (!lows)
        return lows.error();
    auto highs = numbersFromJson(json.value(QStringLiteral("highs")), QStringLiteral("highs"));
    if (!highs)
        return highs.error();
    if (lows->size() != static_cast<std::size_t>(columns.size()) || highs->size() != lows->size())
        return Error{QStringLiteral("outliers: one low and one high fence per column needed")};
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedOutliers>(spec, columns, std::move(*lows),
                                                                std::move(*highs), *rows));
}

QString FittedOutliers::summary() const
{
    return QStringLiteral("%1 outliers of %2 (%3; learned on %4 rows)")
        .arg(QString::fromLatin1(kActions[int(m_spec.action)]),
             m_columns.join(QStringLiteral(", ")),
             m_spec.method == OutlierMethod::Iqr
                 ? QStringLiteral("outside Q1/Q3 -/+ %1 IQR").arg(m_spec.k)
                 : QStringLiteral("|z| > %1").arg(m_spec.threshold))
        .arg(m_rows);
}

Result<Refitted> FittedOutliers::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitOutliers(t, m_spec, c); });
}

} // namespace flowline::core::prep

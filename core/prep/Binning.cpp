#include "Binning.h"

#include "Quantiles.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace flowline::core::prep {

namespace {

std::vector<double> learnEdges(std::vector<double> x, int bins, BinStrategy strategy)
{
    std::sort(x.begin(), x.end());
    std::vector<double> edges;
    const double lo = x.front(), hi = x.back();
    if (lo == hi) // a constant column: one bin
        return {lo, hi};
    for (int i = 0; i <= bins; ++i) {
        if (strategy == BinStrategy::Uniform)
            edges.push_back(i == bins ? hi : lo + (hi - lo) / bins * i);
        else
            edges.push_back(sortedQuantile(x, static_cast<double>(i) / bins));
    }
    if (strategy == BinStrategy::Quantile) { // drop edges (almost) equal to the previous one
        std::vector<double> kept{edges.front()};
        for (std::size_t i = 1; i < edges.size(); ++i) {
            if (edges[i] - edges[i - 1] > 1e-8)
                kept.push_back(edges[i]);
        }
        edges = std::move(kept);
    }
    return edges;
}

// "[a, b)" per bin ("[a, b]" for the last), with 6 significant digits, or 17 when 6 would make
// two labels equal.
std::shared_ptr<CategoricalColumn::Dictionary> intervalLabels(const std::vector<double> &edges)
{
    for (int digits : {6, 17}) {
        auto dict = std::make_shared<CategoricalColumn::Dictionary>();
        for (std::size_t b = 0; b + 1 < edges.size(); ++b)
            dict->push_back(
                QStringLiteral("[%1, %2%3")
                    .arg(QString::number(edges[b], 'g', digits),
                         QString::number(edges[b + 1], 'g', digits),
                         b + 2 == edges.size() ? QStringLiteral("]") : QStringLiteral(")"))
                    .toStdString());
        auto sorted = *dict;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() || digits == 17)
            return dict;
    }
    return {};
}

} // namespace

FittedBin::FittedBin(BinSpec spec, QStringList columns, std::vector<std::vector<double>> edges,
                     std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_edges(std::move(edges))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedBin>> fitBin(const Table &table, const BinSpec &spec,
                                                JobContext &ctx)
{
    if (spec.bins < 2)
        return Error{QStringLiteral("bin: needs at least 2 bins (got %1)").arg(spec.bins)};
    auto cols = resolveColumns(table, spec.columns, {ColumnKind::Numeric}, QStringLiteral("bin"));
    if (!cols)
        return cols.error();
    QStringList names;
    for (int i : *cols) {
        names << table.columnName(i);
        if (table.column(i)->missingCount() == table.rowCount())
            return Error{QStringLiteral("bin: column '%1' has no values to learn bin edges from")
                             .arg(table.columnName(i))};
    }
    std::vector<std::vector<double>> edges(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        edges[k] = learnEdges(observedValues(*table.numeric((*cols)[k])), spec.bins, spec.strategy);
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    for (std::size_t k = 0; k < edges.size(); ++k) {
        if (edges[k].size() < static_cast<std::size_t>(spec.bins) + 1)
            ctx.log(QStringLiteral("bin: column '%1' gets %2 bins, not %3 (repeated values)")
                        .arg(names[qsizetype(k)])
                        .arg(edges[k].size() - 1)
                        .arg(spec.bins));
    }
    return std::make_shared<const FittedBin>(spec, names, std::move(edges), table.rowCount());
}

Result<Table> FittedBin::apply(const Table &in, JobContext &ctx) const
{
    auto cols = requireColumns(in, m_columns, {ColumnKind::Numeric}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &edges = m_edges[k];
        const auto bins = static_cast<std::int32_t>(edges.size() - 1);
        const auto &x = in.numeric((*cols)[k])->values();
        std::vector<std::int32_t> code(x.size(), -1);
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (std::isnan(x[i]))
                continue;
            // The number of inner edges at or below the value.
            const auto above = std::upper_bound(edges.begin() + 1, edges.end() - 1, x[i]);
            code[i] = std::min(static_cast<std::int32_t>(above - edges.begin() - 1), bins - 1);
        }
        if (m_spec.intervals) {
            out[k] = std::make_shared<CategoricalColumn>(std::move(code), intervalLabels(edges));
        } else {
            std::vector<double> y(x.size());
            for (std::size_t i = 0; i < x.size(); ++i)
                y[i] = code[i] < 0 ? std::nan("") : static_cast<double>(code[i]);
            out[k] = std::make_shared<NumericColumn>(std::move(y));
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[static_cast<qsizetype>(k)], out[k]);
    return t;
}

QJsonObject FittedBin::toJson() const
{
    QJsonArray edges;
    for (const auto &e : m_edges)
        edges.append(numbersToJson(e));
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("bins"), m_spec.bins},
                       {QStringLiteral("strategy"), m_spec.strategy == BinStrategy::Uniform
                                                        ? QStringLiteral("uniform")
                                                        : QStringLiteral("quantile")},
                       {QStringLiteral("intervals"), m_spec.intervals},
                       {QStringLiteral("columns"), stringsToJson(m_columns)},
                       {QStringLiteral("edges"), edges},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedBin::fromJson(const QJsonObject &json)
{
    BinSpec spec;
    spec.bins = json.value(QStringLiteral("bins")).toInt(5);
    spec.strategy = json.value(QStringLiteral("strategy")).toString() == QLatin1String("uniform")
                        ? BinStrategy::Uniform
                        : BinStrategy::Quantile;
    spec.intervals = json.value(QStringLiteral("intervals")).toBool(false);
    const QStringList columns = stringsFromJson(json.value(QStringLiteral("columns")));
    const QJsonArray array = json.value(QStringLiteral("edges")).toArray();
    if (array.size() != columns.size())
        return Error{QStringLiteral("bin: one list of 'edges' per column needed")};
    std::vector<std::vector<double>> edges;
    for (qsizetype k = 0; k < array.size(); ++k) {
        auto e = numbersFromJson(array[k], QStringLiteral("edges"));
        if (!e)
            return e.error();
        if (e->size() < 2 || !std::is_sorted(e->begin(), e->end()) ||
            std::any_of(e->begin(), e->end(), [](double v) { return std::isnan(v); }))
            return Error{
                QStringLiteral("bin: the 'edges' of column '%1' must ascend").arg(columns[k])};
        edges.push_back(std::move(*e));
    }
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedBin>(spec, columns, std::move(edges), *rows));
}

QString FittedBin::summary() const
{
    return QStringLiteral("bin %1 into %2 %3 bins (learned on %4 rows)")
        .arg(m_columns.join(QStringLiteral(", ")))
        .arg(m_spec.bins)
        .arg(m_spec.strategy == BinStrategy::Uniform ? QStringLiteral("equal-width")
                                                     : QStringLiteral("equal-frequency"))
        .arg(m_rows);
}

Result<Refitted> FittedBin::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx, [&](const Table &t, JobContext &c) { return fitBin(t, m_spec, c); });
}

} // namespace flowline::core::prep

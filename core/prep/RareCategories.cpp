#include "RareCategories.h"

#include "Categories.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace flowline::core::prep {

FittedRareCategories::FittedRareCategories(RareCategoriesSpec spec, std::vector<Grouped> columns,
                                           std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedRareCategories>>
fitRareCategories(const Table &table, const RareCategoriesSpec &spec, JobContext &ctx)
{
    if (!(spec.minShare >= 0.0 && spec.minShare <= 1.0))
        return Error{QStringLiteral("rare_categories: the minimum share must be between 0 and 1, "
                                    "not %1")
                         .arg(spec.minShare)};
    if (spec.minCount < 0)
        return Error{QStringLiteral("rare_categories: the minimum count must be 0 or more, not %1")
                         .arg(spec.minCount)};
    if (spec.other.isEmpty())
        return Error{QStringLiteral("rare_categories: the name of the other category is empty")};
    auto cols = resolveColumns(table, spec.columns, {ColumnKind::Categorical},
                               QStringLiteral("rare_categories"));
    if (!cols)
        return cols.error();
    std::vector<FittedRareCategories::Grouped> grouped(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const int index = (*cols)[k];
        const auto seen = seenCategories(CategoryView(*table.column(index)));
        std::int64_t total = 0;
        for (const auto &s : seen)
            total += s.second;
        grouped[k].column = table.columnName(index);
        for (const auto &[name, count] : seen) {
            const double share = static_cast<double>(count) / static_cast<double>(total);
            if (count >= spec.minCount && share >= spec.minShare)
                grouped[k].kept.push_back(name);
        }
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    return std::make_shared<const FittedRareCategories>(spec, std::move(grouped), table.rowCount());
}

Result<Table> FittedRareCategories::apply(const Table &in, JobContext &ctx) const
{
    QStringList wanted;
    for (const auto &g : m_columns)
        wanted << g.column;
    auto cols = requireColumns(in, wanted, {ColumnKind::Categorical}, kind());
    if (!cols)
        return cols.error();
    const std::string other = m_spec.other.toStdString();
    std::vector<ColumnPtr> out(m_columns.size());
    parallelFor(ctx, static_cast<std::int64_t>(m_columns.size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const auto &col = static_cast<const CategoricalColumn &>(*in.column((*cols)[k]));
        auto dictionary = std::make_shared<CategoricalColumn::Dictionary>(m_columns[k].kept);
        const auto found = std::find(dictionary->begin(), dictionary->end(), other);
        const auto otherCode = static_cast<std::int32_t>(found - dictionary->begin());
        if (found == dictionary->end())
            dictionary->push_back(other);
        auto target = mapDictionary(col.dictionary(), m_columns[k].kept);
        for (auto &t : target)
            t = t < 0 ? otherCode : t;
        std::vector<std::int32_t> codes(col.codes().size());
        for (std::size_t r = 0; r < codes.size(); ++r) {
            const auto code = col.codes()[r];
            codes[r] =
                code < 0 ? CategoricalColumn::kMissing : target[static_cast<std::size_t>(code)];
        }
        out[k] = std::make_shared<CategoricalColumn>(std::move(codes), std::move(dictionary));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k)
        t = t.withColumn(m_columns[k].column, out[k]);
    return t;
}

QJsonObject FittedRareCategories::toJson() const
{
    QJsonArray columns;
    for (const auto &g : m_columns)
        columns.append(QJsonObject{{QStringLiteral("name"), g.column},
                                   {QStringLiteral("kept"), categoriesToJson(g.kept)}});
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("min_share"), m_spec.minShare},
                       {QStringLiteral("min_count"), static_cast<qint64>(m_spec.minCount)},
                       {QStringLiteral("other"), m_spec.other},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedRareCategories::fromJson(const QJsonObject &json)
{
    RareCategoriesSpec spec;
    spec.minShare = json.value(QStringLiteral("min_share")).toDouble();
    auto minCount = countFromJson(json, QStringLiteral("min_count"));
    if (!minCount)
        return minCount.error();
    spec.minCount = *minCount;
    spec.other = json.value(QStringLiteral("other")).toString();
    if (spec.other.isEmpty())
        return Error{QStringLiteral("rare_categories: 'other' must be a non-empty name")};
    if (!json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("rare_categories: 'columns' must be an array")};
    std::vector<Grouped> columns;
    for (const QJsonValue &v : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = v.toObject();
        Grouped g{o.value(QStringLiteral("name")).toString(),
                  categoriesFromJson(o.value(QStringLiteral("kept")))};
        if (g.column.isEmpty() || !o.value(QStringLiteral("kept")).isArray())
            return Error{QStringLiteral("rare_categories: each column needs a 'name' and 'kept'")};
        columns.push_back(std::move(g));
    }
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(
        std::make_shared<const FittedRareCategories>(spec, std::move(columns), *rows));
}

QString FittedRareCategories::summary() const
{
    QStringList parts;
    for (const auto &g : m_columns)
        parts << QStringLiteral("%1 (keeps %2)").arg(g.column).arg(g.kept.size());
    return QStringLiteral("group rare categories of %1 into '%2' (learned on %3 rows)")
        .arg(parts.join(QStringLiteral(", ")), m_spec.other)
        .arg(m_rows);
}

Result<Refitted> FittedRareCategories::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(
        in, ctx, [&](const Table &t, JobContext &c) { return fitRareCategories(t, m_spec, c); });
}

} // namespace flowline::core::prep

#include "OneHot.h"

#include "Categories.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <QJsonArray>

#include <algorithm>
#include <numeric>

namespace flowline::core::prep {

namespace {

const QString kStep = QStringLiteral("one_hot");

QString unseenName(OneHotUnseen u)
{
    return u == OneHotUnseen::Other ? QStringLiteral("other") : QStringLiteral("all_zero");
}
QString missingName(OneHotMissing m)
{
    return m == OneHotMissing::OwnColumn ? QStringLiteral("own_column")
                                         : QStringLiteral("all_zero");
}

} // namespace

FittedOneHot::FittedOneHot(OneHotSpec spec, std::vector<Encoded> columns, std::int64_t rows)
    : m_spec(std::move(spec))
    , m_columns(std::move(columns))
    , m_rows(rows)
{}

Result<std::shared_ptr<const FittedOneHot>> fitOneHot(const Table &table, const OneHotSpec &spec,
                                                      JobContext &ctx)
{
    if (spec.maxCategories < 0)
        return Error{QStringLiteral("one_hot: the maximum number of categories must be 0 (no "
                                    "limit) or more, not %1")
                         .arg(spec.maxCategories)};
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Categorical, ColumnKind::Boolean}, kStep);
    if (!cols)
        return cols.error();
    std::vector<FittedOneHot::Encoded> encoded(cols->size());
    parallelFor(ctx, static_cast<std::int64_t>(cols->size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const int index = (*cols)[k];
        const auto seen = seenCategories(CategoryView(*table.column(index)));
        auto &e = encoded[k];
        e.column = table.columnName(index);
        const auto limit = static_cast<std::size_t>(spec.maxCategories);
        if (spec.maxCategories == 0 || seen.size() <= limit) {
            for (const auto &s : seen)
                e.categories.push_back(s.first);
            return;
        }
        // The most frequent first; on equal counts the one that sorts later (scikit-learn's
        // stable ascending sort by count marks the earlier ones infrequent first).
        std::vector<std::size_t> order(seen.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return seen[a].second > seen[b].second || (seen[a].second == seen[b].second && a > b);
        });
        std::vector<bool> kept(seen.size(), false);
        for (std::size_t i = 0; i < limit; ++i)
            kept[order[i]] = true;
        for (std::size_t i = 0; i < seen.size(); ++i)
            (kept[i] ? e.categories : e.grouped).push_back(seen[i].first);
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    return std::make_shared<const FittedOneHot>(spec, std::move(encoded), table.rowCount());
}

QStringList FittedOneHot::outputNames(const Encoded &e) const
{
    QStringList names;
    for (const auto &c : e.categories)
        names << e.column + QLatin1Char('=') + categoryText(c);
    if (hasOther(e))
        names << e.column + QStringLiteral("=(other)");
    if (m_spec.missing == OneHotMissing::OwnColumn)
        names << e.column + QStringLiteral("=(missing)");
    return names;
}

Result<Table> FittedOneHot::apply(const Table &in, JobContext &ctx) const
{
    QStringList wanted;
    for (const auto &e : m_columns)
        wanted << e.column;
    auto cols = requireColumns(in, wanted, {ColumnKind::Categorical, ColumnKind::Boolean}, kind());
    if (!cols)
        return cols.error();
    std::vector<std::pair<int, NewColumns>> replaced(m_columns.size());
    parallelFor(ctx, static_cast<std::int64_t>(m_columns.size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const Encoded &e = m_columns[k];
        const CategoryView view(*in.column((*cols)[k]));
        const QStringList names = outputNames(e);
        const auto nCat = static_cast<std::int32_t>(e.categories.size());
        const std::int32_t other = hasOther(e) ? nCat : -1;
        const std::int32_t missing = m_spec.missing == OneHotMissing::OwnColumn
                                         ? static_cast<std::int32_t>(names.size()) - 1
                                         : -1;
        // Output column of each code of the input's dictionary (-1: none, a row of zeros).
        auto target = mapDictionary(view.dictionary(), e.categories);
        const auto grouped = mapDictionary(view.dictionary(), e.grouped);
        for (std::size_t d = 0; d < target.size(); ++d) {
            if (target[d] < 0 && (grouped[d] >= 0 || m_spec.unseen == OneHotUnseen::Other))
                target[d] = other;
        }
        std::vector<std::vector<double>> out(
            static_cast<std::size_t>(names.size()),
            std::vector<double>(static_cast<std::size_t>(view.size()), 0.0));
        for (std::int64_t r = 0; r < view.size(); ++r) {
            const auto code = view.code(r);
            const std::int32_t j = code < 0 ? missing : target[static_cast<std::size_t>(code)];
            if (j >= 0)
                out[static_cast<std::size_t>(j)][static_cast<std::size_t>(r)] = 1.0;
        }
        NewColumns news;
        for (std::size_t j = 0; j < out.size(); ++j)
            news.emplace_back(names[static_cast<qsizetype>(j)],
                              std::make_shared<NumericColumn>(std::move(out[j])));
        replaced[k] = {(*cols)[k], std::move(news)};
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    return replaceColumns(in, replaced, kind());
}

QJsonObject FittedOneHot::toJson() const
{
    QJsonArray columns;
    for (const auto &e : m_columns)
        columns.append(QJsonObject{{QStringLiteral("name"), e.column},
                                   {QStringLiteral("categories"), categoriesToJson(e.categories)},
                                   {QStringLiteral("grouped"), categoriesToJson(e.grouped)}});
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("max_categories"), m_spec.maxCategories},
                       {QStringLiteral("unseen"), unseenName(m_spec.unseen)},
                       {QStringLiteral("missing"), missingName(m_spec.missing)},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedOneHot::fromJson(const QJsonObject &json)
{
    OneHotSpec spec;
    spec.maxCategories = json.value(QStringLiteral("max_categories")).toInt();
    const QString unseen = json.value(QStringLiteral("unseen")).toString();
    const QString missing = json.value(QStringLiteral("missing")).toString();
    if (unseen != unseenName(OneHotUnseen::AllZero) && unseen != unseenName(OneHotUnseen::Other))
        return Error{QStringLiteral("one_hot: 'unseen' must be all_zero or other")};
    if (missing != missingName(OneHotMissing::AllZero) &&
        missing != missingName(OneHotMissing::OwnColumn))
        return Error{QStringLiteral("one_hot: 'missing' must be all_zero or own_column")};
    spec.unseen =
        unseen == unseenName(OneHotUnseen::Other) ? OneHotUnseen::Other : OneHotUnseen::AllZero;
    spec.missing = missing == missingName(OneHotMissing::OwnColumn) ? OneHotMissing::OwnColumn
                                                                    : OneHotMissing::AllZero;
    const QJsonValue columnsValue = json.value(QStringLiteral("columns"));
    if (!columnsValue.isArray())
        return Error{QStringLiteral("one_hot: 'columns' must be an array")};
    std::vector<FittedOneHot::Encoded> columns;
    for (const QJsonValue &v : columnsValue.toArray()) {
        const QJsonObject o = v.toObject();
        FittedOneHot::Encoded e;
        e.column = o.value(QStringLiteral("name")).toString();
        if (e.column.isEmpty() || !o.value(QStringLiteral("categories")).isArray())
            return Error{QStringLiteral("one_hot: each column needs a 'name' and 'categories'")};
        e.categories = categoriesFromJson(o.value(QStringLiteral("categories")));
        e.grouped = categoriesFromJson(o.value(QStringLiteral("grouped")));
        columns.push_back(std::move(e));
    }
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(std::make_shared<const FittedOneHot>(spec, std::move(columns), *rows));
}

QString FittedOneHot::summary() const
{
    QStringList parts;
    for (const auto &e : m_columns)
        parts << QStringLiteral("%1 (%2 columns)").arg(e.column).arg(outputNames(e).size());
    return QStringLiteral("one-hot encode %1 (learned on %2 rows)")
        .arg(parts.join(QStringLiteral(", ")))
        .arg(m_rows);
}

Result<Refitted> FittedOneHot::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitOneHot(t, m_spec, c); });
}

} // namespace flowline::core::prep

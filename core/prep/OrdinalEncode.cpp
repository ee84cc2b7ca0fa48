#include "OrdinalEncode.h"

#include "Categories.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"

#include <QJsonArray>
#include <QSet>

#include <limits>

namespace flowline::core::prep {

namespace {

const QString kStep = QStringLiteral("ordinal");

// Row and value of the first row whose category is not in `categories`, or row -1.
std::pair<std::int64_t, QString> firstUnknown(const CategoryView &view,
                                              const std::vector<std::int32_t> &target)
{
    for (std::int64_t r = 0; r < view.size(); ++r) {
        const auto code = view.code(r);
        if (code >= 0 && target[static_cast<std::size_t>(code)] < 0)
            return {r, categoryText(view.dictionary()[static_cast<std::size_t>(code)])};
    }
    return {-1, QString()};
}

} // namespace

FittedOrdinal::FittedOrdinal(OrdinalUnseen unseen, std::vector<Encoded> columns, std::int64_t rows,
                             OrdinalSpec spec)
    : m_unseen(unseen)
    , m_columns(std::move(columns))
    , m_rows(rows)
    , m_spec(std::move(spec))
{}

Result<std::shared_ptr<const FittedOrdinal>> fitOrdinal(const Table &table, const OrdinalSpec &spec,
                                                        JobContext &)
{
    auto cols =
        resolveColumns(table, spec.columns, {ColumnKind::Categorical, ColumnKind::Boolean}, kStep);
    if (!cols)
        return cols.error();
    std::vector<FittedOrdinal::Encoded> encoded;
    for (auto it = spec.orders.begin(); it != spec.orders.end(); ++it) {
        bool listed = false;
        for (int i : *cols)
            listed = listed || table.columnName(i) == it.key();
        if (!listed)
            return Error{QStringLiteral("ordinal: an order is given for '%1', which is not one "
                                        "of the columns to encode")
                             .arg(it.key())};
    }
    for (int index : *cols) {
        FittedOrdinal::Encoded e;
        e.column = table.columnName(index);
        const CategoryView view(*table.column(index));
        const auto given = spec.orders.find(e.column);
        if (given == spec.orders.end()) {
            for (const auto &s : seenCategories(view))
                e.categories.push_back(s.first);
        } else {
            QSet<QString> unique;
            for (const QString &c : *given) {
                if (unique.contains(c))
                    return Error{QStringLiteral("ordinal: the order of '%1' lists '%2' twice")
                                     .arg(e.column, c)};
                unique.insert(c);
                e.categories.push_back(c.toStdString());
            }
            if (e.categories.empty())
                return Error{QStringLiteral("ordinal: the order of '%1' is empty").arg(e.column)};
            if (spec.unseen == OrdinalUnseen::Error) {
                const auto [row, value] =
                    firstUnknown(view, mapDictionary(view.dictionary(), e.categories));
                if (row >= 0)
                    return Error{QStringLiteral("ordinal: column '%1' row %2 has '%3', which is "
                                                "not in the order given")
                                     .arg(e.column)
                                     .arg(row + 1)
                                     .arg(value)};
            }
        }
        encoded.push_back(std::move(e));
    }
    return std::make_shared<const FittedOrdinal>(spec.unseen, std::move(encoded), table.rowCount(),
                                                 spec);
}

Result<Table> FittedOrdinal::apply(const Table &in, JobContext &ctx) const
{
    QStringList wanted;
    for (const auto &e : m_columns)
        wanted << e.column;
    auto cols = requireColumns(in, wanted, {ColumnKind::Categorical, ColumnKind::Boolean}, kind());
    if (!cols)
        return cols.error();
    std::vector<ColumnPtr> out(m_columns.size());
    std::vector<QString> errors(m_columns.size());
    parallelFor(ctx, static_cast<std::int64_t>(m_columns.size()), [&](std::int64_t c) {
        const auto k = static_cast<std::size_t>(c);
        const CategoryView view(*in.column((*cols)[k]));
        const auto target = mapDictionary(view.dictionary(), m_columns[k].categories);
        if (m_unseen == OrdinalUnseen::Error) {
            const auto [row, value] = firstUnknown(view, target);
            if (row >= 0) {
                errors[k] = QStringLiteral("ordinal: column '%1' row %2 has '%3', a category "
                                           "not seen when fitting")
                                .arg(m_columns[k].column)
                                .arg(row + 1)
                                .arg(value);
                return;
            }
        }
        std::vector<double> y(static_cast<std::size_t>(view.size()),
                              std::numeric_limits<double>::quiet_NaN());
        for (std::int64_t r = 0; r < view.size(); ++r) {
            const auto code = view.code(r);
            if (code >= 0 && target[static_cast<std::size_t>(code)] >= 0)
                y[static_cast<std::size_t>(r)] = target[static_cast<std::size_t>(code)];
        }
        out[k] = std::make_shared<NumericColumn>(std::move(y));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Table t = in;
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (!errors[k].isEmpty())
            return Error{errors[k]};
        t = t.withColumn(m_columns[k].column, out[k]);
    }
    return t;
}

QJsonObject FittedOrdinal::toJson() const
{
    QJsonArray columns;
    for (const auto &e : m_columns)
        columns.append(QJsonObject{{QStringLiteral("name"), e.column},
                                   {QStringLiteral("categories"), categoriesToJson(e.categories)}});
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("unseen"), m_unseen == OrdinalUnseen::Error
                                                      ? QStringLiteral("error")
                                                      : QStringLiteral("missing")},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("rows"), static_cast<qint64>(m_rows)}};
}

Result<FittedStepPtr> FittedOrdinal::fromJson(const QJsonObject &json)
{
    const QString unseen = json.value(QStringLiteral("unseen")).toString();
    if (unseen != QStringLiteral("error") && unseen != QStringLiteral("missing"))
        return Error{QStringLiteral("ordinal: 'unseen' must be missing or error")};
    if (!json.value(QStringLiteral("columns")).isArray())
        return Error{QStringLiteral("ordinal: 'columns' must be an array")};
    std::vector<Encoded> columns;
    for (const QJsonValue &v : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = v.toObject();
        Encoded e{o.value(QStringLiteral("name")).toString(),
                  categoriesFromJson(o.value(QStringLiteral("categories")))};
        if (e.column.isEmpty() || !o.value(QStringLiteral("categories")).isArray())
            return Error{QStringLiteral("ordinal: each column needs a 'name' and 'categories'")};
        columns.push_back(std::move(e));
    }
    OrdinalSpec spec;
    spec.unseen = unseen == QStringLiteral("error") ? OrdinalUnseen::Error : OrdinalUnseen::Missing;
    for (const Encoded &e : columns)
        spec.columns << e.column;
    auto rows = countFromJson(json, QStringLiteral("rows"));
    if (!rows)
        return rows.error();
    return FittedStepPtr(
        std::make_shared<const FittedOrdinal>(spec.unseen, std::move(columns), *rows, spec));
}

QString FittedOrdinal::summary() const
{
    QStringList parts;
    for (const auto &e : m_columns) {
        QStringList cats;
        for (const auto &c : e.categories)
            cats << categoryText(c);
        parts << QStringLiteral("%1 (%2)").arg(e.column, cats.join(QStringLiteral(" < ")));
    }
    return QStringLiteral("ordinal-encode %1 (learned on %2 rows)")
        .arg(parts.join(QStringLiteral(", ")))
        .arg(m_rows);
}

Result<Refitted> FittedOrdinal::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitOrdinal(t, m_spec, c); });
}

} // namespace flowline::core::prep

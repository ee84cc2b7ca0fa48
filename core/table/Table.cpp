#include "Table.h"

#include "NumericColumn.h"
#include "prep/Recipe.h"

#include <QSet>

#include <algorithm>
#include <stdexcept>

namespace flowline::core {

struct Table::Origin
{
    Table source;                   // without an origin of its own
    std::vector<std::int64_t> rows; // source rows, one per row; empty with `all`
    bool all = false;               // every source row, in order
};

Table::Table(QStringList names, std::vector<ColumnPtr> columns)
    : m_names(std::move(names))
    , m_columns(std::move(columns))
{
    if (m_names.size() != static_cast<qsizetype>(m_columns.size()))
        throw std::invalid_argument("Table: one name per column is needed");
    QSet<QString> seen;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (!m_columns[i])
            throw std::invalid_argument("Table: null column");
        const auto &name = m_names[static_cast<qsizetype>(i)];
        if (seen.contains(name))
            throw std::invalid_argument("Table: duplicate column name '" + name.toStdString() +
                                        "'");
        seen.insert(name);
        if (i == 0)
            m_rows = m_columns[i]->size();
        else if (m_columns[i]->size() != m_rows)
            throw std::invalid_argument("Table: columns differ in length");
    }
}

const NumericColumn *Table::numeric(int index) const
{
    return column(index)->kind() == ColumnKind::Numeric
               ? static_cast<const NumericColumn *>(column(index).get())
               : nullptr;
}

Table Table::select(const std::vector<int> &indices) const
{
    QStringList names;
    std::vector<ColumnPtr> cols;
    for (int i : indices) {
        if (i < 0 || i >= columnCount())
            throw std::invalid_argument("Table::select: column index out of range");
        names << m_names[i];
        cols.push_back(m_columns[static_cast<std::size_t>(i)]);
    }
    Table t(std::move(names), std::move(cols));
    if (t.isEmpty())
        t.m_rows = m_rows;
    return t.carrying(*this, indices);
}

Table Table::select(const QStringList &names) const
{
    std::vector<int> indices;
    for (const auto &name : names) {
        const int i = indexOf(name);
        if (i < 0)
            throw std::invalid_argument("Table::select: no column '" + name.toStdString() + "'");
        indices.push_back(i);
    }
    return select(indices);
}

Table Table::renamed(int index, const QString &newName) const
{
    QStringList names = m_names;
    names[index] = newName;
    Table t(std::move(names), m_columns);
    t.m_roles = m_roles;
    t.m_recipe = m_recipe;
    t.m_origin = m_origin;
    return t;
}

Table Table::slice(std::int64_t offset, std::int64_t count) const
{
    offset = std::clamp<std::int64_t>(offset, 0, m_rows);
    count = std::clamp<std::int64_t>(count, 0, m_rows - offset);
    std::vector<ColumnPtr> cols;
    cols.reserve(m_columns.size());
    for (const auto &c : m_columns)
        cols.push_back(c->slice(offset, count));
    Table t(m_names, std::move(cols));
    t.m_rows = count;
    t.m_roles = m_roles;
    t.m_recipe = m_recipe;
    if (m_origin) {
        auto o = std::make_shared<Origin>();
        o->source = m_origin->source;
        o->rows.reserve(static_cast<std::size_t>(count));
        for (std::int64_t r = offset; r < offset + count; ++r)
            o->rows.push_back(m_origin->all ? r : m_origin->rows[static_cast<std::size_t>(r)]);
        t.m_origin = std::move(o);
    }
    return t;
}

Table Table::take(std::span<const std::int64_t> rows) const
{
    for (auto r : rows) {
        if (r < 0 || r >= m_rows)
            throw std::invalid_argument("Table::take: row index out of range");
    }
    std::vector<ColumnPtr> cols;
    cols.reserve(m_columns.size());
    for (const auto &c : m_columns)
        cols.push_back(c->take(rows));
    Table t(m_names, std::move(cols));
    t.m_rows = static_cast<std::int64_t>(rows.size());
    t.m_roles = m_roles;
    t.m_recipe = m_recipe;
    if (m_origin) {
        auto o = std::make_shared<Origin>();
        o->source = m_origin->source;
        o->rows.reserve(rows.size());
        for (auto r : rows)
            o->rows.push_back(m_origin->all ? r : m_origin->rows[static_cast<std::size_t>(r)]);
        t.m_origin = std::move(o);
    }
    return t;
}

Table Table::withColumn(const QString &name, ColumnPtr column) const
{
    QStringList names = m_names;
    std::vector<ColumnPtr> cols = m_columns;
    const int i = indexOf(name);
    std::vector<int> source(cols.size());
    for (std::size_t c = 0; c < source.size(); ++c)
        source[c] = static_cast<int>(c);
    if (i >= 0) {
        cols[static_cast<std::size_t>(i)] = std::move(column);
    } else {
        names << name;
        cols.push_back(std::move(column));
        source.push_back(-1);
    }
    // A column from outside a recipe step: the recipe's source no longer explains the rows.
    return Table(std::move(names), std::move(cols)).carrying(*this, source).withoutOrigin();
}

Table Table::carrying(const Table &from, const std::vector<int> &sourceOfColumn) const
{
    Table t = *this;
    t.m_recipe = from.m_recipe;
    t.m_origin = from.m_origin;
    t.m_roles.clear();
    if (!from.m_roles.empty()) {
        t.m_roles.reserve(sourceOfColumn.size());
        for (int s : sourceOfColumn)
            t.m_roles.push_back(s >= 0 ? from.role(s) : ColumnRole::Feature);
    }
    return t;
}

ColumnRole Table::role(int index) const
{
    return m_roles.empty() ? ColumnRole::Feature : m_roles[static_cast<std::size_t>(index)];
}

Table Table::withRole(int index, ColumnRole role) const
{
    if (index < 0 || index >= columnCount())
        throw std::invalid_argument("Table::withRole: column index out of range");
    Table t = *this;
    if (t.m_roles.empty())
        t.m_roles.assign(m_columns.size(), ColumnRole::Feature);
    t.m_roles[static_cast<std::size_t>(index)] = role;
    return t;
}

std::vector<int> Table::columnsWithRole(ColumnRole role) const
{
    std::vector<int> out;
    for (int i = 0; i < columnCount(); ++i) {
        if (this->role(i) == role)
            out.push_back(i);
    }
    return out;
}

Table Table::withRecipe(std::shared_ptr<const prep::Recipe> recipe) const
{
    Table t = *this;
    t.m_recipe = std::move(recipe);
    return t;
}

std::optional<Table> Table::recipeInput() const
{
    if (!m_origin)
        return std::nullopt;
    if (m_origin->all)
        return m_origin->source;
    return m_origin->source.take(m_origin->rows);
}

Table Table::withOriginOf(const Table &in) const
{
    if (in.rowCount() != m_rows)
        throw std::invalid_argument("Table::withOriginOf: row counts differ");
    Table t = *this;
    const bool prepared = in.m_recipe && !in.m_recipe->isEmpty();
    if (prepared) {
        t.m_origin = in.m_origin;
    } else {
        auto o = std::make_shared<Origin>();
        o->source = in.withoutOrigin();
        o->all = true;
        t.m_origin = std::move(o);
    }
    return t;
}

Table Table::withoutOrigin() const
{
    Table t = *this;
    t.m_origin.reset();
    return t;
}

QString roleName(ColumnRole role)
{
    switch (role) {
    case ColumnRole::Feature:
        return QStringLiteral("feature");
    case ColumnRole::Target:
        return QStringLiteral("target");
    case ColumnRole::Identifier:
        return QStringLiteral("identifier");
    case ColumnRole::Ignored:
        return QStringLiteral("ignored");
    }
    return QStringLiteral("feature");
}

std::optional<ColumnRole> roleFromName(QStringView name)
{
    for (auto r :
         {ColumnRole::Feature, ColumnRole::Target, ColumnRole::Identifier, ColumnRole::Ignored}) {
        if (name == roleName(r))
            return r;
    }
    return std::nullopt;
}

std::size_t Table::memoryBytes() const
{
    std::size_t bytes = 0;
    for (const auto &c : m_columns)
        bytes += c->memoryBytes();
    return bytes;
}

} // namespace flowline::core

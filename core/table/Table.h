#pragma once

#include "Column.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace flowline::core {

class NumericColumn;
namespace prep {
class Recipe;
}

// What a column is for. Steps and models read roles: scaling leaves the target alone, training
// uses the features, identifiers and ignored columns are carried along untouched.
enum class ColumnRole : std::uint8_t { Feature, Target, Identifier, Ignored };
QString roleName(ColumnRole role); // "feature", "target", "identifier", "ignored"
std::optional<ColumnRole> roleFromName(QStringView name);

// An immutable, columnar table. Columns are shared: selecting, renaming, or adding a column
// copies no column data; slicing and taking rows copy only the rows they keep.
// Column names are unique. Every column has rowCount() rows.
class Table
{
public:
    Table() = default;
    // Throws std::invalid_argument when sizes differ, names repeat, or a column is null.
    Table(QStringList names, std::vector<ColumnPtr> columns);

    std::int64_t rowCount() const { return m_rows; }
    int columnCount() const { return static_cast<int>(m_columns.size()); }
    bool isEmpty() const { return m_columns.empty(); }

    const QStringList &columnNames() const { return m_names; }
    const QString &columnName(int index) const { return m_names[index]; }
    // -1 when there is no such column.
    int indexOf(const QString &name) const { return static_cast<int>(m_names.indexOf(name)); }
    const ColumnPtr &column(int index) const { return m_columns[static_cast<std::size_t>(index)]; }
    const std::vector<ColumnPtr> &columns() const { return m_columns; }
    ColumnKind kind(int index) const { return column(index)->kind(); }
    // The numeric column at index, or nullptr when it has another kind.
    const NumericColumn *numeric(int index) const;

    Table select(const std::vector<int> &indices) const;
    // Throws std::invalid_argument for an unknown name.
    Table select(const QStringList &names) const;
    Table renamed(int index, const QString &newName) const;
    Table slice(std::int64_t offset, std::int64_t count) const;
    Table take(std::span<const std::int64_t> rows) const;
    // Appends the column, or replaces the one with the same name.
    Table withColumn(const QString &name, ColumnPtr column) const;

    std::size_t memoryBytes() const;

    // Roles travel with their columns through every operation above; a new column is a feature.
    ColumnRole role(int index) const;
    Table withRole(int index, ColumnRole role) const;
    // The columns with this role, in table order.
    std::vector<int> columnsWithRole(ColumnRole role) const;

    // The fitted steps that made this table from its source (null: straight from a source).
    // Carried unchanged by the operations above: the step that transforms a table sets it.
    const std::shared_ptr<const prep::Recipe> &recipe() const { return m_recipe; }
    Table withRecipe(std::shared_ptr<const prep::Recipe> recipe) const;

    // Where this table's rows came from before its recipe ran: the recipe's source rows, one
    // per row of this table and in the same order (so cross-validation can refit the recipe on
    // each fold's raw training rows). Set by prep::applyAndRecord; taking, slicing, selecting,
    // renaming and role changes keep it (taking and slicing map the rows); adding or replacing
    // a column outside a recipe step drops it, as does building a new table. Empty when the
    // table has no recipe steps or the origin is unknown.
    std::optional<Table> recipeInput() const;
    // This table with `in` as where its rows came from: `in`'s own origin when `in` carries
    // recipe steps, else `in` itself. Both must have the same row count.
    Table withOriginOf(const Table &in) const;
    Table withoutOrigin() const;

private:
    Table carrying(const Table &from, const std::vector<int> &sourceOfColumn) const;

    QStringList m_names;
    std::vector<ColumnPtr> m_columns;
    std::int64_t m_rows = 0;
    std::vector<ColumnRole> m_roles; // empty: every column a feature
    std::shared_ptr<const prep::Recipe> m_recipe;
    struct Origin; // the source table and, unless they are all of them in order, its rows
    std::shared_ptr<const Origin> m_origin;
};

} // namespace flowline::core

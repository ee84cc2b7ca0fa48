#pragma once

#include "Column.h"

#include <QString>
#include <QStringList>

#include <span>
#include <vector>

namespace flowline::core {

class NumericColumn;

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

private:
    QStringList m_names;
    std::vector<ColumnPtr> m_columns;
    std::int64_t m_rows = 0;
};

} // namespace flowline::core

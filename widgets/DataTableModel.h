#pragma once

#include "table/Table.h"

#include <QAbstractTableModel>
#include <QFont>

namespace flowline::widgets {

// A read-only item model over a core::Table. Cells are produced on demand (O(1) per cell: one
// string, no per-row state), so the model costs nothing per row however long the table is.
// Missing cells read as an italic, greyed placeholder; numbers are right-aligned.
class DataTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        MissingRole = Qt::UserRole + 1, // bool: the cell holds a missing value
        ColumnKindRole                  // header and cells: int(core::ColumnKind)
    };

    explicit DataTableModel(QObject *parent = nullptr);

    // Shows another table (a reset). The table is held by value: its columns are shared.
    void setTable(core::Table table);
    const core::Table &table() const { return m_table; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QString cellText(const core::Column &column, std::int64_t row) const;

    core::Table m_table;
    int m_rows = 0;
    QFont m_missingFont;
};

} // namespace flowline::widgets

#pragma once

#include "table/Table.h"

#include <QTableView>

namespace flowline::widgets {

class DataTableModel;

// A spreadsheet-like view of a core::Table, set up for tables of many millions of rows: fixed
// row heights (no per-row measuring), column widths taken once from the header and a small
// sample of rows, cells produced on demand by DataTableModel.
class DataTableView : public QTableView
{
    Q_OBJECT

public:
    explicit DataTableView(QWidget *parent = nullptr);

    void setTable(const core::Table &table);
    const core::Table &table() const;
    DataTableModel *dataModel() const { return m_model; }

    // Scrolls horizontally so that the column is visible, keeping the rows in view.
    void revealColumn(int column);

    // How many rows fitColumnWidths() measures at most (from the top and spread over the rest).
    static constexpr int kSampleRows = 256;

Q_SIGNALS:
    // The current cell moved to another column (by click, keyboard or header click).
    void currentColumnChanged(int column);

private:
    void fitColumnWidths();
    int measureColumn(int column, const std::vector<int> &sampleRows) const;

    DataTableModel *m_model;
    int m_lastColumn = -1;
};

} // namespace flowline::widgets

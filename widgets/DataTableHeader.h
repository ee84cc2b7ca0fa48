#pragma once

#include <QHeaderView>

namespace flowline::widgets {

// The column header of a DataTableView: the column's name, and under it its kind in a smaller,
// greyed font (read from DataTableModel::ColumnKindRole). Sizes come from the model's
// two-line DisplayRole text, so the section fits both lines.
class DataTableHeader : public QHeaderView
{
    Q_OBJECT

public:
    explicit DataTableHeader(QWidget *parent = nullptr);

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;

private:
    QFont kindFont() const;
};

} // namespace flowline::widgets

#include "DataTableView.h"

#include "DataTableHeader.h"
#include "DataTableModel.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QStyle>

#include <algorithm>

namespace flowline::widgets {

namespace {
constexpr int kMinColumnWidth = 56;
constexpr int kMaxColumnWidth = 320;
} // namespace

DataTableView::DataTableView(QWidget *parent)
    : QTableView(parent)
    , m_model(new DataTableModel(this))
{
    setHorizontalHeader(new DataTableHeader(this));
    setModel(m_model);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    setSortingEnabled(false);

    // Every row has the same height: the vertical header never measures a row, so its cost
    // does not grow with the contents.
    QHeaderView *rows = verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    rows->setMinimumSectionSize(fontMetrics().height());
    rows->setHighlightSections(false);

    QHeaderView *columns = horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setStretchLastSection(false);
    columns->setHighlightSections(true);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const int column = current.isValid() ? current.column() : -1;
                if (column != m_lastColumn) {
                    m_lastColumn = column;
                    if (column >= 0)
                        Q_EMIT currentColumnChanged(column);
                }
            });
    connect(columns, &QHeaderView::sectionClicked, this, [this](int column) {
        m_lastColumn = column;
        Q_EMIT currentColumnChanged(column);
    });
}

void DataTableView::setTable(const core::Table &table)
{
    m_lastColumn = -1;
    m_model->setTable(table);
    fitColumnWidths();
    scrollToTop();
}

const core::Table &DataTableView::table() const
{
    return m_model->table();
}

void DataTableView::revealColumn(int column)
{
    if (column < 0 || column >= m_model->columnCount())
        return;
    const int row = std::max(0, rowAt(0));
    if (m_model->rowCount() > 0)
        scrollTo(m_model->index(row, column), QAbstractItemView::EnsureVisible);
}

void DataTableView::fitColumnWidths()
{
    const int rowCount = m_model->rowCount();
    // The first rows (what is seen first) plus rows spread evenly over the rest.
    std::vector<int> sample;
    const int head = std::min(rowCount, kSampleRows / 2);
    for (int r = 0; r < head; ++r)
        sample.push_back(r);
    const int spread = std::min(rowCount - head, kSampleRows - head);
    for (int i = 1; i <= spread; ++i)
        sample.push_back(head +
                         static_cast<int>(static_cast<qint64>(rowCount - head) * i / (spread + 1)));

    for (int c = 0; c < m_model->columnCount(); ++c)
        setColumnWidth(c, measureColumn(c, sample));
}

int DataTableView::measureColumn(int column, const std::vector<int> &sampleRows) const
{
    const QFontMetrics metrics(font());
    const int margin = 2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 1);
    int width = horizontalHeader()->sectionSizeHint(column);
    for (int row : sampleRows) {
        const QString text = m_model->data(m_model->index(row, column)).toString();
        width = std::max(width, metrics.horizontalAdvance(text) + 2 * margin + 4);
        if (width >= kMaxColumnWidth)
            break;
    }
    return std::clamp(width, kMinColumnWidth, kMaxColumnWidth);
}

} // namespace flowline::widgets

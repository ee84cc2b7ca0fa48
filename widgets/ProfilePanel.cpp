#include "ProfilePanel.h"

#include "ColumnProfileView.h"
#include "CorrelationView.h"
#include "DisplayFormat.h"
#include "ProfileSummaryModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace flowline::widgets {

ProfilePanel::ProfilePanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ProfileSummaryModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_pages(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_list(new QTreeView(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_tabs(new QTabWidget(this))
    , m_columnView(new ColumnProfileView(this))
    , m_correlationView(new CorrelationView(this))
{
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ProfileSummaryModel::SortRole);
    m_proxy->setFilterKeyColumn(ProfileSummaryModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setPlaceholderText(tr("Filter columns…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_list->setModel(m_proxy);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(-1, Qt::AscendingOrder); // table order until a header is clicked
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSortIndicatorShown(true);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ProfilePanel::onCurrentChanged);

    auto *listPane = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(4);
    listLayout->addWidget(m_filter);
    listLayout->addWidget(m_list);

    m_splitter->addWidget(listPane);
    m_splitter->addWidget(m_columnView);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    m_tabs->addTab(m_splitter, tr("Columns"));
    m_tabs->addTab(m_correlationView, tr("Correlation"));
    m_tabs->setDocumentMode(true);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(6, 6, 6, 6);
    contentLayout->addWidget(m_summary);
    contentLayout->addWidget(m_tabs, 1);

    m_pages->addWidget(m_message);
    m_pages->addWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    showMessage(tr("Open a data file to see its profile."));
}

void ProfilePanel::setProfile(const core::TableProfile &profile)
{
    m_current = -1;
    m_filter->clear();
    m_model->setProfile(profile);
    m_correlationView->setProfile(profile);

    std::int64_t missing = 0;
    for (const auto &column : profile.columns)
        missing += column.missing;
    const double cells =
        static_cast<double>(profile.rows) * static_cast<double>(profile.columns.size());
    m_summary->setText(tr("%1 rows × %2 columns · %3 of cells missing")
                           .arg(formatCount(profile.rows))
                           .arg(profile.columns.size())
                           .arg(formatPercent(cells > 0 ? missing / cells : 0.0)));

    m_pages->setCurrentIndex(1);
    fitList();
    m_columnView->clear();
    if (!profile.columns.empty())
        selectColumn(0);
}

void ProfilePanel::fitList()
{
    constexpr int kMaxNameWidth = 180;
    constexpr int kVisibleRows = 12;
    for (int c = 0; c < ProfileSummaryModel::FieldCount - 1; ++c)
        m_list->resizeColumnToContents(c);
    m_list->setColumnWidth(ProfileSummaryModel::Name,
                           std::min(m_list->columnWidth(ProfileSummaryModel::Name), kMaxNameWidth));

    // The list shows up to a dozen columns; the detail below gets the rest of the height.
    const int rows = std::min(m_model->rowCount(), kVisibleRows);
    const int rowHeight = m_model->rowCount() > 0 ? m_list->sizeHintForRow(0) : 0;
    const int listHeight = m_filter->sizeHint().height() + m_list->header()->sizeHint().height() +
                           rows * rowHeight + 2 * m_list->frameWidth() + 8;
    const int total = std::max(m_splitter->height(), 2 * listHeight);
    m_splitter->setSizes({listHeight, total - listHeight});
}

void ProfilePanel::showMessage(const QString &message)
{
    m_current = -1;
    m_model->setProfile({});
    m_correlationView->clear();
    m_columnView->clear();
    m_message->setText(message);
    m_pages->setCurrentIndex(0);
}

bool ProfilePanel::hasProfile() const
{
    return m_pages->currentIndex() == 1;
}

const core::TableProfile &ProfilePanel::profile() const
{
    return m_model->profile();
}

int ProfilePanel::currentColumn() const
{
    return m_current;
}

bool ProfilePanel::selectColumn(const QString &name)
{
    const auto &columns = m_model->profile().columns;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name)
            return selectColumn(static_cast<int>(i));
    }
    return false;
}

bool ProfilePanel::selectColumn(int index)
{
    if (index < 0 || index >= m_model->rowCount())
        return false;
    QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(index, 0));
    if (!proxyIndex.isValid()) {
        m_filter->clear();
        proxyIndex = m_proxy->mapFromSource(m_model->index(index, 0));
    }
    m_list->setCurrentIndex(proxyIndex);
    m_list->scrollTo(proxyIndex);
    return true;
}

void ProfilePanel::onCurrentChanged()
{
    const QModelIndex source = m_proxy->mapToSource(m_list->currentIndex());
    const int row = source.isValid() ? source.row() : -1;
    if (row == m_current)
        return;
    m_current = row;
    if (row < 0) {
        m_columnView->clear();
        return;
    }
    const auto &column = m_model->profile().columns[static_cast<std::size_t>(row)];
    m_columnView->setProfile(column);
    Q_EMIT currentColumnChanged(column.name);
}

} // namespace flowline::widgets

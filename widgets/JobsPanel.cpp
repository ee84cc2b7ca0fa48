#include "JobsPanel.h"

#include "JobsModel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTime>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace flowline::widgets {

using flows::NodeState;

namespace {

constexpr int kMaxRunLogLines = 5000;

// Paints the progress column (a percent) as a progress bar.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem item = option;
        initStyleOption(&item, index);
        item.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget); // background

        QStyleOptionProgressBar bar;
        bar.state = (option.state & QStyle::State_Enabled) | QStyle::State_Horizontal;
        bar.direction = option.direction;
        bar.palette = option.palette;
        bar.fontMetrics = option.fontMetrics;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = std::clamp(index.data().toInt(), 0, 100);
        bar.text = QStringLiteral("%1 %").arg(bar.progress);
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

} // namespace

JobsPanel::JobsPanel(flows::FlowDocument &doc, flows::Executor &executor, QWidget *parent)
    : QWidget(parent)
    , m_executor(executor)
    , m_model(new JobsModel(doc, executor, this))
    , m_view(new QTreeView(this))
    , m_log(new QPlainTextEdit(this))
    , m_clear(new QPushButton(tr("Clear finished"), this))
{
    // After the model's own connection, so rows are up to date when the log is written.
    connect(&executor, &flows::Executor::stateChanged, this, &JobsPanel::onStateChanged);
    connect(&executor, &flows::Executor::runFinished, this, [this](bool ok) {
        appendRunLog(ok ? tr("run finished") : tr("run finished with problems"));
    });

    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegateForColumn(JobsModel::ProgressColumn, new ProgressDelegate(m_view));
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(JobsModel::MessageColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(JobsModel::CancelColumn, QHeaderView::ResizeToContents);
    header->resizeSection(JobsModel::ProgressColumn, 120);
    // "1023.9 MiB (+1023.9 MiB)" fits.
    header->resizeSection(
        JobsModel::MemoryColumn,
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("1023.9 MiB (+1023.9 MiB)")) + 16);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT nodeActivated(m_model->nodeAt(index.row()));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { showLog(); });

    connect(m_model, &JobsModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { addCancelButtons(first, last); });
    connect(m_model, &JobsModel::rowsRemoved, this, [this] {
        updateButtons();
        showLog(); // the node whose log is shown may be gone
    });
    connect(m_model, &JobsModel::dataChanged, this, &JobsPanel::updateButtons);

    m_log->setObjectName(QStringLiteral("jobsLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setPlaceholderText(tr("Nothing has run yet"));

    m_clear->setObjectName(QStringLiteral("clearFinished"));
    m_clear->setToolTip(tr("Remove the nodes that are no longer queued or running"));
    m_clear->setEnabled(false);
    connect(m_clear, &QPushButton::clicked, this, &JobsPanel::clearFinished);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    topLayout->addLayout(buttons);
    topLayout->addWidget(m_view, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({150, 70});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

QAbstractItemView *JobsPanel::view() const
{
    return m_view;
}

int JobsPanel::rowOf(const QString &node) const
{
    return m_model->rowOf(node);
}

QString JobsPanel::runLog() const
{
    return m_runLog.join(QLatin1Char('\n'));
}

void JobsPanel::clearFinished()
{
    m_model->clearFinished();
    showLog(true);
}

void JobsPanel::addCancelButtons(int first, int last)
{
    for (int r = first; r <= last; ++r) {
        const QString node = m_model->nodeAt(r);
        auto *button = new QToolButton;
        button->setObjectName(QStringLiteral("cancelButton"));
        button->setText(tr("Cancel"));
        button->setToolTip(tr("Stop this node and what waits for it"));
        button->setAutoRaise(true);
        connect(button, &QToolButton::clicked, this, [this, node] { m_executor.cancel(node); });
        m_view->setIndexWidget(m_model->index(r, JobsModel::CancelColumn), button);
    }
    updateButtons();
}

void JobsPanel::updateButtons()
{
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (QWidget *button = m_view->indexWidget(m_model->index(r, JobsModel::CancelColumn)))
            button->setEnabled(m_model->isActive(r));
    }
    m_clear->setEnabled(m_model->hasFinished());
}

void JobsPanel::onStateChanged(const QString &node, NodeState state)
{
    if (m_model->rowOf(node) < 0)
        return;
    const QString message = m_executor.message(node);
    switch (state) {
    case NodeState::Running:
        appendRunLog(tr("%1 started").arg(m_model->nameOf(node)));
        break;
    case NodeState::Done:
        appendRunLog(m_executor.fromCache(node)
                         ? tr("%1 taken from the cache").arg(m_model->nameOf(node))
                         : tr("%1 done in %2")
                               .arg(m_model->nameOf(node),
                                    JobsModel::formatSeconds(m_executor.seconds(node))));
        break;
    case NodeState::Failed:
        appendRunLog(tr("%1 failed: %2").arg(m_model->nameOf(node), message));
        break;
    case NodeState::Canceled:
        appendRunLog(tr("%1 canceled").arg(m_model->nameOf(node)));
        break;
    case NodeState::Stale:
        if (!message.isEmpty()) // skipped: "not run: 'a' failed"
            appendRunLog(tr("%1 %2").arg(m_model->nameOf(node), message));
        break;
    case NodeState::Idle:
    case NodeState::Queued:
        break;
    }
    if (!m_shownNode.isEmpty() && node == m_shownNode)
        showLog(true); // its log lines arrive when it finishes
}

void JobsPanel::appendRunLog(const QString &text)
{
    const QString line =
        QStringLiteral("%1 %2").arg(QTime::currentTime().toString(u"HH:mm:ss"), text);
    m_runLog << line;
    // Drop old lines in chunks; between drops, lines are appended rather than all re-shown.
    if (m_runLog.size() > kMaxRunLogLines + kMaxRunLogLines / 10) {
        m_runLog.remove(0, m_runLog.size() - kMaxRunLogLines);
        showLog(true);
    } else if (m_shownNode.isEmpty()) {
        m_log->appendPlainText(line);
    } else {
        showLog(true);
    }
}

// The run log, then the selected node's own lines under a heading.
void JobsPanel::showLog(bool force)
{
    const QString node = selectedNode();
    if (!force && node.isEmpty() && m_shownNode.isEmpty())
        return; // showing the run log already
    m_shownNode = node;
    QString text = runLog();
    if (!node.isEmpty()) {
        const QStringList lines = m_executor.log(node);
        text += QStringLiteral("\n\n") + tr("── Log of %1 ──").arg(m_model->nameOf(node)) +
                QLatin1Char('\n') +
                (lines.isEmpty() ? tr("(no log lines)") : lines.join(QLatin1Char('\n')));
    }
    m_log->setPlainText(text.trimmed());
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

QString JobsPanel::selectedNode() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->nodeAt(rows.front().row());
}

} // namespace flowline::widgets

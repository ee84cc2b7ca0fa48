#include "JobsModel.h"

#include "FlowDocument.h"
#include "util/Memory.h"

#include <QApplication>
#include <QColor>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace flowline::widgets {

using flows::NodeState;

JobsModel::JobsModel(flows::FlowDocument &doc, flows::Executor &executor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_doc(doc)
    , m_executor(executor)
    , m_ticker(new QTimer(this))
{
    m_ticker->setObjectName(QStringLiteral("jobsTicker"));
    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, &JobsModel::tick);
    connect(&executor, &flows::Executor::stateChanged, this, &JobsModel::onStateChanged);
    connect(&executor, &flows::Executor::progressChanged, this, &JobsModel::onProgressChanged);
    connect(&executor, &flows::Executor::runFinished, this, &JobsModel::onRunFinished);
    connect(&doc, &flows::FlowDocument::nodeRemoved, this, &JobsModel::onNodeRemoved);
    connect(&doc, &flows::FlowDocument::labelChanged, this, &JobsModel::onLabelChanged);
}

int JobsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JobsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const bool failed = row.state == NodeState::Failed;
    switch (role) {
    case NodeRole:
        return row.node;
    case StateRole:
        return static_cast<int>(row.state);
    case Qt::ForegroundRole:
        return failed ? QVariant(QColor(0xc0, 0x1c, 0x28)) : QVariant();
    case Qt::DecorationRole:
        if (failed && index.column() == StateColumn)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NodeColumn)
            return row.node;
        if (index.column() == MessageColumn)
            return row.message;
        if (index.column() == MemoryColumn)
            return memoryToolTip(row);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NodeColumn:
        return nameOf(row.node);
    case StateColumn:
        return stateText(row);
    case ProgressColumn:
        return static_cast<int>(std::lround(std::clamp(row.progress, 0.0, 1.0) * 100));
    case ElapsedColumn:
        return elapsedText(row);
    case MemoryColumn:
        return memoryText(row);
    case MessageColumn:
        return row.message;
    default:
        return {};
    }
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn:
        return tr("Node");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case ElapsedColumn:
        return tr("Time");
    case MemoryColumn:
        return tr("Peak memory");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

int JobsModel::rowOf(const QString &node) const
{
    const auto it =
        std::find_if(m_rows.begin(), m_rows.end(), [&](const Row &r) { return r.node == node; });
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

QString JobsModel::nodeAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].node : QString();
}

QString JobsModel::nameOf(const QString &node) const
{
    const flows::Node *n = m_doc.node(node);
    return n && !n->label.isEmpty() ? n->label : node;
}

NodeState JobsModel::stateAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].state
                                        : NodeState::Idle;
}

bool JobsModel::isActive(int row) const
{
    const NodeState s = stateAt(row);
    return s == NodeState::Queued || s == NodeState::Running;
}

bool JobsModel::hasFinished() const
{
    for (int r = 0; r < rowCount(); ++r) {
        if (!isActive(r))
            return true;
    }
    return false;
}

void JobsModel::clearFinished()
{
    for (int r = rowCount() - 1; r >= 0; --r) {
        if (isActive(r))
            continue;
        beginRemoveRows({}, r, r);
        m_rows.erase(m_rows.begin() + r);
        endRemoveRows();
    }
}

QString JobsModel::formatSeconds(double seconds)
{
    if (seconds < 10)
        return tr("%1 s").arg(seconds, 0, 'f', 2);
    if (seconds < 60)
        return tr("%1 s").arg(seconds, 0, 'f', 1);
    const auto whole = static_cast<qint64>(std::floor(seconds));
    return tr("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString JobsModel::stateText(const Row &row) const
{
    switch (row.state) {
    case NodeState::Idle:
        return tr("Idle");
    case NodeState::Stale:
        // Listed and stale with a reason: it was queued but did not run.
        return row.message.isEmpty() ? tr("Stale") : tr("Not run");
    case NodeState::Queued:
        return tr("Queued");
    case NodeState::Running:
        return tr("Running");
    case NodeState::Done:
        return tr("Done");
    case NodeState::Failed:
        return tr("Failed");
    case NodeState::Canceled:
        return tr("Canceled");
    }
    return {};
}

QString JobsModel::elapsedText(const Row &row) const
{
    if (row.state == NodeState::Running)
        return formatSeconds(static_cast<double>(row.clock.elapsed()) / 1000.0);
    if (row.state == NodeState::Done && row.fromCache)
        return tr("cached");
    if (row.state == NodeState::Queued || !row.ran)
        return {};
    return formatSeconds(row.seconds);
}

// While it runs: the most so far. After: the peak, and how far it rose above the start.
QString JobsModel::memoryText(const Row &row) const
{
    if (!row.ran || row.state == NodeState::Queued ||
        (row.state == NodeState::Done && row.fromCache))
        return {};
    const flows::MemoryUse m = m_executor.memory(row.node);
    if (m.peak < 0)
        return {};
    if (row.state == NodeState::Running || m.atStart < 0)
        return core::readableBytes(double(m.peak));
    return tr("%1 (+%2)")
        .arg(core::readableBytes(double(m.peak)),
             core::readableBytes(double(std::max<std::int64_t>(0, m.peak - m.atStart))));
}

QString JobsModel::memoryToolTip(const Row &row) const
{
    if (memoryText(row).isEmpty())
        return {};
    const flows::MemoryUse m = m_executor.memory(row.node);
    QString tip =
        tr("Memory of the whole process (resident):\n%1 when the node began\n"
           "%2 at most while it ran")
            .arg(core::readableBytes(double(m.atStart)), core::readableBytes(double(m.peak)));
    if (m.atEnd >= 0)
        tip += tr("\n%1 when it ended").arg(core::readableBytes(double(m.atEnd)));
    return tip + tr("\nNodes running at the same time share this memory.");
}

void JobsModel::onStateChanged(const QString &node, NodeState state)
{
    int r = rowOf(node);
    if (r < 0) {
        if (state != NodeState::Queued && state != NodeState::Running && state != NodeState::Failed)
            return;
        r = rowCount();
        beginInsertRows({}, r, r);
        m_rows.emplace_back().node = node;
        endInsertRows();
    }
    Row &row = m_rows[static_cast<std::size_t>(r)];
    row.state = state;
    row.message = m_executor.message(node);
    switch (state) {
    case NodeState::Queued:
        row.progress = 0;
        row.ran = false;
        row.fromCache = false;
        break;
    case NodeState::Running:
        row.progress = 0;
        row.ran = true;
        row.clock.start();
        break;
    case NodeState::Done:
        row.progress = 1;
        row.fromCache = m_executor.fromCache(node);
        row.seconds = m_executor.seconds(node);
        break;
    case NodeState::Failed:
    case NodeState::Canceled:
        row.seconds = row.ran ? m_executor.seconds(node) : 0.0;
        break;
    case NodeState::Idle:
    case NodeState::Stale:
        break;
    }
    rowChanged(r);
    updateTicker();
}

void JobsModel::onProgressChanged(const QString &node, double fraction, const QString &message)
{
    const int r = rowOf(node);
    if (r < 0)
        return;
    Row &row = m_rows[static_cast<std::size_t>(r)];
    row.progress = fraction;
    row.message = message;
    rowChanged(r, ProgressColumn, MessageColumn);
}

// A node already Done that the run took from the cache changes no state: refresh such rows.
void JobsModel::onRunFinished()
{
    for (int r = 0; r < rowCount(); ++r) {
        Row &row = m_rows[static_cast<std::size_t>(r)];
        if (row.state == NodeState::Done && m_executor.state(row.node) == NodeState::Done) {
            row.fromCache = m_executor.fromCache(row.node);
            rowChanged(r, ElapsedColumn, MemoryColumn);
        }
    }
    updateTicker();
}

void JobsModel::onNodeRemoved(const QString &node)
{
    const int r = rowOf(node);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.erase(m_rows.begin() + r);
    endRemoveRows();
    updateTicker();
}

void JobsModel::onLabelChanged(const QString &node)
{
    const int r = rowOf(node);
    if (r >= 0)
        rowChanged(r, NodeColumn, NodeColumn);
}

void JobsModel::tick()
{
    for (int r = 0; r < rowCount(); ++r) {
        if (m_rows[static_cast<std::size_t>(r)].state == NodeState::Running)
            rowChanged(r, ElapsedColumn, MemoryColumn);
    }
}

void JobsModel::updateTicker()
{
    const bool running = std::any_of(m_rows.begin(), m_rows.end(),
                                     [](const Row &r) { return r.state == NodeState::Running; });
    if (running && !m_ticker->isActive())
        m_ticker->start();
    else if (!running)
        m_ticker->stop();
}

void JobsModel::rowChanged(int row, int first, int last)
{
    Q_EMIT dataChanged(index(row, first), index(row, last));
}

} // namespace flowline::widgets

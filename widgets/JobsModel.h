#pragma once

#include "Executor.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QTimer>

#include <vector>

namespace flowline::flows {
class FlowDocument;
}

namespace flowline::widgets {

// The nodes queued or run in this session, one row each, as the executor reports them: label,
// state, progress, elapsed time and memory (both live while running) and message. Rows are added
// when a node is queued, starts or fails, and go when the node is removed from the document.
class JobsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NodeColumn,
        StateColumn,
        ProgressColumn, // Qt::DisplayRole: percent, 0-100
        ElapsedColumn,
        MemoryColumn, // the process's peak while the node ran (Executor::memory); tooltip: all
        MessageColumn,
        CancelColumn, // left empty for the view's button
        ColumnCount
    };
    static constexpr int NodeRole = Qt::UserRole + 1;  // the node id, on every column
    static constexpr int StateRole = Qt::UserRole + 2; // the flows::NodeState, as int

    JobsModel(flows::FlowDocument &doc, flows::Executor &executor, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int rowOf(const QString &node) const; // -1 when not listed
    QString nodeAt(int row) const;
    QString nameOf(const QString &node) const; // its label, or its id
    flows::NodeState stateAt(int row) const;
    bool isActive(int row) const; // queued or running
    bool hasFinished() const;     // some row is neither queued nor running
    void clearFinished();

    // "0.52 s", "1 min 05 s".
    static QString formatSeconds(double seconds);

private:
    struct Row
    {
        QString node;
        flows::NodeState state = flows::NodeState::Idle;
        double progress = 0;
        QString message;
        bool ran = false; // started in its latest attempt
        double seconds = 0;
        bool fromCache = false;
        QElapsedTimer clock; // while running
    };

    void onStateChanged(const QString &node, flows::NodeState state);
    void onProgressChanged(const QString &node, double fraction, const QString &message);
    void onRunFinished();
    void onNodeRemoved(const QString &node);
    void onLabelChanged(const QString &node);
    void tick();
    void updateTicker();
    void rowChanged(int row, int first = 0, int last = ColumnCount - 1);
    QString stateText(const Row &row) const;
    QString elapsedText(const Row &row) const;
    QString memoryText(const Row &row) const;
    QString memoryToolTip(const Row &row) const;

    flows::FlowDocument &m_doc;
    flows::Executor &m_executor;
    std::vector<Row> m_rows;
    QTimer *m_ticker; // refreshes the elapsed time of running rows; "jobsTicker"
};

} // namespace flowline::widgets

#pragma once

#include "Executor.h"

#include <QStringList>
#include <QWidget>

class QAbstractItemView;
class QPlainTextEdit;
class QPushButton;
class QTreeView;

namespace flowline::flows {
class FlowDocument;
}

namespace flowline::widgets {

class JobsModel;

// What the executor does, node by node: a list of the nodes queued or run in this session
// (label, state, progress, elapsed time, message, Cancel) above a read-only log of the run
// (timestamped start / done / failed / canceled lines) and of the selected node's own log.
class JobsPanel : public QWidget
{
    Q_OBJECT

public:
    JobsPanel(flows::FlowDocument &doc, flows::Executor &executor, QWidget *parent = nullptr);

    QAbstractItemView *view() const;
    JobsModel *model() const { return m_model; }
    int rowOf(const QString &node) const; // -1 when not listed
    QString runLog() const;               // the run's lines, one per line
    // Drops the rows of nodes that are neither queued nor running.
    void clearFinished();

Q_SIGNALS:
    void nodeActivated(const QString &node);

private:
    void addCancelButtons(int first, int last);
    void updateButtons();
    void onStateChanged(const QString &node, flows::NodeState state);
    void appendRunLog(const QString &text);
    void showLog(bool force = false);
    QString selectedNode() const;

    flows::Executor &m_executor;
    JobsModel *m_model;
    QTreeView *m_view;
    QPlainTextEdit *m_log;
    QPushButton *m_clear;
    QStringList m_runLog;
    QString m_shownNode; // whose log the log view shows below the run's, if any
};

} // namespace flowline::widgets

#pragma once

#include "FlowDocument.h"
#include "NodeType.h"
#include "RunRecorder.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace flowline::core {
class JobContext;
}

namespace flowline::flows {

enum class NodeState { Idle, Stale, Queued, Running, Done, Failed, Canceled };
QString nodeStateName(NodeState state);

// The process's memory around one execution of a node, in resident bytes: when it began, the
// most seen while it ran (sampled with its progress, every 50 ms, plus the kernel's high-water
// mark whenever the process reached a new peak during the run) and when it ended. Other nodes
// running at the same time share the process, so concurrent nodes see each other's memory too.
// -1: unknown (not run yet, from the cache, or no /proc).
struct MemoryUse
{
    std::int64_t atStart = -1;
    std::int64_t peak = -1;
    std::int64_t atEnd = -1;
};

// Runs a flow: what is stale, in dependency order, independent branches at the same time on
// the shared job pool. Each node's result is cached under a key made of its type, its
// parameters, its inputs' keys and (for sources) a fingerprint of what it reads, so running an
// unchanged flow executes nothing, and editing a node makes it and what lies downstream stale.
//
// Lives on the thread that owns the document (the UI thread in the studio) and only touches the
// document there. Node work runs on pool threads with a snapshot of its inputs; the results come
// back as immutable values. Signals report states and progress (polled, every 50 ms).
class Executor : public QObject
{
    Q_OBJECT

public:
    explicit Executor(FlowDocument &doc, QObject *parent = nullptr);
    ~Executor() override;

    // The folder relative file parameters are resolved against (the .flow file's folder).
    void setFlowDir(const QString &dir) { m_flowDir = dir; }
    QString flowDir() const { return m_flowDir; }

    // Where executions of nodes that record runs are recorded, under this experiment name
    // (none: not recorded).
    void setRecorder(RunRecorderPtr recorder, const QString &experiment);
    const RunRecorderPtr &recorder() const { return m_recorder; }
    // The run id the last execution of `node` was recorded under (empty when none).
    QString runId(const QString &node) const;

    // Runs the stale nodes among `targets` and what they need; every node when empty. Returns
    // false (and does nothing) while a run is going on or when a target is unknown.
    bool run(const QStringList &targets = {});
    // Cancels one node (queued or running) and what waits for it; running work stops at its
    // next cancellation check.
    void cancel(const QString &node);
    void cancelAll();
    bool isRunning() const { return m_running; }

    NodeState state(const QString &node) const;
    // The error of a failed node, why a node did not run, or the running node's progress text.
    QString message(const QString &node) const;
    double progress(const QString &node) const;
    // Seconds the node's last execution took; 0 when its result came from the cache.
    double seconds(const QString &node) const;
    bool fromCache(const QString &node) const;
    // Memory while the node's last execution ran; for a running node, so far (atEnd -1).
    MemoryUse memory(const QString &node) const;
    QStringList log(const QString &node) const;
    // The node's current result (empty unless it is Done).
    PortValuePtr output(const QString &node, int port = 0) const;
    // How many nodes were executed (not taken from the cache) by the last run.
    int executedCount() const { return m_executed; }

Q_SIGNALS:
    void stateChanged(const QString &node, flowline::flows::NodeState state);
    void progressChanged(const QString &node, double fraction, const QString &message);
    void runFinished(bool ok);

private:
    struct Job;
    struct NodeStatus
    {
        NodeState state = NodeState::Idle;
        QString message;
        double progress = 0;
        double seconds = 0;
        bool fromCache = false;
        MemoryUse memory;
        QStringList log;
        QByteArray key;
        QString runId;
    };
    struct CacheEntry
    {
        NodeOutputs outputs;
        double seconds = 0;
        QStringList log;
    };

    void setState(const QString &node, NodeState state, const QString &message = {});
    void markStale(const QString &node);
    QByteArray computeKey(const QString &node, const QHash<QString, QByteArray> &keys) const;
    NodeInputs inputsOf(const QString &node) const;
    void schedule();
    void start(const QString &node);
    void finished(const QString &node);
    void skipDependents(const QString &node, const QString &why);
    void pollProgress();
    void finishRunIfDone();

    FlowDocument &m_doc;
    QString m_flowDir;
    RunRecorderPtr m_recorder;
    QString m_experiment;
    QHash<QString, NodeStatus> m_status;
    QHash<QByteArray, CacheEntry> m_cache;
    QHash<QString, std::shared_ptr<Job>> m_jobs; // running
    QStringList m_queue;                         // queued, in topological order
    bool m_running = false;
    bool m_failed = false;
    int m_executed = 0;
    QTimer m_progressTimer;
};

} // namespace flowline::flows

Q_DECLARE_METATYPE(flowline::flows::NodeState)

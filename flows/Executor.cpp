#include "Executor.h"

#include "FlowFile.h"
#include "jobs/JobContext.h"
#include "jobs/JobPool.h"
#include "jobs/ThreadHandOff.h"
#include "util/Memory.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSet>
#include <QThreadPool>

#include <exception>

namespace flowline::flows {

QString nodeStateName(NodeState state)
{
    switch (state) {
    case NodeState::Idle:
        return QStringLiteral("idle");
    case NodeState::Stale:
        return QStringLiteral("stale");
    case NodeState::Queued:
        return QStringLiteral("queued");
    case NodeState::Running:
        return QStringLiteral("running");
    case NodeState::Done:
        return QStringLiteral("done");
    case NodeState::Failed:
        return QStringLiteral("failed");
    case NodeState::Canceled:
        return QStringLiteral("canceled");
    }
    return {};
}

namespace {

struct Outcome
{
    core::Result<NodeOutputs> result = core::Error{};
    double seconds = 0;
    MemoryUse memory;
    QStringList log;
    QString runId;
};

// How one execution is recorded (no recorder: not recorded).
struct Recording
{
    RunRecorderPtr recorder;
    RunStart start;
};

// Runs on a pool thread: only values in, only values out.
Outcome execute(const NodeType::RunFunction &run, const NodeInputs &inputs,
                const std::shared_ptr<core::JobContext> &ctx, Recording recording)
{
    Outcome o;
    const core::ProcessMemory before = core::processMemory();
    ctx->noteMemory(before.resident);
    if (recording.recorder) {
        recording.start.inputs = &inputs;
        o.runId = recording.recorder->begin(recording.start, *ctx);
    }
    QElapsedTimer timer;
    timer.start();
    try {
        o.result = run(inputs, *ctx);
    } catch (const std::exception &e) {
        o.result =
            core::Error{QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()))};
    } catch (...) {
        o.result = core::Error{QStringLiteral("internal error")};
    }
    o.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    const core::ProcessMemory after = core::processMemory();
    ctx->noteMemory(after.resident);
    if (after.peakResident > before.peakResident) // the process's new peak came during this run
        ctx->noteMemory(after.peakResident);
    o.memory = MemoryUse{before.resident, ctx->peakMemory(), after.resident};
    if (recording.recorder && !o.runId.isEmpty())
        recording.recorder->end(o.runId, recording.start, o.result, ctx->isCanceled(), o.seconds,
                                *ctx);
    o.log = ctx->logLines();
    return o;
}

} // namespace

struct Executor::Job
{
    std::shared_ptr<core::JobContext> ctx;
    QFutureWatcher<Outcome> watcher;
    QByteArray key;
    bool canceled = false;   // by the user
    bool superseded = false; // by an edit of the node or of what it depends on
};

void Executor::setRecorder(RunRecorderPtr recorder, const QString &experiment)
{
    m_recorder = std::move(recorder);
    m_experiment = experiment.isEmpty() ? QStringLiteral("untitled") : experiment;
}

QString Executor::runId(const QString &node) const
{
    return m_status.value(node).runId;
}

Executor::Executor(FlowDocument &doc, QObject *parent)
    : QObject(parent)
    , m_doc(doc)
{
    qRegisterMetaType<NodeState>();
    // Any edit makes the node and what lies downstream stale.
    connect(&doc, &FlowDocument::paramsChanged, this,
            [this](const QString &node) { markStale(node); });
    connect(&doc, &FlowDocument::nodeAdded, this, [this](const QString &node) { markStale(node); });
    connect(&doc, &FlowDocument::linkAdded, this, [this](const Link &l) { markStale(l.toNode); });
    connect(&doc, &FlowDocument::linkRemoved, this, [this](const Link &l) { markStale(l.toNode); });
    connect(&doc, &FlowDocument::nodeRemoved, this, [this](const QString &node) {
        cancel(node);
        m_status.remove(node);
    });
    m_progressTimer.setInterval(50);
    connect(&m_progressTimer, &QTimer::timeout, this, &Executor::pollProgress);
    for (const auto &n : doc.nodes())
        m_status[n.id].state = NodeState::Stale;
}

Executor::~Executor()
{
    // Let running work stop, and wait for it: its results need nowhere to go.
    for (auto &job : m_jobs)
        job->ctx->cancel();
    for (auto &job : m_jobs)
        job->watcher.waitForFinished();
}

void Executor::setState(const QString &node, NodeState state, const QString &message)
{
    NodeStatus &s = m_status[node];
    const bool changed = s.state != state || s.message != message;
    s.state = state;
    s.message = message;
    if (changed)
        Q_EMIT stateChanged(node, state);
}

void Executor::markStale(const QString &node)
{
    if (!m_doc.node(node))
        return;
    for (const auto &n : m_doc.downstreamOf(node)) {
        if (m_jobs.contains(n)) {
            // Edited under it: stop it, the result would be stale anyway.
            m_jobs[n]->superseded = true;
            m_jobs[n]->ctx->cancel();
            continue;
        }
        if (m_queue.contains(n))
            continue;
        const auto state = m_status.value(n).state;
        if (state != NodeState::Stale || m_status.value(n).message.size() > 0)
            setState(n, NodeState::Stale);
    }
}

QByteArray Executor::computeKey(const QString &id, const QHash<QString, QByteArray> &keys) const
{
    const Node *node = m_doc.node(id);
    const NodeType *type = m_doc.typeOf(id);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(type->id.toUtf8());
    QJsonObject params;
    for (const auto &spec : type->params)
        params.insert(spec.key, spec.toJson(node->params.value(spec.key, spec.defaultValue)));
    hash.addData(QJsonDocument(params).toJson(QJsonDocument::Compact));
    for (const auto &port : type->inputs) {
        hash.addData("|in:" + port.key.toUtf8());
        for (const auto &l : m_doc.linksInto(id)) {
            if (l.toPort == port.key)
                hash.addData(keys.value(l.fromNode) + l.fromPort.toUtf8());
        }
    }
    if (type->fingerprint)
        hash.addData(type->fingerprint(inputsOf(id)));
    return hash.result();
}

NodeInputs Executor::inputsOf(const QString &id) const
{
    const Node *node = m_doc.node(id);
    const NodeType *type = m_doc.typeOf(id);
    NodeInputs in;
    in.params = node->params;
    in.flowDir = m_flowDir;
    in.recorder = m_recorder;
    in.ports.resize(static_cast<std::size_t>(type->inputs.size()));
    for (const auto &l : m_doc.linksInto(id)) {
        const int port = type->inputIndex(l.toPort);
        const NodeType *from = m_doc.typeOf(l.fromNode);
        const auto it = m_cache.find(m_status.value(l.fromNode).key);
        if (port < 0 || !from || it == m_cache.end())
            continue;
        const int out = from->outputIndex(l.fromPort);
        if (out >= 0 && out < static_cast<int>(it->outputs.size()))
            in.ports[static_cast<std::size_t>(port)].push_back(
                it->outputs[static_cast<std::size_t>(out)]);
    }
    return in;
}

bool Executor::run(const QStringList &targets)
{
    if (m_running)
        return false;
    for (const auto &t : targets) {
        if (!m_doc.node(t))
            return false;
    }
    QSet<QString> wanted;
    for (const auto &t : targets.isEmpty() ? m_doc.topologicalOrder() : targets) {
        for (const auto &n : m_doc.upstreamOf(t))
            wanted.insert(n);
    }

    // Keys in dependency order: a node's key needs its inputs' keys.
    QHash<QString, QByteArray> keys;
    for (const auto &n : m_doc.topologicalOrder()) {
        if (m_doc.typeOf(n))
            keys.insert(n, computeKey(n, keys));
    }
    for (auto it = keys.begin(); it != keys.end(); ++it)
        m_status[it.key()].key = it.value();
    // Results no node asks for any more are dropped; the rest stay shared.
    QSet<QByteArray> live(keys.begin(), keys.end());
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        it = live.contains(it.key()) ? std::next(it) : m_cache.erase(it);
    }

    m_running = true;
    m_failed = false;
    m_executed = 0;
    m_queue.clear();
    for (const auto &n : m_doc.topologicalOrder()) {
        NodeStatus &s = m_status[n];
        const auto cached = m_cache.constFind(s.key);
        if (cached != m_cache.constEnd()) {
            s.seconds = cached->seconds;
            s.fromCache = true;
            s.memory = {};
            s.log = cached->log;
            s.progress = 1;
            setState(n, NodeState::Done);
        } else if (wanted.contains(n)) {
            const QStringList problems = m_doc.problems(n);
            if (!problems.isEmpty()) {
                m_failed = true;
                setState(n, NodeState::Failed, problems.join(QStringLiteral("; ")));
                continue;
            }
            s.progress = 0;
            s.fromCache = false;
            m_queue << n;
            setState(n, NodeState::Queued);
        } else if (s.state == NodeState::Done || s.state == NodeState::Idle) {
            setState(n, NodeState::Stale);
        }
    }
    for (const auto &n : m_doc.topologicalOrder()) {
        if (m_status.value(n).state == NodeState::Failed)
            skipDependents(n, QStringLiteral("not run: '%1' failed").arg(n));
    }
    m_progressTimer.start();
    schedule();
    finishRunIfDone();
    return true;
}

void Executor::schedule()
{
    const int slots = std::max(1, core::sharedJobPool()->maxThreadCount());
    for (const QString &n : QStringList(m_queue)) {
        if (static_cast<int>(m_jobs.size()) >= slots)
            break;
        bool ready = true;
        for (const auto &l : m_doc.linksInto(n))
            ready = ready && m_status.value(l.fromNode).state == NodeState::Done;
        if (ready) {
            m_queue.removeOne(n);
            start(n);
        }
    }
}

void Executor::start(const QString &node)
{
    const NodeType *type = m_doc.typeOf(node);
    auto job = std::make_shared<Job>();
    job->ctx = std::make_shared<core::JobContext>();
    // The key again, now: the node may have been edited while it was queued, and its result
    // must be cached under the key of the parameters it really runs with.
    QHash<QString, QByteArray> inputKeys;
    for (const auto &l : m_doc.linksInto(node))
        inputKeys.insert(l.fromNode, m_status.value(l.fromNode).key);
    job->key = computeKey(node, inputKeys);
    m_status[node].key = job->key;
    const std::int64_t resident = core::processMemory().resident;
    job->ctx->noteMemory(resident);
    m_status[node].memory = MemoryUse{resident, resident, -1};
    m_jobs.insert(node, job);
    setState(node, NodeState::Running);
    connect(&job->watcher, &QFutureWatcher<Outcome>::finished, this,
            [this, node]() { finished(node); });
    Recording recording;
    if (m_recorder && type->recordsRun) {
        recording.recorder = m_recorder;
        recording.start.experiment = m_experiment;
        recording.start.node = node;
        recording.start.nodeType = type->id;
        for (const PortSpec &p : type->inputs)
            recording.start.inputPorts << p.key;
        recording.start.flowSnapshot = FlowFile::toJson(m_doc, m_flowDir);
    }
    // A promise rather than QtConcurrent::run, so that the hand-off to the pool thread and back
    // can be marked for ThreadSanitizer (jobs/ThreadHandOff.h).
    auto promise = std::make_shared<QPromise<Outcome>>();
    job->watcher.setFuture(promise->future());
    std::function<void()> task = [promise, run = type->run, inputs = inputsOf(node), ctx = job->ctx,
                                  recording = std::move(recording)]() mutable {
        core::received(core::poolToken());
        promise->start();
        promise->addResult(execute(run, inputs, ctx, std::move(recording)));
        core::handOff(ctx.get());
        promise->finish();
    };
    core::handOff(core::poolToken());
    core::sharedJobPool()->start(std::move(task));
}

void Executor::finished(const QString &node)
{
    const auto job = m_jobs.take(node);
    if (!job)
        return;
    if (!m_doc.node(node)) { // removed while it ran
        schedule();
        finishRunIfDone();
        return;
    }
    core::received(job->ctx.get());
    Outcome outcome = job->watcher.result();
    NodeStatus &s = m_status[node];
    s.seconds = outcome.seconds;
    s.memory = outcome.memory;
    s.log = outcome.log;
    s.runId = outcome.runId;
    const NodeType *type = m_doc.typeOf(node);
    if (job->superseded && !job->canceled) {
        setState(node, NodeState::Stale, QStringLiteral("edited while running"));
        skipDependents(node, QStringLiteral("not run: '%1' was edited while running").arg(node));
    } else if (job->canceled || job->ctx->isCanceled()) {
        setState(node, NodeState::Canceled, QStringLiteral("canceled"));
        skipDependents(node, QStringLiteral("not run: '%1' was canceled").arg(node));
        m_failed = true;
    } else if (!outcome.result.ok()) {
        setState(node, NodeState::Failed, outcome.result.error().toString());
        skipDependents(node, QStringLiteral("not run: '%1' failed").arg(node));
        m_failed = true;
    } else if (!type || outcome.result->size() != static_cast<std::size_t>(type->outputs.size())) {
        setState(node, NodeState::Failed,
                 QStringLiteral("internal error: wrong number of outputs"));
        skipDependents(node, QStringLiteral("not run: '%1' failed").arg(node));
        m_failed = true;
    } else {
        ++m_executed;
        m_cache.insert(job->key, CacheEntry{std::move(*outcome.result), s.seconds, s.log});
        if (s.key == job->key) {
            s.progress = 1;
            s.fromCache = false;
            setState(node, NodeState::Done);
        } else {
            setState(node, NodeState::Stale); // edited while it ran
        }
    }
    schedule();
    finishRunIfDone();
}

void Executor::skipDependents(const QString &node, const QString &why)
{
    for (const auto &n : m_doc.downstreamOf(node)) {
        if (n == node)
            continue;
        if (m_queue.removeOne(n) || m_status.value(n).state == NodeState::Queued)
            setState(n, NodeState::Stale, why);
    }
}

void Executor::cancel(const QString &node)
{
    if (const auto it = m_jobs.find(node); it != m_jobs.end()) {
        (*it)->canceled = true;
        (*it)->ctx->cancel();
        return;
    }
    if (m_queue.removeOne(node)) {
        m_failed = true;
        setState(node, NodeState::Canceled, QStringLiteral("canceled"));
        skipDependents(node, QStringLiteral("not run: '%1' was canceled").arg(node));
        finishRunIfDone();
    }
}

void Executor::cancelAll()
{
    for (const auto &n : QStringList(m_queue))
        cancel(n);
    for (const auto &n : m_jobs.keys())
        cancel(n);
}

void Executor::pollProgress()
{
    const std::int64_t resident = m_jobs.isEmpty() ? -1 : core::processMemory().resident;
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        const double p = it.value()->ctx->progress();
        const QString msg = it.value()->ctx->message();
        NodeStatus &s = m_status[it.key()];
        it.value()->ctx->noteMemory(resident);
        s.memory.peak = it.value()->ctx->peakMemory();
        if (p != s.progress || msg != s.message) {
            s.progress = p;
            s.message = msg;
            Q_EMIT progressChanged(it.key(), p, msg);
        }
    }
}

void Executor::finishRunIfDone()
{
    if (!m_running || !m_jobs.isEmpty())
        return;
    if (!m_queue.isEmpty()) {
        schedule();
        if (!m_jobs.isEmpty())
            return;
        // Nothing can start: what is left waits on nodes that did not finish.
        for (const auto &n : QStringList(m_queue))
            setState(n, NodeState::Stale, QStringLiteral("not run"));
        m_queue.clear();
    }
    m_running = false;
    m_progressTimer.stop();
    Q_EMIT runFinished(!m_failed);
}

NodeState Executor::state(const QString &node) const
{
    return m_status.value(node).state;
}

QString Executor::message(const QString &node) const
{
    return m_status.value(node).message;
}

double Executor::progress(const QString &node) const
{
    return m_status.value(node).progress;
}

MemoryUse Executor::memory(const QString &node) const
{
    return m_status.value(node).memory;
}

double Executor::seconds(const QString &node) const
{
    const auto &s = m_status.value(node);
    return s.fromCache ? 0.0 : s.seconds;
}

bool Executor::fromCache(const QString &node) const
{
    return m_status.value(node).fromCache;
}

QStringList Executor::log(const QString &node) const
{
    return m_status.value(node).log;
}

PortValuePtr Executor::output(const QString &node, int port) const
{
    const auto &s = m_status.value(node);
    if (s.state != NodeState::Done)
        return {};
    const auto it = m_cache.constFind(s.key);
    if (it == m_cache.constEnd() || port < 0 || port >= static_cast<int>(it->outputs.size()))
        return {};
    return it->outputs[static_cast<std::size_t>(port)];
}

} // namespace flowline::flows

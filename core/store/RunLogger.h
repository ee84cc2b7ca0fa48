#pragma once

#include "store/ExperimentStore.h"

#include <memory>

namespace flowline::core::store {

// One run being recorded: what a train / evaluate / cross-validate job holds while it works.
// Cheap to call from the job's thread (everything is queued to the store's writer). A logger
// destroyed before finish() ends its run as failed, so an exception or an early return never
// leaves a run 'running'.
class RunLogger
{
public:
    static Result<RunLogger> start(std::shared_ptr<ExperimentStore> store, const RunStart &start);

    RunLogger(RunLogger &&other) noexcept;
    RunLogger &operator=(RunLogger &&other) noexcept;
    RunLogger(const RunLogger &) = delete;
    RunLogger &operator=(const RunLogger &) = delete;
    ~RunLogger();

    RunId id() const { return m_run; }
    ExperimentStore &store() const { return *m_store; }

    void param(const QString &key, const QString &value) { m_store->logParam(m_run, key, value); }
    void params(std::vector<std::pair<QString, QString>> params)
    {
        m_store->logParams(m_run, std::move(params));
    }
    void metric(const QString &key, double value, std::int64_t step = 0)
    {
        m_store->logMetric(m_run, key, step, value);
    }
    void metrics(std::vector<MetricPoint> points) { m_store->logMetrics(m_run, std::move(points)); }
    void artifact(Artifact artifact) { m_store->logArtifact(m_run, std::move(artifact)); }
    void tag(const QString &key, const QString &value) { m_store->setTag(m_run, key, value); }
    void note(const QString &text) { m_store->addNote(m_run, text); }

    // Ends the run (once; later calls fail). Returns the first failure of its logging, if any.
    Result<bool> finish(RunStatus status, const QString &error = {});

private:
    RunLogger(std::shared_ptr<ExperimentStore> store, RunId run)
        : m_store(std::move(store))
        , m_run(run)
    {}

    std::shared_ptr<ExperimentStore> m_store;
    RunId m_run = 0;
    bool m_finished = false;
};

} // namespace flowline::core::store

#include "store/RunLogger.h"

#include <utility>

namespace flowline::core::store {

Result<RunLogger> RunLogger::start(std::shared_ptr<ExperimentStore> store, const RunStart &start)
{
    if (!store)
        return Error{QStringLiteral("no experiment store")};
    auto run = store->startRun(start);
    if (!run)
        return run.error();
    return RunLogger(std::move(store), *run);
}

RunLogger::RunLogger(RunLogger &&other) noexcept
    : m_store(std::move(other.m_store))
    , m_run(std::exchange(other.m_run, 0))
    , m_finished(std::exchange(other.m_finished, true))
{}

RunLogger &RunLogger::operator=(RunLogger &&other) noexcept
{
    if (this != &other) {
        if (m_store && !m_finished)
            finish(RunStatus::Failed, QStringLiteral("the run was abandoned before it finished"));
        m_store = std::move(other.m_store);
        m_run = std::exchange(other.m_run, 0);
        m_finished = std::exchange(other.m_finished, true);
    }
    return *this;
}

RunLogger::~RunLogger()
{
    if (m_store && !m_finished)
        finish(RunStatus::Failed, QStringLiteral("the run was abandoned before it finished"));
}

Result<bool> RunLogger::finish(RunStatus status, const QString &error)
{
    if (!m_store)
        return Error{QStringLiteral("this run logger has no run")};
    if (m_finished)
        return Error{QStringLiteral("run %1 has already been finished").arg(m_run),
                     m_store->path()};
    m_finished = true;
    return m_store->finishRun(m_run, status, error);
}

} // namespace flowline::core::store

#include "ImportController.h"

#include "JobPool.h"
#include "io/CsvReader.h"
#include "jobs/JobContext.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <exception>

namespace flowline::widgets {

namespace {

struct ReadOutcome
{
    core::Table table;
    QStringList warnings;
    QString error;
};

struct ProfileOutcome
{
    core::TableProfile profile;
    QString error;
};

// Runs work(ctx) -> Outcome on the job's pool. The job's progress goes to the promise (which
// is thread-safe and outlives every callback); an exception becomes an error message.
template <class Outcome, class Work>
QFuture<Outcome> runJob(std::shared_ptr<core::JobContext> job, Work work)
{
    return QtConcurrent::run(job->pool(), [job, work](QPromise<Outcome> &promise) {
        promise.setProgressRange(0, ImportController::kProgressSteps);
        job->setProgressCallback([&promise](double fraction, const QString &message) {
            const auto value =
                static_cast<int>(std::lround(fraction * ImportController::kProgressSteps));
            promise.setProgressValueAndText(value, message);
        });
        Outcome outcome;
        try {
            outcome = work(*job);
        } catch (const std::exception &e) {
            outcome.error = QString::fromUtf8(e.what());
        } catch (...) {
            outcome.error = ImportController::tr("The job stopped with an unknown error.");
        }
        job->setProgressCallback({});
        promise.addResult(std::move(outcome));
    });
}

} // namespace

ImportController::ImportController(QObject *parent)
    : QObject(parent)
{}

ImportController::~ImportController()
{
    // The worker holds its own reference to the context and nothing of ours.
    if (m_job)
        m_job->cancel();
}

void ImportController::open(const QString &path)
{
    if (m_job)
        m_job->cancel(); // abandoned: its result will be ignored
    m_path = QFileInfo(path).absoluteFilePath();
    auto job = newJob();
    m_job = job;
    setStage(Stage::Reading);
    Q_EMIT started(m_path);
    Q_EMIT progressChanged(0.0, stageMessage({}));

    const QString file = m_path;
    const core::CsvOptions options = m_csvOptions;
    auto work = [file, options](core::JobContext &ctx) {
        ReadOutcome outcome;
        auto result = core::CsvReader::readFile(file, options, ctx);
        if (result) {
            outcome.table = std::move(result->table);
            outcome.warnings = std::move(result->warnings);
        } else {
            outcome.error = result.error().toString();
        }
        return outcome;
    };
    watch(job, runJob<ReadOutcome>(job, work), [this, job](ReadOutcome outcome) {
        if (job->isCanceled()) {
            finishJob();
            Q_EMIT canceled();
        } else if (!outcome.error.isEmpty()) {
            finishJob();
            Q_EMIT failed(outcome.error);
        } else {
            m_table = std::move(outcome.table);
            m_profile = {};
            Q_EMIT tableLoaded(m_table, outcome.warnings);
            startProfile(m_table);
        }
    });
}

void ImportController::startProfile(const core::Table &table)
{
    auto job = newJob();
    m_job = job;
    setStage(Stage::Profiling);
    Q_EMIT progressChanged(0.0, stageMessage({}));

    const core::ProfileOptions options = m_profileOptions;
    auto work = [table, options](core::JobContext &ctx) {
        ProfileOutcome outcome;
        auto result = core::Profiler::profile(table, options, ctx);
        if (result)
            outcome.profile = std::move(*result);
        else
            outcome.error = result.error().toString();
        return outcome;
    };
    watch(job, runJob<ProfileOutcome>(job, work), [this, job](ProfileOutcome outcome) {
        finishJob();
        if (job->isCanceled()) {
            Q_EMIT canceled();
        } else if (!outcome.error.isEmpty()) {
            Q_EMIT failed(outcome.error);
        } else {
            m_profile = std::move(outcome.profile);
            Q_EMIT profileReady(m_profile);
            Q_EMIT finished();
        }
    });
}

template <class Outcome, class OnDone>
void ImportController::watch(const std::shared_ptr<core::JobContext> &job, QFuture<Outcome> future,
                             OnDone onDone)
{
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, watcher, job](int v) {
        if (job == m_job)
            Q_EMIT progressChanged(double(v) / kProgressSteps,
                                   stageMessage(watcher->progressText()));
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, onDone] {
        watcher->deleteLater();
        if (job == m_job) // else another job replaced it: its result is dropped
            onDone(watcher->result());
    });
    watcher->setFuture(future);
}

std::shared_ptr<core::JobContext> ImportController::newJob()
{
    auto job = std::make_shared<core::JobContext>();
    job->setPool(jobPool());
    return job;
}

void ImportController::cancel()
{
    if (m_job)
        m_job->cancel();
}

void ImportController::finishJob()
{
    m_job.reset();
    setStage(Stage::Idle);
}

void ImportController::setStage(Stage stage)
{
    const bool wasBusy = isBusy();
    m_stage = stage;
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

QString ImportController::stageMessage(const QString &detail) const
{
    const QString file = QFileInfo(m_path).fileName();
    // The job's own message says more ("Read 2000000 rows"); until there is one, the stage.
    if (!detail.isEmpty())
        return detail;
    return m_stage == Stage::Profiling ? tr("Profiling %1…").arg(file)
                                       : tr("Reading %1…").arg(file);
}

} // namespace flowline::widgets

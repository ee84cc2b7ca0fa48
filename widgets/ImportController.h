#pragma once

#include "io/CsvOptions.h"
#include "stats/Profiler.h"
#include "table/Table.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace flowline::core {
class JobContext;
}

namespace flowline::widgets {

// Opens a data file off the UI thread: reads it (CsvReader), then profiles it (Profiler), each
// as a job on the studio's job pool (jobPool()). The jobs capture only values (path, options, table
// and their own JobContext); progress and results come back through QFutureWatcher, so every signal
// is emitted on the thread the controller lives in (the UI thread).
//
// A successful open emits started, progressChanged..., tableLoaded, progressChanged...,
// profileReady, finished. Opening another file while busy abandons the current job.
class ImportController : public QObject
{
    Q_OBJECT

public:
    enum class Stage { Idle, Reading, Profiling };
    static constexpr int kProgressSteps = 1000;

    explicit ImportController(QObject *parent = nullptr);
    ~ImportController() override;

    void setCsvOptions(const core::CsvOptions &options) { m_csvOptions = options; }
    const core::CsvOptions &csvOptions() const { return m_csvOptions; }
    void setProfileOptions(const core::ProfileOptions &options) { m_profileOptions = options; }

    Stage stage() const { return m_stage; }
    bool isBusy() const { return m_stage != Stage::Idle; }
    // The file of the last open() (absolute).
    const QString &path() const { return m_path; }
    // The last table read and its profile (empty until they arrive).
    const core::Table &table() const { return m_table; }
    const core::TableProfile &profile() const { return m_profile; }

public Q_SLOTS:
    void open(const QString &path);
    // Asks the running job to stop; canceled() follows once it has.
    void cancel();

Q_SIGNALS:
    void started(const QString &path);
    void progressChanged(double fraction, const QString &message);
    void tableLoaded(const flowline::core::Table &table, const QStringList &warnings);
    void profileReady(const flowline::core::TableProfile &profile);
    // Reading and profiling are both done.
    void finished();
    // Reading or profiling failed; message is the error as "FILE:LINE:COL: message".
    void failed(const QString &message);
    void canceled();
    void busyChanged(bool busy);

private:
    static std::shared_ptr<core::JobContext> newJob();
    // Forwards the job's progress while it is the current job, and hands its outcome to
    // onDone on this thread (dropped when another job has replaced it).
    template <class Outcome, class OnDone>
    void watch(const std::shared_ptr<core::JobContext> &job, QFuture<Outcome> future,
               OnDone onDone);
    void startProfile(const core::Table &table);
    void setStage(Stage stage);
    void finishJob();
    QString stageMessage(const QString &detail) const;

    core::CsvOptions m_csvOptions;
    core::ProfileOptions m_profileOptions;
    Stage m_stage = Stage::Idle;
    QString m_path;
    core::Table m_table;
    core::TableProfile m_profile;
    // The running job; a finished job whose context is no longer this one is ignored.
    std::shared_ptr<core::JobContext> m_job;
};

} // namespace flowline::widgets

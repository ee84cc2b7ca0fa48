#pragma once

// The experiment store: one SQLite file that remembers every run (what ran, on which data,
// with which parameters, what it measured and produced). Recording is thread-safe and cheap:
// log calls queue work for the store's single writer thread (StoreWriter), which commits it
// in batches. Queries see everything logged before them.

#include "store/RunTypes.h"
#include "store/Sqlite.h"
#include "util/Error.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <mutex>

namespace flowline::core::store {

class StoreWriter;
struct WriteBatch;

class ExperimentStore
{
public:
    enum class Access {
        ReadWrite, // creates or migrates the file; refuses a store from a newer version
        ReadOnly,  // reads the current version or a newer one (newer schemas only add)
        Browse,    // an existing store: ReadWrite, or ReadOnly when it is from a newer version;
                   // never creates a file
    };

    // $FLOWLINE_STORE when set, else <generic data dir>/flowline/experiments.sqlite
    // (~/.local/share/flowline/ on Linux), shared by the studio and flowline-cli.
    static QString defaultPath();

    // Opens the store at `path` (created with ReadWrite, with its folder). Checks the file
    // first (see StoreFile.h); with ReadWrite, also marks runs left 'running' by processes
    // that have ended as failed.
    static Result<std::shared_ptr<ExperimentStore>> open(const QString &path,
                                                         Access access = Access::ReadWrite);
    ~ExperimentStore(); // commits everything logged
    ExperimentStore(const ExperimentStore &) = delete;
    ExperimentStore &operator=(const ExperimentStore &) = delete;

    const QString &path() const { return m_path; }
    bool isReadOnly() const { return !m_writer; }
    int schemaVersion() const { return m_schemaVersion; }      // the file's, after migrating
    const QString &backupPath() const { return m_backupPath; } // made before migrating, or ""
    const std::vector<RunId> &recoveredRuns() const { return m_recovered; }

    // --- Recording (any thread) ---
    // Creates the run ('running', started now, this process as its owner) and returns its id
    // once it is committed.
    Result<RunId> startRun(const RunStart &start);
    // Queued; a failure (an unknown run, a full disk) is reported by finishRun or flush.
    // Logging a key (or a metric's key and step, an artifact's name) again replaces it.
    void logParam(RunId run, const QString &key, const QString &value);
    void logParams(RunId run, std::vector<std::pair<QString, QString>> params);
    void logMetric(RunId run, const QString &key, std::int64_t step, double value);
    void logMetrics(RunId run, std::vector<MetricPoint> points);
    void logArtifact(RunId run, Artifact artifact);
    void setTag(RunId run, const QString &key, const QString &value);
    void addNote(RunId run, const QString &text);
    // Ends a running run (Finished, Failed or Canceled, with the error text if any) once
    // everything it logged is committed; returns the first failure of its logging, if any.
    Result<bool> finishRun(RunId run, RunStatus status, const QString &error = {});
    // Waits for everything queued; returns (and forgets) the first failure since the last call.
    Result<bool> flush();

    // --- Queries ---
    Result<std::vector<RunSummary>> runs(const RunFilter &filter = {}) const;
    Result<RunDetails> run(RunId id) const;
    Result<RunComparison> compare(const std::vector<RunId> &ids,
                                  bool differencesOnly = false) const;
    Result<std::vector<MetricCurve>> curves(const std::vector<RunId> &ids,
                                            const QString &key) const;
    Result<Artifact> artifact(RunId run, const QString &name) const;
    Result<QStringList> experiments() const;
    // PRAGMA integrity_check: "ok" or the problems found.
    Result<QString> integrityCheck() const;

private:
    friend class ModelRegistry;
    ExperimentStore() = default;
    static Result<std::shared_ptr<ExperimentStore>> openAs(const QString &path, bool readOnly,
                                                           int *foundVersion);
    void post(RunId run, std::function<void(Db &, WriteBatch &)> task);
    Error readOnlyError() const;

    // Runs `fn` on the reading connection in one read transaction, after the writer has
    // committed everything queued so far.
    template <class T, class F>
    Result<T> read(F &&fn) const
    {
        syncWriter();
        std::lock_guard lock(m_readMutex);
        if (auto begun = m_reader->exec("BEGIN"); !begun)
            return begun.error();
        Result<T> result = fn(*m_reader);
        m_reader->exec("COMMIT");
        return result;
    }
    void syncWriter() const;

    QString m_path;
    int m_schemaVersion = 0;
    QString m_backupPath;
    std::vector<RunId> m_recovered;
    std::unique_ptr<StoreWriter> m_writer; // null when read-only
    std::unique_ptr<Db> m_reader;
    mutable std::mutex m_readMutex;
};

} // namespace flowline::core::store

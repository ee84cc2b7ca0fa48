#include "store/ExperimentStore.h"

#include "store/ProcessIdentity.h"
#include "store/RunRecovery.h"
#include "store/StoreFile.h"
#include "store/StoreSchema.h"
#include "store/StoreWriter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <sqlite3.h>

namespace flowline::core::store {

namespace {

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Reports a failed statement of a queued task against its run; a foreign-key failure means
// the run does not exist.
void failed(Db &db, WriteBatch &batch, RunId run, const Statement *stmt, const QString &what)
{
    if (stmt && stmt->errorCode() == SQLITE_CONSTRAINT_FOREIGNKEY)
        batch.fail(run,
                   Error{QStringLiteral("%1: there is no run %2").arg(what).arg(run), db.path()});
    else
        batch.fail(run, db.error(what));
}

// Runs a cached statement with the bindings `bindAll` gives it; reports a failure.
template <class Bind>
void write(Db &db, WriteBatch &batch, RunId run, const char *sql, const QString &what,
           Bind &&bindAll)
{
    if (batch.unavailable)
        return;
    Statement *stmt = db.cached(sql);
    if (!stmt) {
        batch.fail(run, db.error(what));
        return;
    }
    bindAll(*stmt);
    if (!stmt->run())
        failed(db, batch, run, stmt, what);
}

const char kUpsertParam[] = "INSERT INTO params (run_id, key, value) VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value";
const char kUpsertTag[] = "INSERT INTO tags (run_id, key, value) VALUES (?1, ?2, ?3) "
                          "ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value";
const char kUpsertMetric[] =
    "INSERT INTO metrics (run_id, key, step, value) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value";
const char kUpsertLatest[] =
    "INSERT INTO metric_latest (run_id, key, step, value) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, value = excluded.value "
    "WHERE excluded.step >= metric_latest.step";

void writeParam(Db &db, WriteBatch &batch, RunId run, const QString &key, const QString &value)
{
    write(db, batch, run, kUpsertParam, QStringLiteral("logging parameter '%1'").arg(key),
          [&](Statement &s) { s.bind(1, run).bind(2, key).bind(3, value); });
}

void writeTag(Db &db, WriteBatch &batch, RunId run, const QString &key, const QString &value)
{
    write(db, batch, run, kUpsertTag, QStringLiteral("setting tag '%1'").arg(key),
          [&](Statement &s) { s.bind(1, run).bind(2, key).bind(3, value); });
}

void writeMetric(Db &db, WriteBatch &batch, RunId run, const MetricPoint &p)
{
    if (p.key.isEmpty()) {
        batch.fail(run,
                   Error{QStringLiteral("logging a metric of run %1: the key is empty").arg(run),
                         db.path()});
        return;
    }
    const auto bindPoint = [&](Statement &s) {
        s.bind(1, run).bind(2, p.key).bind(3, p.step).bind(4, p.value);
    };
    const QString what = QStringLiteral("logging metric '%1'").arg(p.key);
    write(db, batch, run, kUpsertMetric, what, bindPoint);
    write(db, batch, run, kUpsertLatest, what, bindPoint);
}

Result<RunId> insertRun(Db &db, const RunStart &start)
{
    const auto now = nowMs();
    Statement *exp = db.cached("INSERT INTO experiments (name, created_ms) VALUES (?1, ?2) "
                               "ON CONFLICT (name) DO NOTHING");
    if (!exp || !exp->bind(1, start.experiment).bind(2, now).run())
        return db.error(QStringLiteral("creating experiment '%1'").arg(start.experiment));
    const ProcessIdentity &me = ProcessIdentity::current();
    Statement *ins = db.cached(
        "INSERT INTO runs (experiment_id, node_id, algorithm, status, started_ms, app_version, "
        "seed, flow_snapshot, pid, host, process_token) VALUES ((SELECT id FROM experiments "
        "WHERE name = ?1), ?2, ?3, 'running', ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!ins)
        return db.error(QStringLiteral("starting a run"));
    ins->bind(1, start.experiment)
        .bind(2, start.nodeId)
        .bind(3, start.algorithm)
        .bind(4, now)
        .bind(5, start.appVersion)
        .bind(7, start.flowSnapshot)
        .bind(8, me.pid)
        .bind(9, me.host)
        .bind(10, me.token);
    if (start.seed) // the bits of the unsigned seed, in SQLite's signed integer
        ins->bind(6, static_cast<std::int64_t>(*start.seed));
    if (!ins->run())
        return db.error(QStringLiteral("starting a run"));
    const RunId id = db.lastInsertId();
    for (const InputFingerprint &input : start.inputs) {
        Statement *s = db.cached(
            "INSERT INTO run_inputs (run_id, name, fingerprint) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (run_id, name) DO UPDATE SET fingerprint = excluded.fingerprint");
        if (!s || !s->bind(1, id).bind(2, input.name).bind(3, input.fingerprint).run())
            return db.error(QStringLiteral("recording input '%1'").arg(input.name));
    }
    WriteBatch local; // the params and tags fail the whole start
    std::optional<Error> failure;
    local.fail = [&](RunId, const Error &e) {
        if (!failure)
            failure = e;
    };
    for (const auto &[key, value] : start.params)
        writeParam(db, local, id, key, value);
    for (const auto &[key, value] : start.tags)
        writeTag(db, local, id, key, value);
    if (failure)
        return *failure;
    return id;
}

} // namespace

QString ExperimentStore::defaultPath()
{
    const QString env = qEnvironmentVariable("FLOWLINE_STORE");
    if (!env.isEmpty())
        return env;
    // The generic location, not AppDataLocation: the studio and flowline-cli have different
    // application names but share one store.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/flowline/experiments.sqlite");
}

Result<std::shared_ptr<ExperimentStore>> ExperimentStore::open(const QString &path, Access access)
{
    if (path.isEmpty())
        return Error{QStringLiteral("no experiment store path given")};
    if (access == Access::Browse) {
        if (!QFileInfo::exists(path))
            return Error{QStringLiteral("there is no experiment store here"), path};
        int found = 0;
        auto writable = openAs(path, false, &found);
        if (writable || found <= kStoreSchemaVersion)
            return writable;
        return openAs(path, true, nullptr);
    }
    return openAs(path, access == Access::ReadOnly, nullptr);
}

Result<std::shared_ptr<ExperimentStore>> ExperimentStore::openAs(const QString &path, bool readOnly,
                                                                 int *found)
{
    if (!readOnly && !QFileInfo::exists(path))
        QDir().mkpath(QFileInfo(path).absolutePath());
    std::shared_ptr<ExperimentStore> store(new ExperimentStore);
    store->m_path = path;
    auto db = std::make_unique<Db>();
    auto opening = openStoreFile(*db, path, readOnly, found);
    if (!opening)
        return opening.error();
    store->m_schemaVersion = opening->schemaVersion;
    store->m_backupPath = opening->backupPath;
    if (readOnly) {
        store->m_reader = std::move(db);
        return store;
    }
    auto recovered = recoverInterruptedRuns(*db);
    if (!recovered)
        return recovered.error();
    store->m_recovered = std::move(*recovered);
    store->m_reader = std::make_unique<Db>();
    if (auto r = openStoreConnection(*store->m_reader, path, true); !r)
        return r.error();
    store->m_writer = std::make_unique<StoreWriter>(std::move(db));
    return store;
}

ExperimentStore::~ExperimentStore() = default;

Error ExperimentStore::readOnlyError() const
{
    return Error{QStringLiteral("the experiment store is open read-only"), m_path};
}

void ExperimentStore::syncWriter() const
{
    if (m_writer)
        m_writer->sync();
}

void ExperimentStore::post(RunId run, std::function<void(Db &, WriteBatch &)> task)
{
    if (m_writer)
        m_writer->post(run, std::move(task));
}

Result<RunId> ExperimentStore::startRun(const RunStart &start)
{
    if (!m_writer)
        return readOnlyError();
    if (start.experiment.isEmpty())
        return Error{QStringLiteral("a run needs an experiment name"), m_path};
    return m_writer->call<RunId>([start](Db &db) { return insertRun(db, start); });
}

void ExperimentStore::logParam(RunId run, const QString &key, const QString &value)
{
    post(run,
         [run, key, value](Db &db, WriteBatch &batch) { writeParam(db, batch, run, key, value); });
}

void ExperimentStore::logParams(RunId run, std::vector<std::pair<QString, QString>> params)
{
    post(run, [run, params = std::move(params)](Db &db, WriteBatch &batch) {
        for (const auto &[key, value] : params)
            writeParam(db, batch, run, key, value);
    });
}

void ExperimentStore::logMetric(RunId run, const QString &key, std::int64_t step, double value)
{
    post(run, [run, point = MetricPoint{key, step, value}](Db &db, WriteBatch &batch) {
        writeMetric(db, batch, run, point);
    });
}

void ExperimentStore::logMetrics(RunId run, std::vector<MetricPoint> points)
{
    post(run, [run, points = std::move(points)](Db &db, WriteBatch &batch) {
        for (const MetricPoint &p : points)
            writeMetric(db, batch, run, p);
    });
}

void ExperimentStore::logArtifact(RunId run, Artifact artifact)
{
    post(run, [run, a = std::move(artifact)](Db &db, WriteBatch &batch) {
        if (a.name.isEmpty()) {
            batch.fail(run, Error{QStringLiteral("an artifact of run %1 has no name").arg(run),
                                  db.path()});
            return;
        }
        write(db, batch, run,
              "INSERT INTO artifacts (run_id, name, kind, media, data, created_ms) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (run_id, name) DO UPDATE SET "
              "kind = excluded.kind, media = excluded.media, data = excluded.data, "
              "created_ms = excluded.created_ms",
              QStringLiteral("saving artifact '%1'").arg(a.name), [&](Statement &s) {
                  s.bind(1, run)
                      .bind(2, a.name)
                      .bind(3, a.kind)
                      .bind(4, a.json ? QStringLiteral("json") : QStringLiteral("binary"))
                      .bind(5, a.data)
                      .bind(6, nowMs());
              });
    });
}

void ExperimentStore::setTag(RunId run, const QString &key, const QString &value)
{
    post(run,
         [run, key, value](Db &db, WriteBatch &batch) { writeTag(db, batch, run, key, value); });
}

void ExperimentStore::addNote(RunId run, const QString &text)
{
    post(run, [run, text, at = nowMs()](Db &db, WriteBatch &batch) {
        write(db, batch, run, "INSERT INTO notes (run_id, created_ms, text) VALUES (?1, ?2, ?3)",
              QStringLiteral("adding a note"),
              [&](Statement &s) { s.bind(1, run).bind(2, at).bind(3, text); });
    });
}

Result<bool> ExperimentStore::finishRun(RunId run, RunStatus status, const QString &error)
{
    if (!m_writer)
        return readOnlyError();
    if (status == RunStatus::Running)
        return Error{QStringLiteral("finishing run %1: 'running' is not an end status").arg(run),
                     m_path};
    auto ended = m_writer->call<bool>([=, path = m_path](Db &db) -> Result<bool> {
        Statement *s = db.cached("UPDATE runs SET status = ?2, ended_ms = ?3, error = ?4 "
                                 "WHERE id = ?1 AND status = 'running'");
        if (!s ||
            !s->bind(1, run).bind(2, statusName(status)).bind(3, nowMs()).bind(4, error).run())
            return db.error(QStringLiteral("finishing run %1").arg(run));
        if (db.changes() == 1)
            return true;
        Statement *q = db.cached("SELECT status FROM runs WHERE id = ?1");
        if (!q || !q->bind(1, run).step())
            return Error{QStringLiteral("there is no run %1").arg(run), path};
        const QString status = q->text(0);
        q->reset(); // a cached statement is never left in progress
        return Error{QStringLiteral("run %1 has already ended (%2)").arg(run).arg(status), path};
    });
    if (!ended)
        return ended;
    if (auto logging = m_writer->takeError(run))
        return *logging;
    return true;
}

Result<bool> ExperimentStore::flush()
{
    if (!m_writer)
        return true;
    if (auto e = m_writer->takeError(0))
        return *e;
    return true;
}

} // namespace flowline::core::store

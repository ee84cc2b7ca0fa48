#pragma once

// Helpers for the experiment-store suites: raw SQLite access to build old, foreign or damaged
// files behind the store's back, and a store with a few finished runs.

#include "store/ExperimentStore.h"

#include <QString>

#include <sqlite3.h>

#include <memory>

namespace flowline::tests {

using namespace flowline::core::store;

template <class T>
QString errorText(const core::Result<T> &r)
{
    return r ? QString() : r.error().toString();
}

// Runs SQL on the file directly (no store settings); returns SQLite's message on failure.
inline QString rawExec(const QString &path, const QString &sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return QStringLiteral("cannot open");
    }
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, &message);
    QString why = rc == SQLITE_OK ? QString() : QString::fromUtf8(message ? message : "failed");
    sqlite3_free(message);
    sqlite3_close(db);
    return why;
}

// The first column of the first row of `sql` as text ("" when there is none).
inline QString rawValue(const QString &path, const QString &sql)
{
    sqlite3 *db = nullptr;
    QString value;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

inline std::shared_ptr<ExperimentStore>
openOrNull(const QString &path, ExperimentStore::Access access = ExperimentStore::Access::ReadWrite)
{
    auto s = ExperimentStore::open(path, access);
    return s ? *s : nullptr;
}

// A run start in `experiment`, the rest left at the defaults.
inline RunStart startIn(const QString &experiment)
{
    RunStart start;
    start.experiment = experiment;
    return start;
}

// A finished run with two params, a 'loss' curve of `steps` points and a final 'accuracy'.
inline RunId finishedRun(ExperimentStore &store, const QString &experiment,
                         const QString &algorithm, double accuracy, int steps = 5)
{
    RunStart start;
    start.experiment = experiment;
    start.algorithm = algorithm;
    start.nodeId = QStringLiteral("train1");
    start.seed = 42;
    start.inputs = {{QStringLiteral("training"), QStringLiteral("sha256:abc")}};
    auto run = store.startRun(start);
    if (!run)
        return 0;
    store.logParams(*run, {{QStringLiteral("max_depth"), QStringLiteral("4")},
                           {QStringLiteral("n_estimators"), QStringLiteral("100")}});
    for (int i = 0; i < steps; ++i)
        store.logMetric(*run, QStringLiteral("loss"), i, 1.0 / (i + 1));
    store.logMetric(*run, QStringLiteral("accuracy"), 0, accuracy);
    return store.finishRun(*run, RunStatus::Finished) ? *run : 0;
}

} // namespace flowline::tests

#include "store/StoreSchema.h"

namespace flowline::core::store {

namespace {

// Version 1: experiments, runs and what runs log. Times are milliseconds since the epoch
// (UTC). A NULL metric value is NaN (SQLite stores NaN as NULL).
const char kV1[] = R"sql(
CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    node_id TEXT NOT NULL DEFAULT '',
    algorithm TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'canceled')),
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER,
    app_version TEXT NOT NULL DEFAULT '',
    seed INTEGER,
    flow_snapshot TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    pid INTEGER,
    host TEXT NOT NULL DEFAULT '',
    process_token TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_experiment ON runs(experiment_id);
CREATE TABLE run_inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE params (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE TABLE metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, key, step)
) WITHOUT ROWID;
CREATE TABLE artifacts (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    media TEXT NOT NULL CHECK (media IN ('json', 'binary')),
    data BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (run_id, name)
);
CREATE TABLE tags (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    created_ms INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX notes_run ON notes(run_id);
)sql";

// Version 2: the last value of every metric of a run kept beside the history (filters and
// sorts on metrics read one row per run), indexes for the usual filters, and the model
// registry: named models, their versions (a run's model artifact) with a stage, the history
// of stage transitions and a model card per version.
const char kV2[] = R"sql(
CREATE TABLE metric_latest (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
INSERT INTO metric_latest (run_id, key, step, value)
    SELECT run_id, key, MAX(step), value FROM metrics GROUP BY run_id, key;
CREATE INDEX metric_latest_key ON metric_latest(key, value);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_algorithm ON runs(algorithm);
CREATE INDEX tags_key_value ON tags(key, value);
CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);
CREATE TABLE model_versions (
    model_id INTEGER NOT NULL REFERENCES models(id),
    version INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    artifact TEXT NOT NULL,
    stage TEXT NOT NULL DEFAULT 'none'
        CHECK (stage IN ('none', 'staging', 'production', 'archived')),
    created_ms INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (model_id, version)
) WITHOUT ROWID;
CREATE INDEX model_versions_run ON model_versions(run_id);
CREATE TABLE stage_transitions (
    id INTEGER PRIMARY KEY,
    model_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    by_user TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version)
);
CREATE INDEX stage_transitions_version ON stage_transitions(model_id, version);
CREATE TABLE model_cards (
    model_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    intended_use TEXT NOT NULL DEFAULT '',
    training_data TEXT NOT NULL DEFAULT '',
    training_fingerprint TEXT NOT NULL DEFAULT '',
    metrics TEXT NOT NULL DEFAULT '{}',
    limitations TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (model_id, version),
    FOREIGN KEY (model_id, version) REFERENCES model_versions(model_id, version)
) WITHOUT ROWID;
)sql";

} // namespace

const char *migrationSql(int version)
{
    switch (version) {
    case 1:
        return kV1;
    case 2:
        return kV2;
    default:
        return nullptr;
    }
}

QStringList requiredTables(int version)
{
    QStringList tables;
    if (version >= 1)
        tables << QStringLiteral("experiments") << QStringLiteral("runs")
               << QStringLiteral("run_inputs") << QStringLiteral("params")
               << QStringLiteral("metrics") << QStringLiteral("artifacts") << QStringLiteral("tags")
               << QStringLiteral("notes");
    if (version >= 2)
        tables << QStringLiteral("metric_latest") << QStringLiteral("models")
               << QStringLiteral("model_versions") << QStringLiteral("stage_transitions")
               << QStringLiteral("model_cards");
    return tables;
}

} // namespace flowline::core::store

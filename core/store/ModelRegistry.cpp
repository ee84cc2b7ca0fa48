#include "store/ModelRegistry.h"

#include "store/RegistryLookup.h"
#include "store/StoreWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace flowline::core::store {

namespace {

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Result<bool> recordTransition(Db &db, std::int64_t modelId, int version, Stage from, Stage to,
                              const QString &reason)
{
    auto s = db.prepare("INSERT INTO stage_transitions (model_id, version, from_stage, to_stage, "
                        "by_user, at_ms, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s || !s->bind(1, modelId)
                   .bind(2, version)
                   .bind(3, stageName(from))
                   .bind(4, stageName(to))
                   .bind(5, ModelRegistry::currentUser())
                   .bind(6, nowMs())
                   .bind(7, reason)
                   .run())
        return db.error(QStringLiteral("recording a stage transition"));
    return true;
}

Result<bool> setStage(Db &db, std::int64_t modelId, int version, Stage stage)
{
    auto s =
        db.prepare("UPDATE model_versions SET stage = ?3 WHERE model_id = ?1 AND version = ?2");
    if (!s || !s->bind(1, modelId).bind(2, version).bind(3, stageName(stage)).run())
        return db.error(QStringLiteral("changing a model's stage"));
    return true;
}

// The artifact to register: the one named, or the run's only model artifact.
Result<QString> pickArtifact(Db &db, RunId run, const QString &artifact)
{
    auto s = db.prepare("SELECT name FROM artifacts WHERE run_id = ?1 AND "
                        "(name = ?2 OR (?2 = '' AND kind = 'model')) ORDER BY name");
    if (!s)
        return s.error();
    QStringList names;
    s->bind(1, run).bind(2, artifact);
    while (s->step())
        names << s->text(0);
    if (!artifact.isEmpty() && names.isEmpty())
        return Error{QStringLiteral("run %1 has no artifact '%2'").arg(run).arg(artifact),
                     db.path()};
    if (names.isEmpty())
        return Error{
            QStringLiteral("run %1 has no model artifact (kind 'model') to register").arg(run),
            db.path()};
    if (names.size() > 1)
        return Error{QStringLiteral("run %1 has several model artifacts (%2): name the one to "
                                    "register")
                         .arg(run)
                         .arg(names.join(QStringLiteral(", "))),
                     db.path()};
    return names.front();
}

// A card filled in from the run: its input tables, their fingerprints and its metrics.
Result<ModelCard> cardFromRun(Db &db, RunId run)
{
    ModelCard card;
    QStringList inputs;
    QStringList fingerprints;
    auto in =
        db.prepare("SELECT name, fingerprint FROM run_inputs WHERE run_id = ?1 ORDER BY name");
    auto me = db.prepare("SELECT key, value FROM metric_latest WHERE run_id = ?1 AND value IS "
                         "NOT NULL ORDER BY key");
    if (!in || !me)
        return db.error(QStringLiteral("reading run %1").arg(run));
    in->bind(1, run);
    while (in->step()) {
        inputs << in->text(0);
        fingerprints << in->text(0) + QStringLiteral(": ") + in->text(1);
    }
    me->bind(1, run);
    while (me->step())
        card.metrics[me->text(0)] = me->real(1);
    card.trainingData = inputs.join(QStringLiteral(", "));
    card.trainingFingerprint = fingerprints.join(QStringLiteral("; "));
    return card;
}

QString metricsJson(const std::map<QString, double> &metrics)
{
    QJsonObject o;
    for (const auto &[key, value] : metrics)
        o.insert(key, value);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Result<bool> writeCard(Db &db, std::int64_t modelId, int version, const ModelCard &c)
{
    auto s = db.prepare(
        "INSERT INTO model_cards (model_id, version, intended_use, training_data, "
        "training_fingerprint, metrics, limitations, notes, updated_ms) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9) ON CONFLICT (model_id, version) DO UPDATE SET intended_use = "
        "excluded.intended_use, training_data = excluded.training_data, training_fingerprint = "
        "excluded.training_fingerprint, metrics = excluded.metrics, limitations = "
        "excluded.limitations, notes = excluded.notes, updated_ms = excluded.updated_ms");
    if (!s || !s->bind(1, modelId)
                   .bind(2, version)
                   .bind(3, c.intendedUse)
                   .bind(4, c.trainingData)
                   .bind(5, c.trainingFingerprint)
                   .bind(6, metricsJson(c.metrics))
                   .bind(7, c.limitations)
                   .bind(8, c.notes)
                   .bind(9, nowMs())
                   .run())
        return db.error(QStringLiteral("saving a model card"));
    return true;
}

Result<ModelVersion> registerIn(Db &db, RunId run, const QString &name, const QString &artifact)
{
    auto r = db.prepare("SELECT status FROM runs WHERE id = ?1");
    if (!r)
        return r.error();
    if (!r->bind(1, run).step())
        return Error{QStringLiteral("there is no run %1 in the store").arg(run), db.path()};
    if (r->text(0) != QStringLiteral("finished"))
        return Error{
            QStringLiteral("run %1 has status %2: only a finished run's model can be registered")
                .arg(run)
                .arg(r->text(0)),
            db.path()};
    auto picked = pickArtifact(db, run, artifact);
    if (!picked)
        return picked.error();
    auto card = cardFromRun(db, run);
    if (!card)
        return card.error();
    auto m = db.prepare("INSERT INTO models (name, created_ms) VALUES (?1, ?2) "
                        "ON CONFLICT (name) DO NOTHING");
    auto id = db.prepare("SELECT id, (SELECT coalesce(max(version), 0) + 1 FROM model_versions v "
                         "WHERE v.model_id = models.id) FROM models WHERE name = ?1");
    if (!m || !id || !m->bind(1, name).bind(2, nowMs()).run() || !id->bind(1, name).step())
        return db.error(QStringLiteral("registering model '%1'").arg(name));
    const std::int64_t modelId = id->integer(0);
    ModelVersion v{name,    int(id->integer(1)),         run, *picked, Stage::None,
                   nowMs(), ModelRegistry::currentUser()};
    auto ins = db.prepare("INSERT INTO model_versions (model_id, version, run_id, artifact, stage, "
                          "created_ms, created_by) VALUES (?1, ?2, ?3, ?4, 'none', ?5, ?6)");
    if (!ins || !ins->bind(1, modelId)
                     .bind(2, v.version)
                     .bind(3, run)
                     .bind(4, v.artifact)
                     .bind(5, v.createdMs)
                     .bind(6, v.createdBy)
                     .run())
        return db.error(QStringLiteral("registering model '%1'").arg(name));
    if (auto w = writeCard(db, modelId, v.version, *card); !w)
        return w.error();
    if (auto t = recordTransition(db, modelId, v.version, Stage::None, Stage::None,
                                  QStringLiteral("registered from run %1").arg(run));
        !t)
        return t.error();
    return v;
}

Result<ModelVersion> promoteIn(Db &db, const QString &name, int version, Stage stage,
                               const QString &reason)
{
    auto found = findModelVersion(db, name, version);
    if (!found)
        return found.error();
    ModelVersion v = found->version;
    if (v.stage == stage)
        return Error{QStringLiteral("model '%1' version %2 is already in stage %3")
                         .arg(name)
                         .arg(version)
                         .arg(stageName(stage)),
                     db.path()};
    if (stage == Stage::Production) {
        auto others = db.prepare("SELECT version FROM model_versions WHERE model_id = ?1 AND "
                                 "stage = 'production' AND version <> ?2");
        if (!others)
            return others.error();
        std::vector<int> replaced;
        others->bind(1, found->modelId).bind(2, version);
        while (others->step())
            replaced.push_back(int(others->integer(0)));
        for (int old : replaced) {
            if (auto r = setStage(db, found->modelId, old, Stage::Archived); !r)
                return r.error();
            if (auto r =
                    recordTransition(db, found->modelId, old, Stage::Production, Stage::Archived,
                                     QStringLiteral("replaced by version %1").arg(version));
                !r)
                return r.error();
        }
    }
    if (auto r = setStage(db, found->modelId, version, stage); !r)
        return r.error();
    if (auto r = recordTransition(db, found->modelId, version, v.stage, stage, reason); !r)
        return r.error();
    v.stage = stage;
    return v;
}

} // namespace

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::None:
        return QStringLiteral("none");
    case Stage::Staging:
        return QStringLiteral("staging");
    case Stage::Production:
        return QStringLiteral("production");
    case Stage::Archived:
        return QStringLiteral("archived");
    }
    return QStringLiteral("none");
}

std::optional<Stage> stageFromName(QStringView name)
{
    for (Stage s : {Stage::None, Stage::Staging, Stage::Production, Stage::Archived})
        if (name.compare(stageName(s), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

ModelRegistry::ModelRegistry(std::shared_ptr<ExperimentStore> store)
    : m_store(std::move(store))
{}

QString ModelRegistry::currentUser()
{
#ifdef Q_OS_UNIX
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    for (const char *var : {"USER", "USERNAME", "LOGNAME"})
        if (const QString u = qEnvironmentVariable(var); !u.isEmpty())
            return u;
    return QStringLiteral("unknown");
}

Result<ModelVersion> ModelRegistry::registerModel(RunId run, const QString &name,
                                                  const QString &artifact)
{
    if (!m_store->m_writer)
        return m_store->readOnlyError();
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 200 ||
        std::any_of(trimmed.begin(), trimmed.end(), [](QChar c) {
            return c.isNonCharacter() || c.category() == QChar::Other_Control;
        }))
        return Error{QStringLiteral("a model name must be 1 to 200 printable characters, got '%1'")
                         .arg(name),
                     m_store->path()};
    return m_store->m_writer->call<ModelVersion>(
        [=](Db &db) { return registerIn(db, run, trimmed, artifact); });
}

Result<ModelVersion> ModelRegistry::promote(const QString &name, int version, Stage stage,
                                            const QString &reason)
{
    if (!m_store->m_writer)
        return m_store->readOnlyError();
    if (reason.trimmed().isEmpty())
        return Error{QStringLiteral("a stage change needs a reason"), m_store->path()};
    return m_store->m_writer->call<ModelVersion>(
        [=](Db &db) { return promoteIn(db, name, version, stage, reason); });
}

Result<bool> ModelRegistry::setCard(const QString &name, int version, const ModelCard &card)
{
    if (!m_store->m_writer)
        return m_store->readOnlyError();
    return m_store->m_writer->call<bool>([=](Db &db) -> Result<bool> {
        auto found = findModelVersion(db, name, version);
        if (!found)
            return found.error();
        return writeCard(db, found->modelId, found->version.version, card);
    });
}

} // namespace flowline::core::store

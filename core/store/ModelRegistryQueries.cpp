// ModelRegistry's reads: on the store's reading connection, in one read transaction each.

#include "store/ModelRegistry.h"
#include "store/RegistryLookup.h"

#include "store/RunQueries.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace flowline::core::store {

namespace {

const char kVersionColumns[] = "v.version, v.run_id, v.artifact, v.stage, v.created_ms, "
                               "v.created_by";

ModelVersion versionAt(const Statement &s, const QString &name, int first)
{
    ModelVersion v;
    v.name = name;
    v.version = int(s.integer(first));
    v.run = s.integer(first + 1);
    v.artifact = s.text(first + 2);
    v.stage = stageFromName(s.text(first + 3)).value_or(Stage::None);
    v.createdMs = s.integer(first + 4);
    v.createdBy = s.text(first + 5);
    return v;
}

} // namespace

Result<FoundVersion> findModelVersion(Db &db, const QString &name, int version)
{
    auto s = db.prepare(QByteArray(QByteArray("SELECT m.id, ") + kVersionColumns +
                                   " FROM models m LEFT JOIN model_versions v ON v.model_id = "
                                   "m.id AND (v.version = ?2 OR ?2 = 0) WHERE m.name = ?1 "
                                   "ORDER BY v.version DESC LIMIT 1")
                            .constData());
    if (!s)
        return s.error();
    if (!s->bind(1, name).bind(2, version).step()) {
        if (s->failed())
            return db.error(QStringLiteral("reading model '%1'").arg(name));
        return Error{QStringLiteral("there is no model named '%1' in the registry").arg(name),
                     db.path()};
    }
    if (s->isNull(1)) {
        if (version == 0)
            return Error{QStringLiteral("model '%1' has no versions").arg(name), db.path()};
        return Error{QStringLiteral("model '%1' has no version %2").arg(name).arg(version),
                     db.path()};
    }
    return FoundVersion{s->integer(0), versionAt(*s, name, 1)};
}

Result<std::vector<RegisteredModel>> ModelRegistry::models() const
{
    return m_store->read<std::vector<RegisteredModel>>(
        [&](Db &db) -> Result<std::vector<RegisteredModel>> {
            auto s = db.prepare(QByteArray(QByteArray("SELECT m.name, m.created_ms, ") +
                                           kVersionColumns +
                                           " FROM models m LEFT JOIN model_versions v ON "
                                           "v.model_id = m.id ORDER BY m.name, v.version")
                                    .constData());
            if (!s)
                return s.error();
            std::vector<RegisteredModel> models;
            while (s->step()) {
                const QString name = s->text(0);
                if (models.empty() || models.back().name != name)
                    models.push_back({name, s->integer(1), {}});
                if (!s->isNull(2))
                    models.back().versions.push_back(versionAt(*s, name, 2));
            }
            if (s->failed())
                return db.error(QStringLiteral("listing models"));
            return models;
        });
}

Result<ModelVersion> ModelRegistry::version(const QString &name, int version) const
{
    return m_store->read<ModelVersion>([&](Db &db) -> Result<ModelVersion> {
        auto found = findModelVersion(db, name, version);
        if (!found)
            return found.error();
        return found->version;
    });
}

Result<ModelVersion> ModelRegistry::latest(const QString &name) const
{
    return version(name, 0);
}

Result<std::vector<StageTransition>> ModelRegistry::history(const QString &name, int version) const
{
    return m_store->read<std::vector<StageTransition>>(
        [&](Db &db) -> Result<std::vector<StageTransition>> {
            auto found = findModelVersion(db, name, version);
            if (!found)
                return found.error();
            auto s = db.prepare("SELECT from_stage, to_stage, by_user, at_ms, reason FROM "
                                "stage_transitions WHERE model_id = ?1 AND version = ?2 "
                                "ORDER BY id");
            if (!s)
                return s.error();
            s->bind(1, found->modelId).bind(2, found->version.version);
            std::vector<StageTransition> history;
            while (s->step())
                history.push_back({stageFromName(s->text(0)).value_or(Stage::None),
                                   stageFromName(s->text(1)).value_or(Stage::None), s->text(2),
                                   s->integer(3), s->text(4)});
            if (s->failed())
                return db.error(QStringLiteral("reading the history of model '%1'").arg(name));
            return history;
        });
}

Result<ModelCard> ModelRegistry::card(const QString &name, int version) const
{
    return m_store->read<ModelCard>([&](Db &db) -> Result<ModelCard> {
        auto found = findModelVersion(db, name, version);
        if (!found)
            return found.error();
        auto s = db.prepare("SELECT intended_use, training_data, training_fingerprint, metrics, "
                            "limitations, notes, updated_ms FROM model_cards WHERE model_id = ?1 "
                            "AND version = ?2");
        if (!s)
            return s.error();
        ModelCard card;
        if (s->bind(1, found->modelId).bind(2, found->version.version).step()) {
            card.intendedUse = s->text(0);
            card.trainingData = s->text(1);
            card.trainingFingerprint = s->text(2);
            const QJsonObject metrics = QJsonDocument::fromJson(s->text(3).toUtf8()).object();
            for (auto it = metrics.begin(); it != metrics.end(); ++it)
                if (it.value().isDouble())
                    card.metrics[it.key()] = it.value().toDouble();
            card.limitations = s->text(4);
            card.notes = s->text(5);
            card.updatedMs = s->integer(6);
        } else if (s->failed()) {
            return db.error(QStringLiteral("reading the card of model '%1'").arg(name));
        }
        return card;
    });
}

Result<QByteArray> ModelRegistry::modelData(const QString &name, int version) const
{
    return m_store->read<QByteArray>([&](Db &db) -> Result<QByteArray> {
        auto found = findModelVersion(db, name, version);
        if (!found)
            return found.error();
        auto artifact = queryArtifact(db, found->version.run, found->version.artifact);
        if (!artifact)
            return artifact.error();
        return artifact->data;
    });
}

} // namespace flowline::core::store

#pragma once

// The model registry, in the same file as the runs: a run's model artifact registered under
// a name (versions 1, 2, ... per name), a stage per version with the history of who moved it
// when and why, and a model card per version.

#include "store/ExperimentStore.h"
#include "store/ModelCard.h"

#include <memory>

namespace flowline::core::store {

enum class Stage { None, Staging, Production, Archived };

QString stageName(Stage stage); // "none", "staging", "production", "archived"
std::optional<Stage> stageFromName(QStringView name);

struct StageTransition
{
    Stage from = Stage::None;
    Stage to = Stage::None;
    QString user; // the OS user who asked for it
    std::int64_t atMs = 0;
    QString reason;
};

struct ModelVersion
{
    QString name;
    int version = 0;
    RunId run = 0;
    QString artifact; // the name of the run's artifact holding the model file
    Stage stage = Stage::None;
    std::int64_t createdMs = 0;
    QString createdBy;
};

struct RegisteredModel
{
    QString name;
    std::int64_t createdMs = 0;
    std::vector<ModelVersion> versions; // oldest first
};

class ModelRegistry
{
public:
    explicit ModelRegistry(std::shared_ptr<ExperimentStore> store);

    // The OS user name recorded in transitions and registrations.
    static QString currentUser();

    // Registers the model artifact of a finished run as the next version of `name` (created
    // on first use), in stage none, with a card filled from the run. `artifact` picks one of
    // the run's artifacts; empty takes its only artifact of kind "model".
    Result<ModelVersion> registerModel(RunId run, const QString &name,
                                       const QString &artifact = {});
    // Moves a version to `stage` and records the transition. A version moved to production
    // archives the version that was there (recorded too, with the reason "replaced by ...").
    Result<ModelVersion> promote(const QString &name, int version, Stage stage,
                                 const QString &reason);

    Result<std::vector<RegisteredModel>> models() const;
    Result<ModelVersion> version(const QString &name, int version) const;
    Result<ModelVersion> latest(const QString &name) const;
    Result<std::vector<StageTransition>> history(const QString &name, int version) const;
    Result<ModelCard> card(const QString &name, int version) const;
    Result<bool> setCard(const QString &name, int version, const ModelCard &card);
    // The model file's bytes (the artifact the version points at).
    Result<QByteArray> modelData(const QString &name, int version) const;

private:
    std::shared_ptr<ExperimentStore> m_store;
};

} // namespace flowline::core::store

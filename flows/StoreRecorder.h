#pragma once

#include "RunRecorder.h"

#include <QHash>

#include <map>
#include <memory>
#include <mutex>

namespace flowline::core::store {
class ExperimentStore;
class RunLogger;
} // namespace flowline::core::store

namespace flowline::core::ml {
class Pipeline;
}

namespace flowline::flows {

// What a run records of a trained model: the training loss (and validation) curve as metrics
// with steps, the training row count, what it learned (coefficients, importances) as the JSON
// artifact "learned", and the model itself as the artifact "model.flmodel" (kind model) with
// the run and `dataFingerprint` as its provenance.
void recordModel(core::store::RunLogger &run,
                 const std::shared_ptr<const core::ml::Pipeline> &model,
                 const QString &dataFingerprint);

// Records runs in the experiment store (core/store): the node's parameters, seed, flow snapshot
// and a fingerprint of each input table when it starts; when it ends, what it produced — a
// trained model's file, loss curve, importances and coefficients; an evaluation's metrics,
// confusion matrix and curves; a cross-validation's means, spreads and folds — and its status
// (finished, failed with the error, canceled). A store that cannot write is logged in the node's
// log; the node itself never fails because of it.
class StoreRecorder : public RunRecorder
{
public:
    explicit StoreRecorder(std::shared_ptr<core::store::ExperimentStore> store);
    ~StoreRecorder() override;

    QString begin(const RunStart &start, core::JobContext &ctx) override;
    void end(const QString &run, const RunStart &start, const core::Result<NodeOutputs> &result,
             bool canceled, double seconds, core::JobContext &ctx) override;

    std::optional<ModelOrigin> originOf(const PortValuePtr &model) const override;
    // Registers the model of the run that produced `model` (see RunRecorder).
    core::Result<Registered> registerModel(const PortValuePtr &model, const QString &name,
                                           const QString &stage, const QString &reason) override;

    const std::shared_ptr<core::store::ExperimentStore> &store() const { return m_store; }

private:
    std::shared_ptr<core::store::ExperimentStore> m_store;
    mutable std::mutex m_mutex;
    struct OpenRun
    {
        std::unique_ptr<core::store::RunLogger> logger;
        QString fingerprint; // of the first input table (the training rows of a model)
    };
    std::map<QString, OpenRun> m_open; // by run id
    // The run each recorded model value came from (while the value lives).
    std::vector<std::pair<std::weak_ptr<const PortValue>, ModelOrigin>> m_models;
};

} // namespace flowline::flows

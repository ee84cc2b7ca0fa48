#pragma once

// A fitted multi-layer perceptron: its layers, how it was trained (loss curve, validation scores,
// epochs) and its exact JSON form.

#include "MlpNetwork.h"
#include "Model.h"
#include "util/Error.h"

namespace flowline::core::ml {

// What training recorded, per epoch.
struct MlpHistory
{
    std::vector<double> loss;       // training loss (with the L2 term), as sklearn's loss_curve_
    std::vector<double> validation; // accuracy / R² on the held-out part (early stopping only)
    QJsonObject extra;              // epochs run, why it stopped, final learning rate...
};

class MlpModel : public Model
{
public:
    MlpModel(Task task, int classCount, MlpSpec spec, MlpParameters params, MlpHistory history);

    QString algorithm() const override { return QStringLiteral("mlp"); }
    Task task() const override { return m_task; }
    int featureCount() const override { return m_params.units().front(); }
    int classCount() const override { return m_classCount; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    // Learned::importances: mean |weight| of each input's first-layer connections, normalised to
    // sum 1 — a rough picture of which inputs the network listens to, not a causal importance.
    Learned learned() const override;
    QJsonObject toJson() const override;
    static Result<ModelPtr> fromJson(const QJsonObject &json);

    const MlpParameters &parameters() const { return m_params; }
    const MlpSpec &spec() const { return m_spec; }

private:
    // The output layer for X, in fixed row blocks (parallel, independent of the thread count).
    Eigen::MatrixXd outputs(const Eigen::MatrixXd &X, JobContext &ctx) const;

    Task m_task;
    int m_classCount;
    MlpSpec m_spec;
    MlpParameters m_params;
    MlpHistory m_history;
};

} // namespace flowline::core::ml

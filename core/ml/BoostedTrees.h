#pragma once

// The fitted model of histogram gradient boosting: a baseline per output plus regression trees,
// one per output per iteration (K for multinomial classification, else 1), as scikit-learn's
// HistGradientBoostingRegressor / HistGradientBoostingClassifier predict.

#include "Model.h"
#include "util/Error.h"

#include <cstdint>
#include <vector>

namespace flowline::core::ml {

// One regression tree as parallel arrays; node 0 is the root. A split node sends a row left when
// its value of `feature` is <= threshold; a leaf has feature -1 and holds `value` (already
// multiplied by the learning rate). Children always have larger indices than their parent.
struct BoostTree
{
    std::vector<std::int32_t> feature;
    std::vector<double> threshold;
    std::vector<std::int32_t> left, right;
    std::vector<double> value;

    int size() const { return int(feature.size()); }
    double predictRow(const Eigen::MatrixXd &X, Eigen::Index row) const;
};

struct BoostingSummary
{
    std::vector<double> loss;       // training loss after each iteration
    std::vector<double> validation; // validation loss after each iteration (early stopping)
    QString lossName;
    Eigen::VectorXd importances; // split gain per feature, summing to 1 (zeros: no split)
    std::vector<std::int32_t> splitCounts;
    double baselineLoss = 0;
    int iterations = 0;
};

class BoostedTreesModel : public Model
{
public:
    BoostedTreesModel(Task task, int featureCount, int classCount, Eigen::VectorXd baseline,
                      std::vector<BoostTree> trees, BoostingSummary summary);

    QString algorithm() const override;
    Task task() const override { return m_task; }
    int featureCount() const override { return m_featureCount; }
    int classCount() const override { return m_classCount; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    // The raw scores: one column (regression, binary: the log-odds of class 1) or K.
    Eigen::MatrixXd decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Learned learned() const override;
    QJsonObject toJson() const override;
    static Result<ModelPtr> fromJson(const QJsonObject &json);

    int outputs() const { return int(m_baseline.size()); }
    const std::vector<BoostTree> &trees() const { return m_trees; }

private:
    Task m_task;
    int m_featureCount;
    int m_classCount;
    Eigen::VectorXd m_baseline;
    std::vector<BoostTree> m_trees; // iteration-major: tree t serves output t % outputs()
    BoostingSummary m_summary;
};

} // namespace flowline::core::ml

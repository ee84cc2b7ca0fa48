#pragma once

// A fitted decision tree or forest of CART trees: predictions average the trees' leaf values
// (class probabilities or means), summed in tree order so results never depend on threads.

#include "Model.h"
#include "Tree.h"

namespace flowline::core::ml {

class TreeEnsembleModel : public Model
{
public:
    TreeEnsembleModel(QString algorithm, Task task, int featureCount, int classCount,
                      std::vector<Tree> trees, Eigen::VectorXd importances, QJsonObject extra);

    QString algorithm() const override { return m_algorithm; }
    Task task() const override { return m_task; }
    int featureCount() const override { return m_featureCount; }
    int classCount() const override { return m_classCount; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Learned learned() const override;
    QJsonObject toJson() const override;
    static Result<ModelPtr> fromJson(const QJsonObject &json);

    const std::vector<Tree> &trees() const { return m_trees; }

    // rows × outputs: the mean of the trees' values.
    Eigen::MatrixXd average(const Eigen::MatrixXd &X, JobContext &ctx) const;

private:
    QString m_algorithm;
    Task m_task;
    int m_featureCount;
    int m_classCount;
    std::vector<Tree> m_trees;
    Eigen::VectorXd m_importances;
    QJsonObject m_extra;
};

// For Learned::extra: trees, node_count and leaf_count (summed over the trees) and depth (the
// deepest tree).
QJsonObject treeShape(const std::vector<Tree> &trees);

} // namespace flowline::core::ml

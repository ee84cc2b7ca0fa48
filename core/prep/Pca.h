#pragma once

#include "FittedStep.h"

#include <Eigen/Core>

#include <QStringList>

namespace flowline::core::prep {

// Principal component analysis, as scikit-learn's PCA (full SVD): the chosen numeric columns,
// centred on their training means, are projected on the leading right singular vectors. Each
// component's sign is fixed as scikit-learn fixes it: the training row with the largest
// absolute score on it scores positive. The output replaces the input columns with
// `<prefix>1`, `<prefix>2`, ... (other columns pass through). Missing values are refused.
struct PcaSpec
{
    QStringList columns;          // empty: every numeric feature column
    int components = 0;           // > 0: keep this many
    double varianceToKeep = 0.95; // with components == 0: the fewest reaching this share
    QString prefix = QStringLiteral("pc");
};

class FittedPca : public FittedStep
{
public:
    FittedPca(PcaSpec spec, QStringList columns, Eigen::VectorXd means, Eigen::MatrixXd basis,
              Eigen::VectorXd explainedVariance, Eigen::VectorXd explainedRatio);

    QString kind() const override { return QStringLiteral("pca"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const Eigen::MatrixXd &basis() const { return m_basis; } // d x k, one component per column
    const Eigen::VectorXd &explainedVariance() const { return m_variance; }
    const Eigen::VectorXd &explainedVarianceRatio() const { return m_ratio; }

private:
    PcaSpec m_spec;
    QStringList m_columns;
    Eigen::VectorXd m_means;
    Eigen::MatrixXd m_basis;
    Eigen::VectorXd m_variance;
    Eigen::VectorXd m_ratio;
};

Result<std::shared_ptr<const FittedPca>> fitPca(const Table &table, const PcaSpec &spec,
                                                JobContext &ctx);

} // namespace flowline::core::prep

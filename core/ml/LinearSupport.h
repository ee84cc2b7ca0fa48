#pragma once

// What the linear estimators (linear / ridge / lasso / elastic net regression, logistic
// regression, linear SVM) share: centring for the intercept and the fitted linear model.

#include "Model.h"
#include "util/Error.h"

namespace flowline::core::ml {

struct Dataset;

// The data with (weighted) column means and target mean removed when fitting an intercept,
// which is then recovered as yMean - xMean · beta.
struct Centered
{
    Eigen::MatrixXd X;
    Eigen::VectorXd y;
    Eigen::RowVectorXd xMean; // zeros without an intercept
    double yMean = 0;
};
Centered centerForFit(const Dataset &data, bool intercept);

// How scores become predictions.
enum class LinearLink {
    Identity, // regression: the score is the prediction
    Logistic, // classification: sigmoid (one row, binary) or softmax (K rows) probabilities
    Margin    // classification without probabilities (SVM): the sign / the largest score
};

// scores = X · coefficientsᵀ + intercepts. Binary classifiers have one row (the score of class
// 1); multi-class ones have one row per class (one-vs-rest for the SVM, softmax for logistic).
class LinearModel : public Model
{
public:
    LinearModel(QString algorithm, Task task, Eigen::MatrixXd coefficients,
                Eigen::VectorXd intercepts, int classCount, QJsonObject extra = {},
                LinearLink link = LinearLink::Identity, std::vector<double> loss = {},
                QString lossName = {});

    QString algorithm() const override { return m_algorithm; }
    Task task() const override { return m_task; }
    int featureCount() const override { return int(m_coefficients.cols()); }
    int classCount() const override { return m_classCount; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Eigen::MatrixXd decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const override;
    Learned learned() const override;
    QJsonObject toJson() const override;
    static Result<ModelPtr> fromJson(const QJsonObject &json);

    const Eigen::MatrixXd &coefficients() const { return m_coefficients; }
    const Eigen::VectorXd &intercepts() const { return m_intercepts; }

private:
    Eigen::MatrixXd scores(const Eigen::MatrixXd &X) const; // rows × coefficient rows

    QString m_algorithm;
    Task m_task;
    Eigen::MatrixXd m_coefficients;
    Eigen::VectorXd m_intercepts;
    int m_classCount;
    QJsonObject m_extra;
    LinearLink m_link;
    std::vector<double> m_loss;
    QString m_lossName;
};

} // namespace flowline::core::ml

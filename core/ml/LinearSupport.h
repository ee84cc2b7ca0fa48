#pragma once

// What the linear estimators (linear / ridge / lasso / elastic net regression, logistic
// regression, linear SVM) share: centring for the intercept and the fitted linear model.

#include "Model.h"
#include "util/Error.h"

#include <functional>

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

// Row parallelism shared by the iterative linear learners. The rows are cut into contiguous
// chunks whose number and bounds depend only on the row count (at most kMaxRowChunks, each of at
// least kMinChunkRows rows unless there are fewer rows); each chunk writes its own result slot and
// the caller sums the slots in chunk order, so sums are bit-identical with 1 or 2 threads.
inline constexpr Eigen::Index kMinChunkRows = 4096;
inline constexpr Eigen::Index kMaxRowChunks = 64;
Eigen::Index rowChunkCount(Eigen::Index rows);
// body(chunk, firstRow, rowCount) for every chunk, on up to ctx.threads() threads.
void forRowChunks(JobContext &ctx, Eigen::Index rows,
                  const std::function<void(Eigen::Index, Eigen::Index, Eigen::Index)> &body);

// sign(x) · max(|x| - t, 0): the proximal step of t·|x|.
inline double softThreshold(double x, double t)
{
    return x > t ? x - t : (x < -t ? x + t : 0.0);
}

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

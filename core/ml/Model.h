#pragma once

#include <Eigen/Core>

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

// What a model learns to do.
enum class Task {
    Regression,     // predict a number
    Classification, // predict one of classCount classes (0 .. K-1)
    Clustering,     // group rows (label -1: noise)
    Anomaly         // flag unusual rows (1: anomaly, 0: normal)
};
QString taskName(Task task); // "regression", "classification", "clustering", "anomaly"
std::optional<Task> taskFromName(const QString &name);

// What an estimator fits on: a dense numeric matrix (no missing values: the pipeline imputes or
// refuses first) and, for supervised tasks, a target.
struct Dataset
{
    Eigen::MatrixXd X;      // rows × features, column-major
    Eigen::VectorXd y;      // Regression: the values. Classification: class index 0..K-1.
                            // Empty for unsupervised tasks.
    int classCount = 0;     // K (>= 2) for classification, else 0
    Eigen::VectorXd weight; // per-row sample weight (class weights folded in); empty: all 1
    QStringList features;   // one name per column of X

    Eigen::Index rows() const { return X.rows(); }
    Eigen::Index cols() const { return X.cols(); }
    bool weighted() const { return weight.size() > 0; }
    double weightOf(Eigen::Index row) const { return weighted() ? weight[row] : 1.0; }
};

// What a fitted model can show about itself. Every field is optional (empty when not meaningful).
struct Learned
{
    // Linear models: one row per output (1 for regression and binary classification, K for
    // multinomial), one column per feature; intercepts one per row.
    Eigen::MatrixXd coefficients;
    Eigen::VectorXd intercepts;
    QStringList coefficientRows; // names of the rows ("y", or the class index as text)
    // One per feature, summing to 1 where the algorithm defines them so (trees: impurity decrease).
    Eigen::VectorXd importances;
    // Per iteration / epoch / tree: the training loss and, when early stopping holds data back,
    // the validation loss (or score; `validationName` says which).
    std::vector<double> loss;
    std::vector<double> validation;
    QString lossName;       // "log_loss", "squared_error", "inertia", ...
    QString validationName; // "validation log_loss"
    QJsonObject extra;      // anything else: iterations run, OOB score, support vectors...
};

// A fitted estimator. Immutable once fitted; predictions are thread-safe. X has the same columns,
// in the same order, as the Dataset it was fitted on (the pipeline makes sure of it).
class Model
{
public:
    virtual ~Model() = default;

    virtual QString algorithm() const = 0; // the estimator id: "random_forest"
    virtual Task task() const = 0;
    virtual int featureCount() const = 0;
    virtual int classCount() const { return 0; }

    // Regression: the values. Classification: the class index. Clustering: the cluster (-1 for
    // noise). Anomaly: 1 for an anomaly, 0 otherwise.
    virtual Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const = 0;
    // Classification: rows × K probabilities summing to 1. Empty when the model has none.
    virtual Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const;
    // A continuous score where the model has one without probabilities (linear SVM's margin;
    // one column, or K for multi-class), or the anomaly score (higher: more unusual). Empty
    // otherwise.
    virtual Eigen::MatrixXd decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const;

    virtual Learned learned() const = 0;
    // Everything needed to predict again, exactly (doubles round-trip bit for bit), with
    // "algorithm" set to algorithm(). Read back by modelFromJson (EstimatorCatalog.h).
    virtual QJsonObject toJson() const = 0;
};
using ModelPtr = std::shared_ptr<const Model>;

} // namespace flowline::core::ml

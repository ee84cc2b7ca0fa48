#pragma once

// What an evaluation of predictions gives: named metrics in a stable order, the confusion
// matrix, curves and residuals, with an exact JSON form. The numbers follow scikit-learn 1.2's
// sklearn.metrics on the same predictions (checked by tests/core/tst_eval_*.cpp against
// fixtures made by tests/data/reference/ml/make_metrics_reference.py).
//
// Conventions where scikit-learn defines nothing or raises:
// - A metric that the inputs cannot give (no probabilities: no log_loss / brier; no score
//   either: no curves / roc_auc / average_precision) is left out; metric() gives NaN for it.
// - A metric the data leave undefined (one class present for roc_auc, NaN scores, no negatives
//   for specificity, an empty input) is present with the value NaN.
// - Rows whose score or probability is NaN make the score-based metrics and curves NaN / empty.
// - With both probabilities and a score, the probabilities are used.
// - Curves keep every point scikit-learn gives (ROC after drop_intermediate), which can be
//   millions for millions of distinct scores: thin them before drawing or storing.
// Including this header gives the whole evaluation API (folds and threshold analysis too).

#include "eval/Folds.h"
#include "eval/ThresholdAnalysis.h"
#include "jobs/JobContext.h"
#include "util/Error.h"

#include <Eigen/Core>

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace flowline::core::eval {

struct ClassificationInput
{
    Eigen::VectorXi truth;     // class index 0..K-1
    Eigen::VectorXi predicted; // class index 0..K-1
    Eigen::MatrixXd proba;     // n x K probabilities, or empty
    Eigen::VectorXd score;     // binary only, optional: continuous score for class `positive`
    Eigen::VectorXd weight;    // empty: all 1 (as scikit-learn's sample_weight)
    QStringList classes;       // K names
    int positive = 1;          // binary: the positive class index
};

struct RegressionInput
{
    Eigen::VectorXd truth, predicted, weight;
};

struct ClusteringInput
{
    Eigen::MatrixXd X;
    Eigen::VectorXi labels; // -1 = noise
};

struct Metric
{
    QString key;
    double value;
};

// roc: x = false positive rate, y = true positive rate (roc_curve, drop_intermediate=True).
// pr: x = recall, y = precision (precision_recall_curve; thresholds one shorter than x).
// gains: x = weighted fraction of rows taken (highest scores first), y = fraction of the
//   positive weight captured; one point per distinct score, collinear points dropped, from (0,0).
// lift: the gains points without (0,0), y = gains y / x.
// calibration: x = mean predicted probability, y = fraction of positives per bin
//   (calibration_curve, 10 uniform bins, non-empty bins only); thresholds = the bins' weights.
// Binary: names "roc", "pr", ... for the positive class; multi-class: one per class, one
// versus rest, "roc:<class name>".
struct Curve
{
    QString name;
    std::vector<double> x, y, thresholds;
};

class Evaluation
{
public:
    QString task; // "classification" / "regression" / "clustering"
    std::vector<Metric> metrics;
    double metric(const QString &key) const; // NaN when absent
    Eigen::MatrixXd confusion;               // weighted counts, K x K, rows = truth
    QStringList classes;
    std::vector<Curve> curves;
    Eigen::VectorXd residuals; // regression: truth - predicted

    const Curve *curve(const QString &name) const; // null when absent

    QJsonObject toJson() const;
    static Result<Evaluation> fromJson(const QJsonObject &json);
};

// Each row divided by its sum (rows summing to 0 stay 0).
Eigen::MatrixXd rowNormalized(const Eigen::MatrixXd &confusion);

Evaluation evaluateClassification(const ClassificationInput &in, JobContext &ctx);
Evaluation evaluateRegression(const RegressionInput &in);
Evaluation evaluateClustering(const ClusteringInput &in, JobContext &ctx);

} // namespace flowline::core::eval

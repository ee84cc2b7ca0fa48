#pragma once

// ROC, precision-recall, gains, lift and calibration curves of one binary score, and the areas
// scikit-learn reports for them (see Curve in Evaluation.h for what x, y and thresholds hold).

#include "eval/BinaryRanking.h"
#include "eval/Evaluation.h"

namespace flowline::core::eval {

// roc_curve(drop_intermediate=True): the first threshold is the highest score + 1 (sklearn 1.2).
// Empty without rows or with NaN scores; x (or y) is NaN throughout without negatives
// (positives), as scikit-learn's.
Curve rocCurve(const BinaryRanking &r, const QString &name);
// roc_auc_score: NaN with one class only or NaN scores.
double rocAuc(const BinaryRanking &r);

Curve precisionRecallCurve(const BinaryRanking &r, const QString &name);
// average_precision_score: the step-wise sum over the precision-recall points (0 without
// positives, as scikit-learn 1.2).
double averagePrecision(const BinaryRanking &r);

Curve gainsCurve(const BinaryRanking &r, const QString &name);
Curve liftCurve(const BinaryRanking &r, const QString &name);
Curve liftCurve(const Curve &gains, const QString &name); // from a gains curve

// calibration_curve(n_bins=10, strategy="uniform"), weighted when weights are given (scikit-learn
// takes none). Empty when a probability is NaN or outside [0, 1].
Curve calibrationCurve(const Eigen::VectorXd &proba, const Eigen::VectorXi &truth01,
                       const Eigen::VectorXd &weight, const QString &name);

// At most maxPoints (>= 2) of the curve's points, evenly spaced by index, the first and last
// kept: for drawing or storing curves of millions of points. Thresholds follow their points
// (a precision-recall curve's missing last threshold stays missing).
Curve thinned(const Curve &curve, std::size_t maxPoints);

} // namespace flowline::core::eval

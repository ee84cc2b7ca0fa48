#pragma once

// Everything that depends on where a binary score is cut: the counts at any threshold, the
// metrics there, and the thresholds that maximise F1 or Youden's J or minimise a cost. Sorting
// happens once (radix sort of the scores); each query is then a binary search.
// A row whose score is NaN is never predicted positive.

#include <Eigen/Core>

#include <QString>

#include <vector>

namespace flowline::core::eval {

struct Metric;

class ThresholdAnalysis
{
public:
    ThresholdAnalysis(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                      const Eigen::VectorXd &weight = {});

    struct Counts
    {
        double tp, fp, tn, fn;
    };
    // Predicted positive when score >= threshold.
    Counts at(double threshold) const;
    // threshold, tp, fp, tn, fn, precision, recall, f1, specificity, false_positive_rate,
    // accuracy, balanced_accuracy, mcc (a ratio with a zero denominator gives 0, as scikit-learn's
    // zero_division default; specificity / false_positive_rate give NaN with no negatives).
    std::vector<Metric> metricsAt(double threshold) const;

    // The candidates are the distinct scores and +infinity (nothing positive); among equally good
    // ones the highest threshold wins. NaN when there are no rows.
    double bestF1Threshold() const;
    double bestYoudenThreshold() const;
    double minCostThreshold(double costFp, double costFn) const;
    // cost(truth, predicted): [0][0] = TN, [0][1] = FP, [1][0] = FN, [1][1] = TP.
    double minCostThreshold(const Eigen::Matrix2d &cost) const;

    // Distinct non-NaN scores, descending, and the weighted positives / negatives scoring >= each.
    const std::vector<double> &thresholds() const { return m_thresholds; }
    const std::vector<double> &cumulativePositives() const { return m_tps; }
    const std::vector<double> &cumulativeNegatives() const { return m_fps; }
    double positives() const { return m_pos; }
    double negatives() const { return m_neg; }

private:
    Counts countsAtIndex(std::ptrdiff_t i) const; // i = -1: nothing positive
    template <class Score>
    double bestThreshold(Score score) const;

    std::vector<double> m_thresholds, m_tps, m_fps;
    double m_pos = 0, m_neg = 0;
};

} // namespace flowline::core::eval

#include "ThresholdAnalysis.h"

#include "BinaryRanking.h"
#include "Evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double ratio(double a, double b)
{
    return b != 0 ? a / b : 0.0;
}

double f1Of(const ThresholdAnalysis::Counts &c)
{
    const double denom = 2 * c.tp + c.fp + c.fn;
    return denom != 0 ? 2 * c.tp / denom : 0.0;
}

} // namespace

ThresholdAnalysis::ThresholdAnalysis(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                                     const Eigen::VectorXd &weight)
{
    BinaryRanking r = rankScores(score, truth01, weight);
    m_thresholds = std::move(r.thresholds);
    m_tps = std::move(r.tps);
    m_fps = std::move(r.fps);
    m_pos = r.positives + r.nanPositives;
    m_neg = r.negatives + r.nanNegatives;
}

ThresholdAnalysis::Counts ThresholdAnalysis::countsAtIndex(std::ptrdiff_t i) const
{
    const double tp = i >= 0 ? m_tps[std::size_t(i)] : 0.0;
    const double fp = i >= 0 ? m_fps[std::size_t(i)] : 0.0;
    return {tp, fp, m_neg - fp, m_pos - tp};
}

ThresholdAnalysis::Counts ThresholdAnalysis::at(double threshold) const
{
    if (std::isnan(threshold))
        return countsAtIndex(-1);
    // m_thresholds is descending: count the distinct scores >= threshold.
    const auto end = std::partition_point(m_thresholds.begin(), m_thresholds.end(),
                                          [&](double s) { return s >= threshold; });
    return countsAtIndex(std::ptrdiff_t(end - m_thresholds.begin()) - 1);
}

std::vector<Metric> ThresholdAnalysis::metricsAt(double threshold) const
{
    const Counts c = at(threshold);
    const double total = c.tp + c.fp + c.tn + c.fn;
    const double recall = ratio(c.tp, c.tp + c.fn);
    const double specificity = c.tn + c.fp > 0 ? c.tn / (c.tn + c.fp) : kNaN;
    const double covTT = (c.tp + c.fn) * (c.tn + c.fp), covPP = (c.tp + c.fp) * (c.tn + c.fn);
    const double mcc =
        covTT * covPP == 0 ? 0.0 : (c.tp * c.tn - c.fp * c.fn) / std::sqrt(covTT * covPP);
    // balanced_accuracy_score: the mean recall over the classes that occur.
    double balanced = kNaN;
    if (c.tp + c.fn > 0 && c.tn + c.fp > 0)
        balanced = (recall + specificity) / 2;
    else if (c.tp + c.fn > 0)
        balanced = recall;
    else if (c.tn + c.fp > 0)
        balanced = specificity;
    return {{QStringLiteral("threshold"), threshold},
            {QStringLiteral("tp"), c.tp},
            {QStringLiteral("fp"), c.fp},
            {QStringLiteral("tn"), c.tn},
            {QStringLiteral("fn"), c.fn},
            {QStringLiteral("precision"), ratio(c.tp, c.tp + c.fp)},
            {QStringLiteral("recall"), recall},
            {QStringLiteral("f1"), f1Of(c)},
            {QStringLiteral("specificity"), specificity},
            {QStringLiteral("false_positive_rate"), 1.0 - specificity},
            {QStringLiteral("accuracy"), total > 0 ? (c.tp + c.tn) / total : kNaN},
            {QStringLiteral("balanced_accuracy"), balanced},
            {QStringLiteral("mcc"), mcc}};
}

template <class Score>
double ThresholdAnalysis::bestThreshold(Score score) const
{
    if (m_pos + m_neg <= 0)
        return kNaN;
    double best = score(countsAtIndex(-1)), bestThreshold = kInf;
    for (std::size_t i = 0; i < m_thresholds.size(); ++i) {
        const double s = score(countsAtIndex(std::ptrdiff_t(i)));
        if (s > best) {
            best = s;
            bestThreshold = m_thresholds[i];
        }
    }
    return bestThreshold;
}

double ThresholdAnalysis::bestF1Threshold() const
{
    return bestThreshold([](const Counts &c) { return f1Of(c); });
}

double ThresholdAnalysis::bestYoudenThreshold() const
{
    return bestThreshold(
        [](const Counts &c) { return ratio(c.tp, c.tp + c.fn) - ratio(c.fp, c.fp + c.tn); });
}

double ThresholdAnalysis::minCostThreshold(double costFp, double costFn) const
{
    Eigen::Matrix2d cost;
    cost << 0, costFp, costFn, 0;
    return minCostThreshold(cost);
}

double ThresholdAnalysis::minCostThreshold(const Eigen::Matrix2d &cost) const
{
    return bestThreshold([&](const Counts &c) {
        return -(cost(0, 0) * c.tn + cost(0, 1) * c.fp + cost(1, 0) * c.fn + cost(1, 1) * c.tp);
    });
}

} // namespace flowline::core::eval

#pragma once

// The losses of histogram gradient boosting, as scikit-learn's: half squared error (regression),
// binary log loss (one raw score, the log-odds of class 1) and multinomial log loss (K raw
// scores, softmax). Raw scores and gradients are stored output-major: output k of row i at
// k · n + i.

#include <Eigen/Core>

#include <QString>

#include <cstdint>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

class BoostingLoss
{
public:
    enum class Kind { SquaredError, Binary, Multinomial };

    BoostingLoss(Kind kind, int classCount);

    Kind kind() const { return m_kind; }
    int outputs() const { return m_outputs; }
    QString name() const;

    // The best constant raw score: the weighted mean (regression), the log-odds of the weighted
    // prior (binary), the centred log priors (multinomial); priors clipped to [eps, 1 - eps].
    Eigen::VectorXd baseline(const std::vector<double> &y, const std::vector<double> &w) const;

    // Gradient and hessian of the (weighted) loss for each row and output, written as floats,
    // and the weighted mean loss at `raw`, in one pass (blocks in parallel, summed in order).
    double gradients(const std::vector<double> &y, const std::vector<double> &w,
                     const std::vector<double> &raw, std::vector<float> &g, std::vector<float> &h,
                     JobContext &ctx) const;
    // The weighted mean loss at `raw` alone.
    double loss(const std::vector<double> &y, const std::vector<double> &w,
                const std::vector<double> &raw, JobContext &ctx) const;

private:
    double pass(const std::vector<double> &y, const std::vector<double> &w,
                const std::vector<double> &raw, float *g, float *h, JobContext &ctx) const;

    Kind m_kind;
    int m_classCount;
    int m_outputs;
};

} // namespace flowline::core::ml

#pragma once

// The smooth part of logistic regression's objective, Σ weight · log loss, with its gradient and
// Hessian, computed over row chunks in parallel (bit-identical sums for any thread count).
//
// Parameters θ are laid out one output after the other: output k holds its p coefficients then,
// with an intercept, its intercept (q = p or p + 1 values). Binary problems have one output (the
// score of class 1, sigmoid); K > 2 classes have K outputs (softmax).

#include "Model.h"

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

class LogisticObjective
{
public:
    LogisticObjective(const Dataset &data, bool intercept, JobContext &ctx);

    int outputs() const { return m_outputs; }
    Eigen::Index perOutput() const { return m_q; }
    Eigen::Index size() const { return m_outputs * m_q; }

    // The loss at θ with its gradient and Hessian (lower triangle filled), in one pass over X;
    // the scores at θ become the candidate.
    double evaluate(const Eigen::VectorXd &theta, Eigen::VectorXd &gradient,
                    Eigen::MatrixXd &hessian);
    // The same at the current scores (θ = 0 at first).
    double derivatives(Eigen::VectorXd &gradient, Eigen::MatrixXd &hessian);
    // The loss at current + t (candidate - current), without reading X: for line searches.
    double lossBetween(double t);
    // The current scores move t of the way to the candidate (t = 1: become it).
    void moveTo(double t);

private:
    double rowLoss(Eigen::Index i, const double *z) const;
    double pass(const Eigen::VectorXd *theta, Eigen::VectorXd &gradient, Eigen::MatrixXd &hessian);

    const Dataset &m_data;
    bool m_intercept;
    JobContext &m_ctx;
    int m_outputs;
    Eigen::Index m_p, m_q;
    Eigen::MatrixXd m_scores;    // rows × outputs
    Eigen::MatrixXd m_candidate; // rows × outputs, at the last evaluated θ
};

} // namespace flowline::core::ml

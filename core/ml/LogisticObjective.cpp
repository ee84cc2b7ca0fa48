#include "LogisticObjective.h"

#include "LinearSupport.h"
#include "jobs/JobContext.h"

#include <cmath>

namespace flowline::core::ml {

namespace {

// Rows per piece inside a chunk: keeps the augmented copy in cache.
constexpr Eigen::Index kPiece = 2048;

// log(1 + exp(z)) without overflow.
inline double log1pExp(double z)
{
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

struct Slot
{
    double loss = 0;
    Eigen::VectorXd gradient;
    Eigen::MatrixXd hessian;
};

} // namespace

LogisticObjective::LogisticObjective(const Dataset &data, bool intercept, JobContext &ctx)
    : m_data(data)
    , m_intercept(intercept)
    , m_ctx(ctx)
    , m_outputs(data.classCount > 2 ? data.classCount : 1)
    , m_p(data.cols())
    , m_q(data.cols() + (intercept ? 1 : 0))
    , m_scores(Eigen::MatrixXd::Zero(data.rows(), m_outputs))
{}

double LogisticObjective::rowLoss(Eigen::Index i, const double *z) const
{
    const int label = int(m_data.y[i]);
    if (m_outputs == 1)
        return log1pExp(z[0]) - (label == 1 ? z[0] : 0.0);
    double m = z[0];
    for (int k = 1; k < m_outputs; ++k)
        m = std::max(m, z[k]);
    double s = 0;
    for (int k = 0; k < m_outputs; ++k)
        s += std::exp(z[k] - m);
    return m + std::log(s) - z[label];
}

double LogisticObjective::evaluate(const Eigen::VectorXd &theta, Eigen::VectorXd &gradient,
                                   Eigen::MatrixXd &hessian)
{
    return pass(&theta, gradient, hessian);
}

double LogisticObjective::derivatives(Eigen::VectorXd &gradient, Eigen::MatrixXd &hessian)
{
    return pass(nullptr, gradient, hessian);
}

double LogisticObjective::pass(const Eigen::VectorXd *theta, Eigen::VectorXd &gradient,
                               Eigen::MatrixXd &hessian)
{
    const Eigen::Index n = m_data.rows(), m = size(), K = m_outputs;
    // θ as a q × K matrix: the scores of a piece are its augmented rows times this.
    Eigen::MatrixXd coef;
    if (theta) {
        coef = Eigen::Map<const Eigen::MatrixXd>(theta->data(), m_q, K);
        m_candidate.resize(n, K);
    }
    Eigen::MatrixXd &scores = theta ? m_candidate : m_scores;
    std::vector<Slot> slots(rowChunkCount(n));
    forRowChunks(m_ctx, n, [&](Eigen::Index c, Eigen::Index first, Eigen::Index count) {
        Slot &s = slots[c];
        s.gradient = Eigen::VectorXd::Zero(m);
        s.hessian = Eigen::MatrixXd::Zero(m, m);
        // Scratch kept per thread at a fixed size: buffers allocated and freed on every piece
        // cost page faults (glibc maps and unmaps large blocks).
        thread_local Eigen::MatrixXd xaBuf, scaledBuf, GBuf, PBuf;
        thread_local Eigen::VectorXd dBuf;
        if (xaBuf.rows() != kPiece || xaBuf.cols() != m_q) {
            xaBuf.resize(kPiece, m_q);
            scaledBuf.resize(kPiece, m_q);
        }
        if (GBuf.rows() != kPiece || GBuf.cols() != K) {
            GBuf.resize(kPiece, K);
            PBuf.resize(kPiece, K);
            dBuf.resize(kPiece);
        }
        for (Eigen::Index at = first; at < first + count; at += kPiece) {
            const Eigen::Index len = std::min(kPiece, first + count - at);
            auto xa = xaBuf.topRows(len);
            auto scaled = scaledBuf.topRows(len);
            auto G = GBuf.topRows(len);
            auto P = PBuf.topRows(len);
            auto d = dBuf.head(len);
            xa.leftCols(m_p) = m_data.X.middleRows(at, len);
            if (m_intercept)
                xa.col(m_p).setOnes();
            if (theta)
                scores.middleRows(at, len).noalias() = xa * coef;
            for (Eigen::Index r = 0; r < len; ++r) {
                const Eigen::Index i = at + r;
                const double w = m_data.weightOf(i);
                const int label = int(m_data.y[i]);
                if (K == 1) {
                    const double z = scores(i, 0);
                    // One exponential serves the loss and the probability.
                    const double e = std::exp(-std::abs(z));
                    const double pr = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                    s.loss += w * ((z > 0 ? z : 0.0) + std::log1p(e) - (label == 1 ? z : 0.0));
                    G(r, 0) = w * (pr - (label == 1 ? 1.0 : 0.0));
                    P(r, 0) = w * pr * (1.0 - pr); // the Hessian weight
                } else {
                    double mx = scores(i, 0);
                    for (Eigen::Index k = 1; k < K; ++k)
                        mx = std::max(mx, scores(i, k));
                    double sum = 0;
                    for (Eigen::Index k = 0; k < K; ++k) {
                        P(r, k) = std::exp(scores(i, k) - mx);
                        sum += P(r, k);
                    }
                    s.loss += w * (mx + std::log(sum) - scores(i, label));
                    for (Eigen::Index k = 0; k < K; ++k) {
                        P(r, k) /= sum;
                        G(r, k) = w * (P(r, k) - (k == label ? 1.0 : 0.0));
                    }
                }
            }
            for (Eigen::Index k = 0; k < K; ++k)
                s.gradient.segment(k * m_q, m_q).noalias() += xa.transpose() * G.col(k);
            if (K == 1) {
                scaled.array() = xa.array().colwise() * P.col(0).array().sqrt();
                s.hessian.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
                continue;
            }
            // Block (k, l) of the Hessian: Σ w · p_k (δ_kl - p_l) x xᵀ.
            for (Eigen::Index k = 0; k < K; ++k) {
                for (Eigen::Index l = 0; l <= k; ++l) {
                    for (Eigen::Index r = 0; r < len; ++r)
                        d[r] = m_data.weightOf(at + r) * P(r, k) * ((k == l ? 1.0 : 0.0) - P(r, l));
                    scaled.array() = xa.array().colwise() * d.array();
                    s.hessian.block(k * m_q, l * m_q, m_q, m_q).noalias() +=
                        xa.transpose() * scaled;
                }
            }
        }
    });
    double loss = 0;
    gradient = Eigen::VectorXd::Zero(m);
    hessian = Eigen::MatrixXd::Zero(m, m);
    for (const Slot &s : slots) { // chunk order: the same sums for any thread count
        loss += s.loss;
        if (s.gradient.size() == m) {
            gradient += s.gradient;
            hessian += s.hessian;
        }
    }
    return loss;
}

double LogisticObjective::lossBetween(double t)
{
    const Eigen::Index n = m_data.rows();
    std::vector<double> slots(rowChunkCount(n), 0.0);
    forRowChunks(m_ctx, n, [&](Eigen::Index c, Eigen::Index first, Eigen::Index count) {
        double sum = 0;
        std::vector<double> z(m_outputs);
        for (Eigen::Index i = first; i < first + count; ++i) {
            for (int k = 0; k < m_outputs; ++k)
                z[k] = m_scores(i, k) + t * (m_candidate(i, k) - m_scores(i, k));
            sum += m_data.weightOf(i) * rowLoss(i, z.data());
        }
        slots[c] = sum;
    });
    double loss = 0;
    for (double s : slots)
        loss += s;
    return loss;
}

void LogisticObjective::moveTo(double t)
{
    if (t == 1.0)
        m_scores.swap(m_candidate);
    else
        m_scores += t * (m_candidate - m_scores);
}

} // namespace flowline::core::ml

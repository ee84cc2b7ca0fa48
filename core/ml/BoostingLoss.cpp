#include "BoostingLoss.h"

#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::ml {

namespace {

constexpr Eigen::Index kBlock = 16384;
constexpr double kEps = std::numeric_limits<double>::epsilon();

} // namespace

BoostingLoss::BoostingLoss(Kind kind, int classCount)
    : m_kind(kind)
    , m_classCount(classCount)
    , m_outputs(kind == Kind::Multinomial ? classCount : 1)
{}

QString BoostingLoss::name() const
{
    return m_kind == Kind::SquaredError ? QStringLiteral("half_squared_error")
                                        : QStringLiteral("log_loss");
}

Eigen::VectorXd BoostingLoss::baseline(const std::vector<double> &y,
                                       const std::vector<double> &w) const
{
    const std::size_t n = y.size();
    double total = 0;
    for (std::size_t i = 0; i < n; ++i)
        total += w.empty() ? 1.0 : w[i];
    auto weightedMean = [&](auto &&value) {
        double s = 0;
        for (std::size_t i = 0; i < n; ++i)
            s += (w.empty() ? 1.0 : w[i]) * value(i);
        return total > 0 ? s / total : 0.0;
    };
    if (m_kind == Kind::SquaredError)
        return Eigen::VectorXd::Constant(1, weightedMean([&](std::size_t i) { return y[i]; }));
    if (m_kind == Kind::Binary) {
        const double p = std::clamp(
            weightedMean([&](std::size_t i) { return y[i] == 1 ? 1.0 : 0.0; }), kEps, 1 - kEps);
        return Eigen::VectorXd::Constant(1, std::log(p / (1 - p)));
    }
    // scikit-learn's symmetric multinomial logit: log(p_k / geometric mean of p).
    Eigen::VectorXd prior(m_outputs);
    double meanLog = 0; // summed in order, as numpy's mean of a few values
    for (int k = 0; k < m_outputs; ++k) {
        prior[k] = std::clamp(weightedMean([&](std::size_t i) { return y[i] == k ? 1.0 : 0.0; }),
                              kEps, 1 - kEps);
        meanLog += std::log(prior[k]);
    }
    const double geometricMean = std::exp(meanLog / double(m_outputs));
    Eigen::VectorXd out(m_outputs);
    for (int k = 0; k < m_outputs; ++k)
        out[k] = std::log(prior[k] / geometricMean);
    return out;
}

double BoostingLoss::pass(const std::vector<double> &y, const std::vector<double> &w,
                          const std::vector<double> &raw, float *g, float *h, JobContext &ctx) const
{
    const auto n = Eigen::Index(y.size());
    const Eigen::Index blocks = (n + kBlock - 1) / kBlock;
    std::vector<double> sums(std::size_t(blocks), 0.0), weights(std::size_t(blocks), 0.0);
    const int K = m_outputs;
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock, end = std::min(n, begin + kBlock);
        double sum = 0, wsum = 0;
        if (m_kind == Kind::Binary) {
            // Whole-block array expressions: Eigen's exp and log run on vector registers.
            // Stable forms as scikit-learn's, sharing e = exp(-|r|):
            // loss = log(1 + exp(r)) - y r = max(r, 0) + log(1 + e) - y r.
            const Eigen::Index len = end - begin;
            const Eigen::Map<const Eigen::ArrayXd> r(raw.data() + begin, len);
            const Eigen::Map<const Eigen::ArrayXd> yv(y.data() + begin, len);
            const Eigen::ArrayXd e = (-r.abs()).exp();
            const Eigen::ArrayXd onePlus = 1.0 + e;
            const Eigen::ArrayXd li = r.max(0.0) + onePlus.log() - yv * r;
            if (g) {
                // r <= 0: p = e / (1 + e); r > 0: p = 1 / (1 + e). gradient p - y, hessian
                // p (1 - p) = e / (1 + e)^2 either way.
                const Eigen::ArrayXd p = (r <= 0.0).select(e, 1.0) / onePlus;
                const Eigen::ArrayXd hess = e / (onePlus * onePlus);
                for (Eigen::Index i = 0; i < len; ++i) {
                    const double wi = w.empty() ? 1.0 : w[std::size_t(begin + i)];
                    g[begin + i] = float(wi * (p[i] - yv[i]));
                    h[begin + i] = float(wi * hess[i]);
                }
            }
            if (w.empty()) {
                sum = li.sum();
                wsum = double(len);
            } else {
                const Eigen::Map<const Eigen::ArrayXd> wv(w.data() + begin, len);
                sum = (wv * li).sum();
                wsum = wv.sum();
            }
            sums[std::size_t(b)] = sum;
            weights[std::size_t(b)] = wsum;
            return;
        }
        std::vector<double> p(static_cast<std::size_t>(K), 0.0);
        for (Eigen::Index i = begin; i < end; ++i) {
            const double wi = w.empty() ? 1.0 : w[std::size_t(i)];
            const double yi = y[std::size_t(i)];
            double li;
            if (m_kind == Kind::SquaredError) {
                const double d = raw[std::size_t(i)] - yi;
                li = 0.5 * d * d;
                if (g) {
                    g[i] = float(wi * d);
                    h[i] = float(wi);
                }
            } else {
                double top = -std::numeric_limits<double>::infinity();
                for (int k = 0; k < K; ++k)
                    top = std::max(top, raw[std::size_t(k * n + i)]);
                double s = 0;
                for (int k = 0; k < K; ++k)
                    s += (p[std::size_t(k)] = std::exp(raw[std::size_t(k * n + i)] - top));
                const int yk = int(yi);
                li = std::log(s) + top - raw[std::size_t(yk * n + i)];
                if (g) {
                    for (int k = 0; k < K; ++k) {
                        const double pk = p[std::size_t(k)] / s;
                        g[k * n + i] = float(wi * (pk - (k == yk ? 1.0 : 0.0)));
                        h[k * n + i] = float(wi * pk * (1 - pk));
                    }
                }
            }
            sum += wi * li;
            wsum += wi;
        }
        sums[std::size_t(b)] = sum;
        weights[std::size_t(b)] = wsum;
    });
    double sum = 0, wsum = 0;
    for (Eigen::Index b = 0; b < blocks; ++b) {
        sum += sums[std::size_t(b)];
        wsum += weights[std::size_t(b)];
    }
    return wsum > 0 ? sum / wsum : 0.0;
}

double BoostingLoss::gradients(const std::vector<double> &y, const std::vector<double> &w,
                               const std::vector<double> &raw, std::vector<float> &g,
                               std::vector<float> &h, JobContext &ctx) const
{
    g.resize(y.size() * std::size_t(m_outputs));
    h.resize(g.size());
    return pass(y, w, raw, g.data(), h.data(), ctx);
}

double BoostingLoss::loss(const std::vector<double> &y, const std::vector<double> &w,
                          const std::vector<double> &raw, JobContext &ctx) const
{
    return pass(y, w, raw, nullptr, nullptr, ctx);
}

} // namespace flowline::core::ml

#include "KMeansLloyd.h"

#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::core::ml {

namespace {

constexpr Eigen::Index kBlock = 4096; // rows per parallel task (fixed: results do not depend on
                                      // the thread count)
constexpr Eigen::Index kChunk = 256;  // rows per matrix product

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct BlockSums
{
    Eigen::MatrixXd sums;   // k × d weighted sums of the block's rows per cluster
    Eigen::VectorXd weight; // k
    double inertia = 0; // Σ w ‖x − c_label‖² with the centres the labels were chosen for
};

Eigen::Index blockCount(Eigen::Index n)
{
    return (n + kBlock - 1) / kBlock;
}

// Labels rows [r0, r0 + rn) with their nearest centre: ‖c‖² − 2 x·c, smallest first on ties.
// `nearest` (optional, indexed from r0): ‖c‖² − 2 x·c of the chosen centre.
void assignRows(const Eigen::MatrixXd &X, const Eigen::MatrixXd &centers,
                const Eigen::VectorXd &centerNorms, Eigen::Index r0, Eigen::Index rn,
                Eigen::VectorXi &labels, double *nearest = nullptr)
{
    const Eigen::Index k = centers.rows();
    RowMatrix G(std::min(kChunk, rn), k);
    const Eigen::MatrixXd Ct = centers.transpose();
    for (Eigen::Index c0 = r0; c0 < r0 + rn; c0 += kChunk) {
        const Eigen::Index cn = std::min(kChunk, r0 + rn - c0);
        G.topRows(cn).noalias() = X.middleRows(c0, cn) * Ct;
        for (Eigen::Index i = 0; i < cn; ++i) {
            const double *g = G.row(i).data();
            int best = 0;
            double bestD = centerNorms[0] - 2.0 * g[0];
            for (Eigen::Index j = 1; j < k; ++j) {
                const double dj = centerNorms[j] - 2.0 * g[j];
                if (dj < bestD) {
                    bestD = dj;
                    best = int(j);
                }
            }
            labels[c0 + i] = best;
            if (nearest)
                nearest[c0 - r0 + i] = bestD;
        }
    }
}

// Per-row squared distance to its centre, rows [r0, r0 + rn).
void rowDistances(const Eigen::MatrixXd &X, const Eigen::MatrixXd &centers,
                  const Eigen::VectorXi &labels, Eigen::Index r0, Eigen::Index rn, double *out)
{
    std::fill(out, out + rn, 0.0);
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double *x = X.col(j).data() + r0;
        for (Eigen::Index i = 0; i < rn; ++i) {
            const double t = x[i] - centers(labels[r0 + i], j);
            out[i] += t * t;
        }
    }
}

// The block's weighted sums per cluster, and its inertia from the assignment's ‖c‖² − 2 x·c
// plus ‖x‖² (the loss curve; the final inertia is computed directly).
void sumBlock(const Eigen::MatrixXd &X, const Eigen::VectorXd &w, const Eigen::VectorXd &rowNorms,
              const double *nearest, Eigen::Index k, const Eigen::VectorXi &labels, Eigen::Index r0,
              Eigen::Index rn, BlockSums &out)
{
    out.sums.setZero(k, X.cols());
    out.weight.setZero(k);
    double s = 0;
    for (Eigen::Index i = r0; i < r0 + rn; ++i) {
        out.weight[labels[i]] += w[i];
        s += w[i] * std::max(0.0, rowNorms[i] + nearest[i - r0]);
    }
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double *x = X.col(j).data();
        for (Eigen::Index i = r0; i < r0 + rn; ++i)
            out.sums(labels[i], j) += w[i] * x[i];
    }
    out.inertia = s;
}

// scikit-learn's _relocate_empty_clusters_dense: each empty cluster takes one of the rows
// farthest from their (old) centres, farthest first (ties: lower row first). Labels are not
// changed; the next assignment sees the moved centre.
void relocateEmpty(const Eigen::MatrixXd &X, const Eigen::VectorXd &w,
                   const Eigen::MatrixXd &oldCenters, const Eigen::VectorXi &labels,
                   Eigen::MatrixXd &sums, Eigen::VectorXd &weight, JobContext &ctx)
{
    std::vector<int> empty;
    for (Eigen::Index c = 0; c < weight.size(); ++c)
        if (weight[c] == 0)
            empty.push_back(int(c));
    if (empty.empty())
        return;
    const Eigen::Index n = X.rows();
    std::vector<double> dist(static_cast<std::size_t>(n));
    parallelFor(ctx, blockCount(n), [&](std::int64_t b) {
        const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
        rowDistances(X, oldCenters, labels, r0, rn, dist.data() + r0);
    });
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    const std::size_t m = std::min(empty.size(), order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(m), order.end(),
                      [&](std::int64_t a, std::int64_t b) {
                          return dist[std::size_t(a)] > dist[std::size_t(b)] ||
                                 (dist[std::size_t(a)] == dist[std::size_t(b)] && a < b);
                      });
    for (std::size_t e = 0; e < m; ++e) {
        const Eigen::Index far = order[e];
        const int from = labels[far];
        const int to = empty[e];
        sums.row(from) -= w[far] * X.row(far);
        sums.row(to) = w[far] * X.row(far);
        weight[to] = w[far];
        weight[from] -= w[far];
    }
}

} // namespace

double kmeansInertia(const Eigen::MatrixXd &X, const Eigen::VectorXd &w,
                     const Eigen::MatrixXd &centers, const Eigen::VectorXi &labels, JobContext &ctx)
{
    const Eigen::Index n = X.rows();
    std::vector<double> part(std::size_t(blockCount(n)), 0.0);
    parallelFor(ctx, blockCount(n), [&](std::int64_t b) {
        const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
        std::vector<double> dist(static_cast<std::size_t>(rn));
        rowDistances(X, centers, labels, r0, rn, dist.data());
        double s = 0;
        for (Eigen::Index i = 0; i < rn; ++i)
            s += w[r0 + i] * dist[std::size_t(i)];
        part[std::size_t(b)] = s;
    });
    double total = 0;
    for (double s : part)
        total += s;
    return total;
}

Result<LloydResult> runLloyd(const Eigen::MatrixXd &X, const Eigen::VectorXd &w,
                             Eigen::MatrixXd centers, int maxIter, double tol, JobContext &ctx,
                             const std::function<void(int)> &progress)
{
    const Eigen::Index n = X.rows(), k = centers.rows();
    const Eigen::Index blocks = blockCount(n);
    LloydResult r;
    r.labels = Eigen::VectorXi::Constant(n, -1);
    Eigen::VectorXi labelsOld = r.labels;
    std::vector<BlockSums> parts(static_cast<std::size_t>(blocks));
    bool strict = false;
    int iterations = 0;
    Eigen::VectorXd rowNorms(n);
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
        rowNorms.segment(r0, rn) = X.middleRows(r0, rn).rowwise().squaredNorm();
    });
    for (int it = 0; it < maxIter; ++it) {
        iterations = it + 1;
        const Eigen::VectorXd norms = centers.rowwise().squaredNorm();
        parallelFor(ctx, blocks, [&](std::int64_t b) {
            const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
            std::vector<double> nearest(static_cast<std::size_t>(rn));
            assignRows(X, centers, norms, r0, rn, r.labels, nearest.data());
            sumBlock(X, w, rowNorms, nearest.data(), k, r.labels, r0, rn, parts[std::size_t(b)]);
        });
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(k, X.cols());
        Eigen::VectorXd weight = Eigen::VectorXd::Zero(k);
        double inertia = 0;
        for (const BlockSums &p : parts) {
            sums += p.sums;
            weight += p.weight;
            inertia += p.inertia;
        }
        r.inertiaCurve.push_back(inertia);
        relocateEmpty(X, w, centers, r.labels, sums, weight, ctx);
        Eigen::MatrixXd next = centers;
        for (Eigen::Index c = 0; c < k; ++c)
            if (weight[c] > 0)
                next.row(c) = sums.row(c) / weight[c];
        const double shift = (next - centers).rowwise().squaredNorm().sum();
        centers.swap(next);
        if (r.labels == labelsOld) {
            strict = true;
            break;
        }
        if (shift <= tol)
            break;
        labelsOld = r.labels;
        if (progress)
            progress(it);
    }
    if (!strict) {
        // Labels that match the final centres.
        const Eigen::VectorXd norms = centers.rowwise().squaredNorm();
        parallelFor(ctx, blocks, [&](std::int64_t b) {
            const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
            assignRows(X, centers, norms, r0, rn, r.labels);
        });
    }
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    r.inertia = kmeansInertia(X, w, centers, r.labels, ctx);
    r.centers = std::move(centers);
    r.iterations = iterations;
    return r;
}

Eigen::MatrixXd kmeansPlusPlus(const Eigen::MatrixXd &X, const Eigen::VectorXd &w, int k,
                               SplitMix64 &rng, JobContext &ctx)
{
    const Eigen::Index n = X.rows(), d = X.cols();
    const int trials = 2 + int(std::log(double(k)));
    const Eigen::Index blocks = blockCount(n);
    Eigen::MatrixXd centers(k, d);
    std::vector<double> cumulative(static_cast<std::size_t>(n));
    // The first row with cumulative weight reaching u × total.
    const auto draw = [&](const Eigen::VectorXd &mass) {
        double s = 0;
        for (Eigen::Index i = 0; i < n; ++i)
            cumulative[std::size_t(i)] = (s += mass[i]);
        const double target = rng.uniform() * s;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
        return std::min<Eigen::Index>(Eigen::Index(it - cumulative.begin()), n - 1);
    };
    // Squared distances of every row to the given rows (n × m), and per candidate
    // Σ w min(closest, distance) (block partial sums added in block order).
    Eigen::MatrixXd dist(n, trials);
    Eigen::MatrixXd partial(blocks, trials);
    const auto distancesTo = [&](const std::vector<Eigen::Index> &rows,
                                 const Eigen::VectorXd *closest) {
        parallelFor(ctx, blocks, [&](std::int64_t b) {
            const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
            const Eigen::Index m = Eigen::Index(rows.size());
            for (Eigen::Index t = 0; t < m; ++t)
                std::fill_n(dist.col(t).data() + r0, rn, 0.0);
            for (Eigen::Index j = 0; j < d; ++j) { // each column read once for every row asked
                const double *x = X.col(j).data() + r0;
                for (Eigen::Index t = 0; t < m; ++t) {
                    double *out = dist.col(t).data() + r0;
                    const double c = X(rows[std::size_t(t)], j);
                    for (Eigen::Index i = 0; i < rn; ++i) {
                        const double u = x[i] - c;
                        out[i] += u * u;
                    }
                }
            }
            for (Eigen::Index t = 0; t < m; ++t) {
                const double *out = dist.col(t).data() + r0;
                double s = 0;
                for (Eigen::Index i = 0; i < rn; ++i)
                    s += w[r0 + i] * (closest ? std::min((*closest)[r0 + i], out[i]) : out[i]);
                partial(b, t) = s;
            }
        });
    };
    const Eigen::Index first = draw(w);
    centers.row(0) = X.row(first);
    distancesTo({first}, nullptr);
    Eigen::VectorXd closest = dist.col(0);
    for (int c = 1; c < k; ++c) {
        std::vector<Eigen::Index> candidates;
        const Eigen::VectorXd mass = w.cwiseProduct(closest);
        double s = 0;
        for (Eigen::Index i = 0; i < n; ++i)
            cumulative[std::size_t(i)] = (s += mass[i]);
        for (int t = 0; t < trials; ++t) {
            const double target = rng.uniform() * s;
            const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
            candidates.push_back(
                std::min<Eigen::Index>(Eigen::Index(it - cumulative.begin()), n - 1));
        }
        distancesTo(candidates, &closest);
        int best = 0;
        double bestPot = INFINITY;
        for (int t = 0; t < trials; ++t) {
            double pot = 0;
            for (Eigen::Index b = 0; b < blocks; ++b)
                pot += partial(b, t);
            if (pot < bestPot) {
                bestPot = pot;
                best = t;
            }
        }
        closest = closest.cwiseMin(dist.col(best));
        centers.row(c) = X.row(candidates[std::size_t(best)]);
        if (ctx.isCanceled())
            break;
    }
    return centers;
}

Eigen::MatrixXd kmeansRandomInit(const Eigen::MatrixXd &X, int k, SplitMix64 &rng)
{
    std::vector<Eigen::Index> rows(static_cast<std::size_t>(X.rows()));
    std::iota(rows.begin(), rows.end(), 0);
    Eigen::MatrixXd centers(k, X.cols());
    for (int c = 0; c < k; ++c) {
        const std::size_t pick =
            std::size_t(c) + std::size_t(rng.below(rows.size() - std::size_t(c)));
        std::swap(rows[std::size_t(c)], rows[pick]);
        centers.row(c) = X.row(rows[std::size_t(c)]);
    }
    return centers;
}

} // namespace flowline::core::ml

// evaluateClustering: inertia (sum of squared distances to the cluster means), scikit-learn's
// silhouette_score (Euclidean, distances as its euclidean_distances: |x|^2 - 2 x.y + |y|^2
// clipped at 0), the number of clusters and the fraction of noise. Rows labelled negative
// (noise) are left out of inertia and silhouette, as a convention: scikit-learn would treat -1
// as one more cluster. Silhouette is NaN unless there are 2 .. m-1 clusters among m non-noise
// rows (where scikit-learn raises).
//
// The silhouette runs over blocks of rows in parallel; each block writes its own rows' values,
// and the mean is taken in row order, so the result does not depend on the thread count.

#include "Evaluation.h"

#include "jobs/Parallel.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace flowline::core::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double silhouette(const Eigen::MatrixXd &X, const std::vector<int> &labels, int clusters,
                  JobContext &ctx)
{
    const Eigen::Index m = X.rows();
    if (clusters < 2 || clusters > m - 1)
        return kNaN;
    std::vector<double> freq(std::size_t(clusters), 0.0);
    for (int l : labels)
        freq[std::size_t(l)] += 1;
    const Eigen::VectorXd norms = X.rowwise().squaredNorm();
    // Rows per block: a block's distances take at most ~32 MB.
    const Eigen::Index block =
        std::clamp<Eigen::Index>(Eigen::Index(4'000'000) / std::max<Eigen::Index>(m, 1), 1, 256);
    const Eigen::Index blocks = (m + block - 1) / block;
    std::vector<double> values(std::size_t(m), 0.0);
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index begin = b * block, rows = std::min(block, m - begin);
        Eigen::MatrixXd d = -2.0 * (X.middleRows(begin, rows) * X.transpose());
        std::vector<double> sums(static_cast<std::size_t>(clusters));
        for (Eigen::Index r = 0; r < rows; ++r) {
            const Eigen::Index i = begin + r;
            std::fill(sums.begin(), sums.end(), 0.0);
            for (Eigen::Index j = 0; j < m; ++j) {
                double v = d(r, j) + norms[i];
                v += norms[j];
                v = j == i ? 0.0 : std::sqrt(std::max(v, 0.0));
                sums[std::size_t(labels[std::size_t(j)])] += v;
            }
            const int own = labels[std::size_t(i)];
            const double intra = sums[std::size_t(own)] / (freq[std::size_t(own)] - 1);
            double inter = std::numeric_limits<double>::infinity();
            for (int c = 0; c < clusters; ++c)
                if (c != own)
                    inter = std::min(inter, sums[std::size_t(c)] / freq[std::size_t(c)]);
            const double s = (inter - intra) / std::max(intra, inter);
            values[std::size_t(i)] = std::isnan(s) ? 0.0 : s; // one-member clusters: 0
        }
    });
    if (ctx.isCanceled())
        return kNaN;
    double sum = 0;
    for (double v : values)
        sum += v;
    return sum / double(m);
}

} // namespace

Evaluation evaluateClustering(const ClusteringInput &in, JobContext &ctx)
{
    Evaluation e;
    e.task = QStringLiteral("clustering");
    const Eigen::Index n = in.labels.size();
    if (n == 0 || in.X.rows() != n) {
        if (in.X.rows() != n)
            ctx.log(QStringLiteral("evaluation: labels and rows differ in number"));
        e.metrics = {{QStringLiteral("inertia"), kNaN},
                     {QStringLiteral("silhouette"), kNaN},
                     {QStringLiteral("clusters"), 0.0},
                     {QStringLiteral("noise_fraction"), kNaN}};
        return e;
    }
    // Clusters renumbered 0.. in increasing label order; noise dropped.
    std::map<int, int> codes;
    std::int64_t noise = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (in.labels[i] < 0)
            ++noise;
        else
            codes.emplace(in.labels[i], 0);
    }
    int next = 0;
    for (auto &[label, code] : codes)
        code = next++;
    const int clusters = next;
    const Eigen::Index m = n - noise;
    Eigen::MatrixXd X(m, in.X.cols());
    std::vector<int> labels(static_cast<std::size_t>(m));
    for (Eigen::Index i = 0, r = 0; i < n; ++i)
        if (in.labels[i] >= 0) {
            X.row(r) = in.X.row(i);
            labels[std::size_t(r++)] = codes[in.labels[i]];
        }

    Eigen::MatrixXd means = Eigen::MatrixXd::Zero(clusters, X.cols());
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(clusters);
    for (Eigen::Index r = 0; r < m; ++r) {
        means.row(labels[std::size_t(r)]) += X.row(r);
        counts[labels[std::size_t(r)]] += 1;
    }
    for (int c = 0; c < clusters; ++c)
        means.row(c) /= counts[c];
    double inertia = 0;
    for (Eigen::Index r = 0; r < m; ++r)
        inertia += (X.row(r) - means.row(labels[std::size_t(r)])).squaredNorm();

    e.metrics = {{QStringLiteral("inertia"), m > 0 ? inertia : kNaN},
                 {QStringLiteral("silhouette"), silhouette(X, labels, clusters, ctx)},
                 {QStringLiteral("clusters"), double(clusters)},
                 {QStringLiteral("noise_fraction"), double(noise) / double(n)}};
    return e;
}

} // namespace flowline::core::eval

#include "NeighborIndex.h"

#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace flowline::core::ml {

namespace {

constexpr Eigen::Index kQueryBlock = 64;   // queries per parallel task
constexpr Eigen::Index kTrainBlock = 1024; // training rows per matrix product

// Inserts c into the sorted list (n entries, capacity k); equal distances keep row order.
inline void insertSorted(Neighbor *list, int &n, int k, const Neighbor &c)
{
    int pos = n < k ? n : k - 1;
    while (pos > 0 && c < list[pos - 1]) {
        if (pos < k)
            list[pos] = list[pos - 1];
        --pos;
    }
    list[pos] = c;
    if (n < k)
        ++n;
}

} // namespace

NeighborAlgorithm resolveNeighborAlgorithm(NeighborAlgorithm requested, Eigen::Index rows,
                                           Eigen::Index cols, int k)
{
    if (requested != NeighborAlgorithm::Auto)
        return requested;
    if (cols > 15 || k >= rows / 2)
        return NeighborAlgorithm::Brute;
    return NeighborAlgorithm::KdTree;
}

NeighborIndex::NeighborIndex(Eigen::MatrixXd X, Metric metric, NeighborAlgorithm algorithm, int k,
                             int leafSize)
    : m_X(std::move(X))
    , m_metric(metric)
{
    if (resolveNeighborAlgorithm(algorithm, m_X.rows(), m_X.cols(), k) ==
        NeighborAlgorithm::KdTree) {
        m_tree = std::make_unique<KdTree>(m_X, metric, leafSize);
    } else if (metric == Metric::Euclidean) {
        m_norms = m_X.rowwise().squaredNorm();
    } else {
        m_rowMajor = m_X;
    }
}

void NeighborIndex::kneighbors(const Eigen::MatrixXd &Q, int k, Eigen::MatrixXi &indices,
                               Eigen::MatrixXd &distances, JobContext &ctx) const
{
    k = int(std::min<Eigen::Index>(k, m_X.rows()));
    indices.resize(Q.rows(), k);
    distances.resize(Q.rows(), k);
    const Eigen::Index blocks = (Q.rows() + kQueryBlock - 1) / kQueryBlock;
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index q0 = b * kQueryBlock;
        const Eigen::Index qn = std::min(kQueryBlock, Q.rows() - q0);
        if (m_tree) {
            std::vector<double> q(static_cast<std::size_t>(Q.cols()));
            std::vector<Neighbor> found;
            for (Eigen::Index i = q0; i < q0 + qn; ++i) {
                for (Eigen::Index j = 0; j < Q.cols(); ++j)
                    q[std::size_t(j)] = Q(i, j);
                m_tree->nearest(q.data(), k, found);
                for (int c = 0; c < k; ++c) {
                    indices(i, c) = found[std::size_t(c)].index;
                    distances(i, c) = fromReduced(found[std::size_t(c)].rdist, m_metric);
                }
            }
        } else {
            bruteBlock(Q, q0, qn, k, indices, distances);
        }
    });
}

void NeighborIndex::bruteBlock(const Eigen::MatrixXd &Q, Eigen::Index q0, Eigen::Index qn, int k,
                               Eigen::MatrixXi &indices, Eigen::MatrixXd &distances) const
{
    const Eigen::Index n = m_X.rows();
    const int d = int(m_X.cols());
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> Qb =
        Q.middleRows(q0, qn);
    std::vector<Neighbor> best(static_cast<std::size_t>(qn) * std::size_t(k));
    std::vector<int> count(std::size_t(qn), 0);
    if (m_metric == Metric::Euclidean) {
        // ‖t − q‖² = ‖t‖² − 2 t·q + ‖q‖²; the last term is the same for every t, so it is left
        // out of the selection.
        const Eigen::MatrixXd QbT = Qb.transpose(); // d × qn
        Eigen::MatrixXd G(kTrainBlock, qn);
        for (Eigen::Index t0 = 0; t0 < n; t0 += kTrainBlock) {
            const Eigen::Index tn = std::min(kTrainBlock, n - t0);
            G.topRows(tn).noalias() = m_X.middleRows(t0, tn) * QbT;
            for (Eigen::Index i = 0; i < qn; ++i) {
                const double *g = G.col(i).data();
                const double *norms = m_norms.data() + t0;
                Neighbor *list = best.data() + std::size_t(i) * std::size_t(k);
                int &c = count[std::size_t(i)];
                double worst = c == k ? list[k - 1].rdist : INFINITY;
                for (Eigen::Index j = 0; j < tn; ++j) {
                    const double v = norms[j] - 2.0 * g[j];
                    if (v < worst) {
                        insertSorted(list, c, k, Neighbor{v, std::int32_t(t0 + j)});
                        if (c == k)
                            worst = list[k - 1].rdist;
                    }
                }
            }
        }
    } else {
        for (Eigen::Index i = 0; i < qn; ++i) {
            const double *q = Qb.row(i).data();
            Neighbor *list = best.data() + std::size_t(i) * std::size_t(k);
            int &c = count[std::size_t(i)];
            double worst = INFINITY;
            for (Eigen::Index t = 0; t < n; ++t) {
                const double v = reducedDistance(q, m_rowMajor.row(t).data(), d, m_metric);
                if (v < worst) {
                    insertSorted(list, c, k, Neighbor{v, std::int32_t(t)});
                    if (c == k)
                        worst = list[k - 1].rdist;
                }
            }
        }
    }
    // The winners' exact distances, in (distance, row) order.
    std::vector<double> row(static_cast<std::size_t>(d));
    for (Eigen::Index i = 0; i < qn; ++i) {
        Neighbor *list = best.data() + std::size_t(i) * std::size_t(k);
        if (m_metric == Metric::Euclidean) {
            for (int c = 0; c < k; ++c) {
                for (int j = 0; j < d; ++j)
                    row[std::size_t(j)] = m_X(list[c].index, j);
                list[c].rdist = reducedDistance(Qb.row(i).data(), row.data(), d, m_metric);
            }
            std::sort(list, list + k);
        }
        for (int c = 0; c < k; ++c) {
            indices(q0 + i, c) = list[c].index;
            distances(q0 + i, c) = fromReduced(list[c].rdist, m_metric);
        }
    }
}

} // namespace flowline::core::ml

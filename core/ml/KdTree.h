#pragma once

// A k-d tree over the rows of a matrix, for nearest-neighbour and radius queries in the
// Euclidean (p = 2) or Manhattan (p = 1) metric, as scikit-learn's KDTree: nodes split at the
// median of their widest dimension until at most `leafSize` rows remain (default 30); a node is
// skipped when its bounding box lies farther than the current k-th neighbour.
//
// Ties: among rows at exactly the same distance the one with the smaller row index comes first,
// so results do not depend on the tree's shape (and equal the brute-force search's).

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace flowline::core::ml {

enum class Metric { Manhattan = 1, Euclidean = 2 };

// One neighbour: the "reduced" distance (squared for Euclidean) and the training row.
struct Neighbor
{
    double rdist;
    std::int32_t index;
    bool operator<(const Neighbor &o) const
    {
        return rdist < o.rdist || (rdist == o.rdist && index < o.index);
    }
};

// Reduced distance of two points of `d` coordinates.
double reducedDistance(const double *a, const double *b, int d, Metric metric);
// Reduced distance → distance (sqrt for Euclidean).
double fromReduced(double rdist, Metric metric);

class KdTree
{
public:
    // X: rows × features. The tree keeps its own (row-major, reordered) copy.
    KdTree(const Eigen::MatrixXd &X, Metric metric, int leafSize = 30);

    // The k nearest rows to q (length cols()), sorted nearest first; k <= rows().
    void nearest(const double *q, int k, std::vector<Neighbor> &out) const;
    // Every row within `radius` (distance <= radius), in row order.
    void withinRadius(const double *q, double radius, std::vector<std::int32_t> &out) const;

    Eigen::Index rows() const { return m_rows; }
    int cols() const { return m_cols; }

private:
    struct Node
    {
        std::int32_t begin, end;            // range of m_order
        std::int32_t left = -1, right = -1; // children (-1: leaf)
    };
    std::int32_t build(std::int32_t begin, std::int32_t end, int depth);
    double boxDistance(std::int32_t node, const double *q) const; // reduced
    const double *point(std::int32_t slot) const
    {
        return m_points.data() + Eigen::Index(slot) * m_cols;
    }

    Metric m_metric;
    int m_leafSize;
    Eigen::Index m_rows;
    int m_cols;
    std::vector<double> m_points;      // row-major, in m_order order
    std::vector<std::int32_t> m_order; // slot → original row
    std::vector<Node> m_nodes;
    std::vector<double> m_lo, m_hi; // bounding boxes, node × cols
};

} // namespace flowline::core::ml

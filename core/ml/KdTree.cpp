#include "KdTree.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace flowline::core::ml {

double reducedDistance(const double *a, const double *b, int d, Metric metric)
{
    double s = 0;
    if (metric == Metric::Euclidean) {
        for (int j = 0; j < d; ++j) {
            const double t = a[j] - b[j];
            s += t * t;
        }
    } else {
        for (int j = 0; j < d; ++j)
            s += std::abs(a[j] - b[j]);
    }
    return s;
}

double fromReduced(double rdist, Metric metric)
{
    return metric == Metric::Euclidean ? std::sqrt(rdist) : rdist;
}

KdTree::KdTree(const Eigen::MatrixXd &X, Metric metric, int leafSize)
    : m_metric(metric)
    , m_leafSize(std::max(1, leafSize))
    , m_rows(X.rows())
    , m_cols(int(X.cols()))
{
    m_order.resize(std::size_t(m_rows));
    for (std::int32_t i = 0; i < std::int32_t(m_rows); ++i)
        m_order[std::size_t(i)] = i;
    // Row-major copy in the original order while building (the split reads coordinates).
    m_points.resize(std::size_t(m_rows) * std::size_t(m_cols));
    for (Eigen::Index i = 0; i < m_rows; ++i)
        for (int j = 0; j < m_cols; ++j)
            m_points[std::size_t(i) * std::size_t(m_cols) + std::size_t(j)] = X(i, j);
    if (m_rows > 0)
        build(0, std::int32_t(m_rows), 0);
    // Reorder the points so each leaf's rows sit together.
    std::vector<double> ordered(m_points.size());
    for (std::size_t s = 0; s < m_order.size(); ++s)
        std::copy_n(m_points.data() + std::size_t(m_order[s]) * std::size_t(m_cols), m_cols,
                    ordered.data() + s * std::size_t(m_cols));
    m_points.swap(ordered);
}

std::int32_t KdTree::build(std::int32_t begin, std::int32_t end, int depth)
{
    const std::int32_t id = std::int32_t(m_nodes.size());
    m_nodes.push_back(Node{begin, end});
    m_lo.resize(m_nodes.size() * std::size_t(m_cols), INFINITY);
    m_hi.resize(m_nodes.size() * std::size_t(m_cols), -INFINITY);
    double *lo = m_lo.data() + std::size_t(id) * std::size_t(m_cols);
    double *hi = m_hi.data() + std::size_t(id) * std::size_t(m_cols);
    for (std::int32_t s = begin; s < end; ++s) {
        const double *p =
            m_points.data() + std::size_t(m_order[std::size_t(s)]) * std::size_t(m_cols);
        for (int j = 0; j < m_cols; ++j) {
            lo[j] = std::min(lo[j], p[j]);
            hi[j] = std::max(hi[j], p[j]);
        }
    }
    if (end - begin <= m_leafSize || depth > 60)
        return id;
    int dim = 0;
    double spread = -1;
    for (int j = 0; j < m_cols; ++j)
        if (hi[j] - lo[j] > spread) {
            spread = hi[j] - lo[j];
            dim = j;
        }
    if (spread <= 0)
        return id; // all points equal: a leaf
    const std::int32_t mid = begin + (end - begin) / 2;
    const double *pts = m_points.data();
    const std::size_t cols = std::size_t(m_cols);
    std::nth_element(m_order.begin() + begin, m_order.begin() + mid, m_order.begin() + end,
                     [pts, cols, dim](std::int32_t a, std::int32_t b) {
                         return pts[std::size_t(a) * cols + std::size_t(dim)] <
                                pts[std::size_t(b) * cols + std::size_t(dim)];
                     });
    const std::int32_t left = build(begin, mid, depth + 1);
    const std::int32_t right = build(mid, end, depth + 1);
    m_nodes[std::size_t(id)].left = left;
    m_nodes[std::size_t(id)].right = right;
    return id;
}

double KdTree::boxDistance(std::int32_t node, const double *q) const
{
    const double *lo = m_lo.data() + std::size_t(node) * std::size_t(m_cols);
    const double *hi = m_hi.data() + std::size_t(node) * std::size_t(m_cols);
    double s = 0;
    for (int j = 0; j < m_cols; ++j) {
        const double t = q[j] < lo[j] ? lo[j] - q[j] : (q[j] > hi[j] ? q[j] - hi[j] : 0.0);
        s += m_metric == Metric::Euclidean ? t * t : t;
    }
    return s;
}

void KdTree::nearest(const double *q, int k, std::vector<Neighbor> &out) const
{
    out.clear();
    if (k <= 0 || m_rows == 0)
        return;
    std::priority_queue<Neighbor> heap;
    // Depth first, nearer child first; a node is skipped only when strictly farther than the
    // current k-th neighbour (an equally far row with a smaller index may still be inside).
    const auto visit = [&](auto &&self, std::int32_t id, double boxDist) -> void {
        if (std::int32_t(heap.size()) == k && boxDist > heap.top().rdist)
            return;
        const Node &n = m_nodes[std::size_t(id)];
        if (n.left < 0) {
            for (std::int32_t s = n.begin; s < n.end; ++s) {
                const Neighbor c{reducedDistance(q, point(s), m_cols, m_metric),
                                 m_order[std::size_t(s)]};
                if (std::int32_t(heap.size()) < k) {
                    heap.push(c);
                } else if (c < heap.top()) {
                    heap.pop();
                    heap.push(c);
                }
            }
            return;
        }
        const double dl = boxDistance(n.left, q);
        const double dr = boxDistance(n.right, q);
        if (dl <= dr) {
            self(self, n.left, dl);
            self(self, n.right, dr);
        } else {
            self(self, n.right, dr);
            self(self, n.left, dl);
        }
    };
    visit(visit, 0, boxDistance(0, q));
    out.resize(heap.size());
    for (std::size_t i = out.size(); i-- > 0;) {
        out[i] = heap.top();
        heap.pop();
    }
}

void KdTree::withinRadius(const double *q, double radius, std::vector<std::int32_t> &out) const
{
    out.clear();
    if (m_rows == 0)
        return;
    const double r = m_metric == Metric::Euclidean ? radius * radius : radius;
    const auto visit = [&](auto &&self, std::int32_t id) -> void {
        if (boxDistance(id, q) > r)
            return;
        const Node &n = m_nodes[std::size_t(id)];
        if (n.left < 0) {
            for (std::int32_t s = n.begin; s < n.end; ++s)
                if (reducedDistance(q, point(s), m_cols, m_metric) <= r)
                    out.push_back(m_order[std::size_t(s)]);
            return;
        }
        self(self, n.left);
        self(self, n.right);
    };
    visit(visit, 0);
    std::sort(out.begin(), out.end());
}

} // namespace flowline::core::ml

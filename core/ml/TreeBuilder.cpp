#include "TreeBuilder.h"

#include "util/SplitMix64.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <queue>

namespace flowline::core::ml {

namespace {

// scikit-learn's constants: values closer than this are one value; impurities below this are 0.
constexpr double kFeatureThreshold = 1e-7;
constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
constexpr std::uint64_t kLow = 0xFFFFFFFFull;

// float -> uint32 with the same order (no NaN here), and back.
inline std::uint32_t orderedBits(float f)
{
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
inline float fromOrdered(std::uint32_t u)
{
    u = (u & 0x80000000u) ? (u & 0x7FFFFFFFu) : ~u;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// Sorts keys by their high 32 bits, ties in input order (so by the low bits when those ascend):
// an LSD radix sort for large nodes, which skips the bytes every key shares.
void sortKeys(std::uint64_t *keys, std::uint64_t *tmp, std::size_t n)
{
    if (n < 256) {
        std::sort(keys, keys + n);
        return;
    }
    std::uint32_t counts[4][256] = {};
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = keys[i] >> 32;
        ++counts[0][k & 0xFF];
        ++counts[1][(k >> 8) & 0xFF];
        ++counts[2][(k >> 16) & 0xFF];
        ++counts[3][(k >> 24) & 0xFF];
    }
    std::uint64_t *src = keys;
    std::uint64_t *dst = tmp;
    for (int pass = 0; pass < 4; ++pass) {
        std::uint32_t *c = counts[pass];
        const int shift = 32 + 8 * pass;
        if (c[(src[0] >> shift) & 0xFF] == n)
            continue; // every key has this byte
        std::uint32_t offset = 0;
        for (int b = 0; b < 256; ++b) {
            const std::uint32_t k = c[b];
            c[b] = offset;
            offset += k;
        }
        for (std::size_t i = 0; i < n; ++i)
            dst[c[(src[i] >> shift) & 0xFF]++] = src[i];
        std::swap(src, dst);
    }
    if (src != keys)
        std::memcpy(keys, src, n * sizeof(std::uint64_t));
}

struct NodeStats
{
    double weight = 0;
    double impurity = 0;
};

struct Split
{
    int feature = -1;
    std::size_t pos = 0; // samples before it go left; 0: none found
    double threshold = 0;
    NodeStats left, right;
    double improvement = 0;
};

class Builder
{
public:
    Builder(const TreeData &data, const std::vector<double> &weight, const TreeSettings &s,
            std::uint64_t seed)
        : m_data(data)
        , m_w(weight)
        , m_s(s)
        , m_rng{seed}
    {
        m_k = data.classCount > 0 ? data.classCount : 1;
        for (std::int64_t i = 0; i < data.rows; ++i)
            if (weight[std::size_t(i)] > 0) {
                m_samples.push_back(std::uint32_t(i));
                m_totalWeight += weight[std::size_t(i)];
            }
        const std::size_t n = m_samples.size();
        m_tmpSamples.resize(n);
        m_keys.resize(n);
        m_keysTmp.resize(n);
        m_nodeW.resize(n);
        if (data.classCount > 0)
            m_nodeC.resize(n);
        else
            m_nodeY.resize(n);
        m_counts.resize(std::size_t(m_k));
        m_leftCounts.resize(std::size_t(m_k));
        m_value.resize(std::size_t(m_k));
        m_features.resize(std::size_t(data.features));
        for (int f = 0; f < data.features; ++f)
            m_features[std::size_t(f)] = f;
        m_minWeightLeaf = s.minWeightFractionLeaf * m_totalWeight;
        m_maxFeatures = s.maxFeatures <= 0 ? data.features : std::min(s.maxFeatures, data.features);
        m_importances = Eigen::VectorXd::Zero(data.features);
        m_tree.outputs = data.classCount > 0 ? data.classCount : 1;
    }

    BuiltTree run()
    {
        if (m_samples.empty()) {
            std::fill(m_value.begin(), m_value.end(), 0.0);
            m_tree.addNode(m_value.data());
        } else if (m_s.maxLeafNodes > 0) {
            bestFirst();
        } else {
            depthFirst();
        }
        const double root = m_rootWeight;
        if (root > 0)
            m_importances /= root;
        const double sum = m_importances.sum();
        if (sum > 0)
            m_importances /= sum;
        return BuiltTree{std::move(m_tree), m_importances};
    }

private:
    // Weight, impurity and value (into m_value; class totals into m_counts) of [start, end).
    NodeStats stats(std::size_t start, std::size_t end)
    {
        NodeStats st;
        if (m_data.classCount > 0) {
            std::fill(m_counts.begin(), m_counts.end(), 0.0);
            for (std::size_t i = start; i < end; ++i) {
                const std::uint32_t s = m_samples[i];
                m_counts[std::size_t(m_data.cls[s])] += m_w[s];
            }
            double w = 0;
            for (double c : m_counts)
                w += c;
            st.weight = w;
            double imp = 0;
            if (m_s.criterion == TreeCriterion::Entropy) {
                for (double c : m_counts)
                    if (c > 0) {
                        const double p = c / w;
                        imp -= p * std::log(p);
                    }
                imp /= std::log(2.0);
            } else {
                double sq = 0;
                for (double c : m_counts)
                    sq += c * c;
                imp = 1.0 - sq / (w * w);
            }
            st.impurity = imp;
            for (int k = 0; k < m_k; ++k)
                m_value[std::size_t(k)] = w > 0 ? m_counts[std::size_t(k)] / w : 0.0;
        } else {
            double w = 0, sum = 0, sq = 0;
            for (std::size_t i = start; i < end; ++i) {
                const std::uint32_t s = m_samples[i];
                const double wi = m_w[s], yi = m_data.y[s];
                w += wi;
                sum += wi * yi;
                sq += wi * yi * yi;
            }
            st.weight = w;
            const double mean = sum / w;
            st.impurity = sq / w - mean * mean;
            m_value[0] = mean;
            m_sum = sum;
        }
        return st;
    }

    bool leafByRule(std::size_t n, const NodeStats &st, int depth) const
    {
        return (m_s.maxDepth > 0 && depth >= m_s.maxDepth) ||
               n < std::size_t(m_s.minSamplesSplit) || n < 2 * std::size_t(m_s.minSamplesLeaf) ||
               st.weight < 2 * m_minWeightLeaf || st.impurity <= kEpsilon;
    }

    // The best split of [start, end) (whose stats were just computed: m_counts / m_sum hold its
    // totals), partitioning the samples by it. pos == 0 when there is none.
    Split findSplit(std::size_t start, std::size_t end, const NodeStats &node)
    {
        const std::size_t m = end - start;
        const bool classify = m_data.classCount > 0;
        for (std::size_t p = 0; p < m; ++p) {
            const std::uint32_t s = m_samples[start + p];
            m_nodeW[p] = m_w[s];
            if (classify)
                m_nodeC[p] = m_data.cls[s];
            else
                m_nodeY[p] = m_data.y[s];
        }
        if (classify)
            m_totals.assign(m_counts.begin(), m_counts.end());
        const std::vector<double> &totals = m_totals;
        const double total = node.weight, totalSum = m_sum;
        const std::size_t minLeaf = std::size_t(m_s.minSamplesLeaf);

        Split best;
        double bestProxy = -std::numeric_limits<double>::infinity();
        int visited = 0, nonConstant = 0;
        int remaining = m_data.features;
        while (remaining > 0 && (visited < m_maxFeatures || nonConstant == 0)) {
            // Fisher-Yates: draw one of the features not tried yet at this node.
            const int j = int(m_rng.below(std::uint64_t(remaining)));
            --remaining;
            std::swap(m_features[std::size_t(j)], m_features[std::size_t(remaining)]);
            const int f = m_features[std::size_t(remaining)];
            ++visited;
            const float *col = m_data.column(f);
            float lo = std::numeric_limits<float>::infinity(), hi = -lo;
            for (std::size_t p = 0; p < m; ++p) {
                const float v = col[m_samples[start + p]];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                m_keys[p] = (std::uint64_t(orderedBits(v)) << 32) | p;
            }
            if (double(hi) <= double(lo) + kFeatureThreshold)
                continue; // constant here
            ++nonConstant;
            sortKeys(m_keys.data(), m_keysTmp.data(), m);

            double wl = 0, sumL = 0;
            if (classify)
                std::fill(m_leftCounts.begin(), m_leftCounts.end(), 0.0);
            for (std::size_t i = 0; i + 1 < m; ++i) {
                const std::size_t p = std::size_t(m_keys[i] & kLow);
                const double wi = m_nodeW[p];
                wl += wi;
                if (classify)
                    m_leftCounts[std::size_t(m_nodeC[p])] += wi;
                else
                    sumL += wi * m_nodeY[p];
                const float vi = fromOrdered(std::uint32_t(m_keys[i] >> 32));
                const float vn = fromOrdered(std::uint32_t(m_keys[i + 1] >> 32));
                if (double(vn) <= double(vi) + kFeatureThreshold)
                    continue;
                const std::size_t nl = i + 1;
                if (nl < minLeaf || m - nl < minLeaf)
                    continue;
                const double wr = total - wl;
                if (wl < m_minWeightLeaf || wr < m_minWeightLeaf)
                    continue;
                double proxy;
                if (!classify) {
                    const double sumR = totalSum - sumL;
                    proxy = sumL * sumL / wl + sumR * sumR / wr;
                } else if (m_s.criterion == TreeCriterion::Entropy) {
                    proxy = 0;
                    for (int k = 0; k < m_k; ++k) {
                        const double cl = m_leftCounts[std::size_t(k)];
                        const double cr = totals[std::size_t(k)] - cl;
                        if (cl > 0)
                            proxy += cl * std::log(cl / wl);
                        if (cr > 0)
                            proxy += cr * std::log(cr / wr);
                    }
                } else {
                    double sl = 0, sr = 0;
                    for (int k = 0; k < m_k; ++k) {
                        const double cl = m_leftCounts[std::size_t(k)];
                        const double cr = totals[std::size_t(k)] - cl;
                        sl += cl * cl;
                        sr += cr * cr;
                    }
                    proxy = sl / wl + sr / wr;
                }
                if (proxy > bestProxy) {
                    bestProxy = proxy;
                    best.feature = f;
                    best.pos = nl;
                    double t = double(vi) / 2.0 + double(vn) / 2.0;
                    if (t == double(vn) || std::isinf(t))
                        t = double(vi);
                    best.threshold = t;
                }
            }
        }
        if (best.pos == 0)
            return best;
        // Stable partition: keeps the samples in row order, which keeps gathers cache-friendly.
        const float *col = m_data.column(best.feature);
        std::size_t nl = 0, nr = 0;
        for (std::size_t i = start; i < end; ++i) {
            const std::uint32_t s = m_samples[i];
            if (double(col[s]) <= best.threshold)
                m_samples[start + nl++] = s;
            else
                m_tmpSamples[nr++] = s;
        }
        std::copy(m_tmpSamples.begin(), m_tmpSamples.begin() + std::ptrdiff_t(nr),
                  m_samples.begin() + std::ptrdiff_t(start + nl));
        best.pos = nl;
        best.left = stats(start, start + nl);
        best.right = stats(start + nl, end);
        best.improvement = node.weight / m_totalWeight *
                           (node.impurity - best.right.weight / node.weight * best.right.impurity -
                            best.left.weight / node.weight * best.left.impurity);
        return best;
    }

    void addImportance(const NodeStats &node, const Split &split)
    {
        m_importances[split.feature] += node.weight * node.impurity -
                                        split.left.weight * split.left.impurity -
                                        split.right.weight * split.right.impurity;
    }

    struct Pending
    {
        std::size_t start, end;
        int depth, parent;
        bool isLeft;
    };

    void link(int parent, bool isLeft, int child)
    {
        if (parent < 0)
            return;
        (isLeft ? m_tree.left : m_tree.right)[std::size_t(parent)] = child;
    }

    void depthFirst()
    {
        std::vector<Pending> stack{{0, m_samples.size(), 0, -1, true}};
        while (!stack.empty()) {
            const Pending rec = stack.back();
            stack.pop_back();
            const NodeStats st = stats(rec.start, rec.end);
            if (rec.parent < 0)
                m_rootWeight = st.weight;
            const int id = m_tree.addNode(m_value.data());
            link(rec.parent, rec.isLeft, id);
            if (leafByRule(rec.end - rec.start, st, rec.depth))
                continue;
            const Split split = findSplit(rec.start, rec.end, st);
            if (split.pos == 0 || split.improvement + kEpsilon < m_s.minImpurityDecrease)
                continue;
            m_tree.feature[std::size_t(id)] = split.feature;
            m_tree.threshold[std::size_t(id)] = split.threshold;
            addImportance(st, split);
            stack.push_back({rec.start + split.pos, rec.end, rec.depth + 1, id, false});
            stack.push_back({rec.start, rec.start + split.pos, rec.depth + 1, id, true});
        }
    }

    struct Frontier
    {
        int id;
        std::size_t start, end;
        int depth;
        NodeStats node;
        Split split; // pos == 0: a leaf
    };

    Frontier addSplitNode(std::size_t start, std::size_t end, int depth, int parent, bool isLeft)
    {
        Frontier f{0, start, end, depth, stats(start, end), {}};
        if (parent < 0)
            m_rootWeight = f.node.weight;
        f.id = m_tree.addNode(m_value.data());
        link(parent, isLeft, f.id);
        if (!leafByRule(end - start, f.node, depth)) {
            f.split = findSplit(start, end, f.node);
            if (f.split.pos != 0 && f.split.improvement + kEpsilon < m_s.minImpurityDecrease)
                f.split.pos = 0;
        }
        if (f.split.pos == 0)
            f.split.improvement = 0;
        return f;
    }

    void bestFirst()
    {
        // Largest improvement first; on ties the older node, so the order is deterministic.
        const auto later = [](const Frontier &a, const Frontier &b) {
            return a.split.improvement < b.split.improvement ||
                   (a.split.improvement == b.split.improvement && a.id > b.id);
        };
        std::priority_queue<Frontier, std::vector<Frontier>, decltype(later)> frontier(later);
        frontier.push(addSplitNode(0, m_samples.size(), 0, -1, true));
        int splitsLeft = m_s.maxLeafNodes - 1;
        while (!frontier.empty()) {
            const Frontier rec = frontier.top();
            frontier.pop();
            if (rec.split.pos == 0 || splitsLeft <= 0)
                continue;
            --splitsLeft;
            m_tree.feature[std::size_t(rec.id)] = rec.split.feature;
            m_tree.threshold[std::size_t(rec.id)] = rec.split.threshold;
            addImportance(rec.node, rec.split);
            const std::size_t mid = rec.start + rec.split.pos;
            frontier.push(addSplitNode(rec.start, mid, rec.depth + 1, rec.id, true));
            frontier.push(addSplitNode(mid, rec.end, rec.depth + 1, rec.id, false));
        }
    }

    const TreeData &m_data;
    const std::vector<double> &m_w;
    TreeSettings m_s;
    SplitMix64 m_rng;
    int m_k = 1;
    int m_maxFeatures = 0;
    double m_totalWeight = 0, m_minWeightLeaf = 0, m_rootWeight = 0, m_sum = 0;
    std::vector<std::uint32_t> m_samples, m_tmpSamples;
    std::vector<std::uint64_t> m_keys, m_keysTmp;
    std::vector<double> m_nodeW, m_nodeY;
    std::vector<std::int32_t> m_nodeC;
    std::vector<double> m_counts, m_totals, m_leftCounts, m_value;
    std::vector<int> m_features;
    Eigen::VectorXd m_importances;
    Tree m_tree;
};

} // namespace

TreeData TreeData::from(const Dataset &data, Task task)
{
    TreeData t;
    t.rows = data.rows();
    t.features = int(data.cols());
    t.X.resize(std::size_t(data.X.size()));
    for (Eigen::Index i = 0; i < data.X.size(); ++i)
        t.X[std::size_t(i)] = float(data.X.data()[i]);
    if (task == Task::Classification) {
        t.classCount = data.classCount;
        t.cls.resize(std::size_t(data.rows()));
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            t.cls[std::size_t(i)] = std::int32_t(data.y[i]);
    } else if (task == Task::Regression) {
        t.y.assign(data.y.data(), data.y.data() + data.y.size());
    }
    return t;
}

BuiltTree buildTree(const TreeData &data, const std::vector<double> &weight,
                    const TreeSettings &settings, std::uint64_t seed)
{
    return Builder(data, weight, settings, seed).run();
}

std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t index)
{
    SplitMix64 g{seed ^ (0xD1B54A32D192ED03ull * (index + 1))};
    g.next();
    return g.next();
}

} // namespace flowline::core::ml

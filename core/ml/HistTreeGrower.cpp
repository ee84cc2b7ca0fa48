#include "HistTreeGrower.h"

#include "jobs/Parallel.h"

#include <algorithm>
#include <numeric>

namespace flowline::core::ml {

namespace {

// Below this many rows a node's histogram or split search runs on the calling thread: handing
// out work would cost more than it saves. The result is the same either way.
constexpr Eigen::Index kParallelRows = 4096;
// scikit-learn's guard against a zero denominator in a node value.
constexpr double kValueEps = 1e-15;
// Rows per block when partitioning a node's rows in parallel.
constexpr Eigen::Index kPartitionBlock = 16384;

} // namespace

HistTreeGrower::HistTreeGrower(const BinnedMatrix &binned, const HistBinning &binning,
                               GrowerParams params)
    : m_binned(binned)
    , m_params(params)
{
    for (int f = 0; f < binned.cols; ++f) {
        m_binCounts.push_back(binning.binCount(f));
        m_stride = std::max(m_stride, m_binCounts.back());
    }
    m_rows.resize(std::size_t(binned.rows));
    m_scratch.resize(std::size_t(binned.rows));
    m_orderedG.resize(std::size_t(binned.rows));
    m_orderedH.resize(std::size_t(binned.rows));
}

double HistTreeGrower::leafValue(double g, double h) const
{
    return -g / (h + m_params.l2 + kValueEps);
}

int HistTreeGrower::takeHistogram()
{
    const std::size_t size = std::size_t(m_stride) * std::size_t(m_binned.cols);
    if (!m_freeHists.empty()) {
        const int slot = m_freeHists.back();
        m_freeHists.pop_back();
        return slot;
    }
    m_hists.emplace_back(size);
    return int(m_hists.size()) - 1;
}

void HistTreeGrower::buildHistogram(const Node &node, bool allRows, const float *g, const float *h,
                                    JobContext &ctx)
{
    const Eigen::Index begin = node.begin, end = node.end;
    const Row *rows = m_rows.data();
    const float *og = g, *oh = h;
    if (!allRows) {
        // Gather the node's gradients once so that each feature reads them in order.
        for (Eigen::Index i = begin; i < end; ++i) {
            m_orderedG[std::size_t(i)] = g[rows[i]];
            m_orderedH[std::size_t(i)] = h[rows[i]];
        }
        og = m_orderedG.data();
        oh = m_orderedH.data();
    }
    Bin *hist = m_hists[std::size_t(node.hist)].data();
    // Features go in pairs: one pass over the node's rows, gradients and hessians fills two
    // histograms, whose updates are independent of each other. Each feature's sums still run
    // over the rows in order on one thread.
    const int cols = m_binned.cols;
    auto pair = [&](std::int64_t p) {
        const int f0 = int(2 * p);
        const bool two = f0 + 1 < cols;
        Bin *out0 = hist + f0 * m_stride;
        std::fill(out0, out0 + (two ? 2 : 1) * m_stride, Bin{});
        const std::uint8_t *col0 = m_binned.column(f0);
        auto add = [](Bin &b, double gi, double hi) {
            b.g += gi;
            b.h += hi;
            ++b.n;
        };
        if (two) {
            Bin *out1 = out0 + m_stride;
            const std::uint8_t *col1 = m_binned.column(f0 + 1);
            if (allRows) {
                for (Eigen::Index i = begin; i < end; ++i) {
                    const double gi = og[i], hi = oh[i];
                    add(out0[col0[i]], gi, hi);
                    add(out1[col1[i]], gi, hi);
                }
            } else {
                for (Eigen::Index i = begin; i < end; ++i) {
                    const double gi = og[i], hi = oh[i];
                    const Row r = rows[i];
                    add(out0[col0[r]], gi, hi);
                    add(out1[col1[r]], gi, hi);
                }
            }
        } else if (allRows) {
            for (Eigen::Index i = begin; i < end; ++i)
                add(out0[col0[i]], og[i], oh[i]);
        } else {
            for (Eigen::Index i = begin; i < end; ++i)
                add(out0[col0[rows[i]]], og[i], oh[i]);
        }
    };
    const int pairs = (cols + 1) / 2;
    if (end - begin >= kParallelRows)
        parallelFor(ctx, pairs, pair);
    else
        for (int p = 0; p < pairs; ++p)
            pair(p);
}

HistTreeGrower::Split HistTreeGrower::findSplit(const Node &node, JobContext &ctx) const
{
    const Bin *hist = m_hists[std::size_t(node.hist)].data();
    const double l2 = m_params.l2 + kValueEps;
    const auto n = std::uint32_t(node.end - node.begin);
    const std::uint32_t minLeaf = std::uint32_t(m_params.minSamplesLeaf);
    const double minH = m_params.minHessian;
    // Gain as scikit-learn computes it: the node's loss minus its children's, each loss being
    // G · value with value = -G / (H + l2).
    const double nodeLoss = node.g * (-node.g / (node.h + l2));
    std::vector<Split> best(std::size_t(m_binned.cols));
    auto one = [&](std::int64_t f) {
        const Bin *bins = hist + f * m_stride;
        Split s;
        s.feature = int(f);
        double gl = 0, hl = 0;
        std::uint32_t nl = 0;
        for (int b = 0; b + 1 < m_binCounts[std::size_t(f)]; ++b) {
            gl += bins[b].g;
            hl += bins[b].h;
            nl += bins[b].n;
            if (nl < minLeaf)
                continue;
            if (n - nl < minLeaf)
                break;
            if (hl < minH)
                continue;
            const double hr = node.h - hl;
            if (hr < minH)
                break;
            const double gr = node.g - gl;
            const double gain = nodeLoss - gl * (-gl / (hl + l2)) - gr * (-gr / (hr + l2));
            if (gain > s.gain && gain > 0) {
                s.gain = gain;
                s.bin = b;
                s.gLeft = gl;
                s.hLeft = hl;
                s.nLeft = nl;
            }
        }
        best[std::size_t(f)] = s;
    };
    if (node.end - node.begin >= kParallelRows)
        parallelFor(ctx, m_binned.cols, one);
    else
        for (int f = 0; f < m_binned.cols; ++f)
            one(f);
    Split out;
    for (const Split &s : best) // the first feature wins a tie
        if (s.gain > out.gain)
            out = s;
    return out;
}

Eigen::Index HistTreeGrower::partition(const Node &node, int feature, int bin, JobContext &ctx)
{
    // Stable: rows keep their order on both sides, so sums run in the same order every time.
    // Large nodes go in fixed blocks: each block splits into the scratch buffer, then the blocks'
    // left and right parts are copied into place; the result is the sequential one.
    const std::uint8_t *col = m_binned.column(feature);
    Row *rows = m_rows.data();
    Row *scratch = m_scratch.data();
    const Eigen::Index size = node.end - node.begin;
    const Eigen::Index blocks = std::max<Eigen::Index>(1, size / kPartitionBlock);
    std::vector<Eigen::Index> lefts(static_cast<std::size_t>(blocks));
    auto blockBegin = [&](Eigen::Index b) { return node.begin + size * b / blocks; };
    auto split = [&](std::int64_t b) {
        const Eigen::Index begin = blockBegin(b), end = blockBegin(b + 1);
        Eigen::Index left = begin, right = end;
        // Rights fill from the end, reversed. Branch-free: the row is written to both free
        // slots and only one side advances (a split of random rows would mispredict half the
        // time).
        for (Eigen::Index i = begin; i < end; ++i) {
            const Row r = rows[i];
            const Eigen::Index goesLeft = col[r] <= bin;
            scratch[left] = r;
            scratch[right - 1] = r;
            left += goesLeft;
            right -= 1 - goesLeft;
        }
        lefts[std::size_t(b)] = left - begin;
    };
    if (blocks > 1)
        parallelFor(ctx, blocks, split);
    else
        split(0);
    std::vector<Eigen::Index> leftAt(static_cast<std::size_t>(blocks)),
        rightAt(static_cast<std::size_t>(blocks));
    Eigen::Index at = node.begin;
    for (Eigen::Index b = 0; b < blocks; ++b) {
        leftAt[std::size_t(b)] = at;
        at += lefts[std::size_t(b)];
    }
    const Eigen::Index mid = at;
    for (Eigen::Index b = 0; b < blocks; ++b) {
        rightAt[std::size_t(b)] = at;
        at += blockBegin(b + 1) - blockBegin(b) - lefts[std::size_t(b)];
    }
    auto place = [&](std::int64_t b) {
        const Eigen::Index begin = blockBegin(b), end = blockBegin(b + 1);
        const Eigen::Index nl = lefts[std::size_t(b)];
        std::copy(scratch + begin, scratch + begin + nl, rows + leftAt[std::size_t(b)]);
        std::reverse_copy(scratch + begin + nl, scratch + end, rows + rightAt[std::size_t(b)]);
    };
    if (blocks > 1)
        parallelFor(ctx, blocks, place);
    else
        place(0);
    return mid;
}

GrownTree HistTreeGrower::grow(const float *gradients, const float *hessians, JobContext &ctx)
{
    GrownTree out;
    BoostTree &tree = out.tree;
    auto addNode = [&]() {
        tree.feature.push_back(-1);
        tree.threshold.push_back(0);
        tree.left.push_back(-1);
        tree.right.push_back(-1);
        tree.value.push_back(0);
        out.binThreshold.push_back(0);
        out.gain.push_back(0);
        return int(tree.feature.size()) - 1;
    };
    std::iota(m_rows.begin(), m_rows.end(), Row(0));
    m_leaves.clear();
    m_freeHists.clear();
    for (int i = 0; i < int(m_hists.size()); ++i)
        m_freeHists.push_back(i);

    std::vector<Node> leaves; // finished
    std::vector<Node> open;   // splittable, with a histogram and a split
    Node root;
    root.end = m_binned.rows;
    for (Eigen::Index i = 0; i < m_binned.rows; ++i) {
        root.g += gradients[i];
        root.h += hessians[i];
    }
    root.out = addNode();
    const Eigen::Index minLeaf = m_params.minSamplesLeaf;
    if (root.end >= 2 * minLeaf && root.h >= m_params.minHessian) {
        root.hist = takeHistogram();
        buildHistogram(root, true, gradients, hessians, ctx);
        root.split = findSplit(root, ctx);
    }
    auto settle = [&](Node &node) { // open it when it can split, else it is a leaf
        if (node.hist >= 0 && node.split.gain > 0) {
            open.push_back(node);
            return;
        }
        if (node.hist >= 0)
            m_freeHists.push_back(node.hist);
        leaves.push_back(node);
    };
    settle(root);
    int leafCount = 1;
    while (!open.empty()) {
        // Best first: the largest gain, the oldest node on a tie.
        std::size_t pick = 0;
        for (std::size_t i = 1; i < open.size(); ++i)
            if (open[i].split.gain > open[pick].split.gain)
                pick = i;
        Node parent = open[pick];
        open.erase(open.begin() + std::ptrdiff_t(pick));
        const Split &s = parent.split;
        const Eigen::Index mid = partition(parent, s.feature, s.bin, ctx);
        Node left, right;
        left.begin = parent.begin;
        left.end = mid;
        right.begin = mid;
        right.end = parent.end;
        left.g = s.gLeft;
        left.h = s.hLeft;
        right.g = parent.g - s.gLeft;
        right.h = parent.h - s.hLeft;
        left.depth = right.depth = parent.depth + 1;
        left.out = addNode();
        right.out = addNode();
        tree.feature[std::size_t(parent.out)] = s.feature;
        tree.left[std::size_t(parent.out)] = left.out;
        tree.right[std::size_t(parent.out)] = right.out;
        out.binThreshold[std::size_t(parent.out)] = std::uint8_t(s.bin);
        out.gain[std::size_t(parent.out)] = s.gain;
        ++leafCount;

        const bool full = m_params.maxLeafNodes > 0 && leafCount >= m_params.maxLeafNodes;
        const bool deep = m_params.maxDepth > 0 && left.depth >= m_params.maxDepth;
        const bool splitLeft = !full && !deep && left.end - left.begin >= 2 * minLeaf;
        const bool splitRight = !full && !deep && right.end - right.begin >= 2 * minLeaf;
        if (splitLeft || splitRight) {
            const bool leftSmaller = left.end - left.begin < right.end - right.begin;
            Node &small = leftSmaller ? left : right;
            Node &large = leftSmaller ? right : left;
            const bool needLarge = leftSmaller ? splitRight : splitLeft;
            small.hist = takeHistogram();
            buildHistogram(small, false, gradients, hessians, ctx);
            if (needLarge) { // parent minus smaller child, in the parent's buffer
                large.hist = parent.hist;
                parent.hist = -1;
                Bin *lg = m_hists[std::size_t(large.hist)].data();
                const Bin *sm = m_hists[std::size_t(small.hist)].data();
                for (std::size_t i = 0, e = m_hists[std::size_t(large.hist)].size(); i < e; ++i) {
                    lg[i].g -= sm[i].g;
                    lg[i].h -= sm[i].h;
                    lg[i].n -= sm[i].n;
                }
            }
            if ((leftSmaller ? splitLeft : splitRight) == false) {
                m_freeHists.push_back(small.hist);
                small.hist = -1;
            }
            if (left.hist >= 0)
                left.split = findSplit(left, ctx);
            if (right.hist >= 0)
                right.split = findSplit(right, ctx);
        }
        if (parent.hist >= 0)
            m_freeHists.push_back(parent.hist);
        settle(left);
        settle(right);
        if (full) {
            for (Node &n : open) {
                m_freeHists.push_back(n.hist);
                leaves.push_back(n);
            }
            open.clear();
        }
    }
    for (const Node &n : leaves) {
        // A root that could not split adds nothing, as in scikit-learn (its root value is 0).
        const double v = tree.size() == 1 ? 0.0 : leafValue(n.g, n.h) * m_params.shrinkage;
        tree.value[std::size_t(n.out)] = v;
        m_leaves.push_back({n.begin, n.end, v});
    }
    // Thresholds on the raw values are set by the caller, who knows the binning.
    return out;
}

void HistTreeGrower::addLeafValues(double *raw, JobContext &ctx) const
{
    auto one = [&](std::int64_t l) {
        const Leaf &leaf = m_leaves[std::size_t(l)];
        for (Eigen::Index i = leaf.begin; i < leaf.end; ++i)
            raw[m_rows[std::size_t(i)]] += leaf.value;
    };
    parallelFor(ctx, std::int64_t(m_leaves.size()), one);
}

void addBinnedPredictions(const GrownTree &grown, const BinnedMatrix &binned, double *raw,
                          JobContext &ctx)
{
    constexpr Eigen::Index kBlock = 8192;
    const BoostTree &t = grown.tree;
    const Eigen::Index blocks = (binned.rows + kBlock - 1) / kBlock;
    parallelFor(ctx, blocks, [&](std::int64_t blk) {
        const Eigen::Index end = std::min(binned.rows, (blk + 1) * kBlock);
        for (Eigen::Index r = blk * kBlock; r < end; ++r) {
            int node = 0;
            while (t.feature[std::size_t(node)] >= 0) {
                const int f = t.feature[std::size_t(node)];
                node = binned.column(f)[r] <= grown.binThreshold[std::size_t(node)]
                           ? t.left[std::size_t(node)]
                           : t.right[std::size_t(node)];
            }
            raw[r] += t.value[std::size_t(node)];
        }
    });
}

} // namespace flowline::core::ml

#pragma once

// One regression tree grown leaf-wise (best first) on binned features from per-row gradients and
// hessians, as scikit-learn's TreeGrower: histograms of (sum gradient, sum hessian, count) per
// feature and bin, the smaller child's built from its rows and the larger one's by subtraction
// from the parent, split gain as XGBoost / scikit-learn with L2 regularisation, leaf values
// -G / (H + l2) times the learning rate.

#include "BoostedTrees.h"
#include "HistBinning.h"

#include <cstdint>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

struct GrowerParams
{
    int maxLeafNodes = 31; // 0: no limit
    int maxDepth = 0;      // 0: no limit
    int minSamplesLeaf = 20;
    double l2 = 0;
    double minHessian = 1e-3; // scikit-learn's min_hessian_to_split
    double shrinkage = 0.1;
};

// A grown tree with what training needs besides the model: the bin of each split and its gain.
struct GrownTree
{
    BoostTree tree;
    std::vector<std::uint8_t> binThreshold; // per node (splits only)
    std::vector<double> gain;               // per node (splits only)
};

class HistTreeGrower
{
public:
    HistTreeGrower(const BinnedMatrix &binned, const HistBinning &binning, GrowerParams params);

    // Grows a tree on one gradient and hessian per binned row. Histograms are built in parallel
    // over features (each feature by one thread, rows in a fixed order), so the tree does not
    // depend on ctx.threads().
    GrownTree grow(const float *gradients, const float *hessians, JobContext &ctx);
    // Adds the last grown tree's leaf values to raw[row] for each training row.
    void addLeafValues(double *raw, JobContext &ctx) const;

private:
    struct Bin
    {
        double g = 0, h = 0;
        std::uint32_t n = 0;
    };
    struct Split
    {
        double gain = -1;
        int feature = -1;
        int bin = 0;
        double gLeft = 0, hLeft = 0;
        std::uint32_t nLeft = 0;
    };
    struct Node
    {
        Eigen::Index begin = 0, end = 0; // its rows: m_rows[begin, end)
        double g = 0, h = 0;
        int depth = 0;
        int hist = -1; // histogram slot
        int out = 0;   // index in the tree
        Split split;
    };

    int takeHistogram();
    void buildHistogram(const Node &node, bool allRows, const float *g, const float *h,
                        JobContext &ctx);
    Split findSplit(const Node &node, JobContext &ctx) const;
    Eigen::Index partition(const Node &node, int feature, int bin, JobContext &ctx);
    double leafValue(double g, double h) const;

    const BinnedMatrix &m_binned;
    std::vector<int> m_binCounts;
    int m_stride = 0;
    GrowerParams m_params;
    using Row = std::uint32_t; // row indices: half the memory traffic of 64-bit ones
    std::vector<Row> m_rows, m_scratch;
    std::vector<float> m_orderedG, m_orderedH;
    std::vector<std::vector<Bin>> m_hists;
    std::vector<int> m_freeHists;
    struct Leaf
    {
        Eigen::Index begin, end;
        double value;
    };
    std::vector<Leaf> m_leaves;
};

// The rows' leaf values of a tree grown on bins, for binned data (the validation set).
void addBinnedPredictions(const GrownTree &tree, const BinnedMatrix &binned, double *raw,
                          JobContext &ctx);

} // namespace flowline::core::ml

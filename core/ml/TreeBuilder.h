#pragma once

// Growing one CART tree (scikit-learn's BestSplitter with its depth-first and best-first
// builders): at each node, up to maxFeatures features drawn at random are tried; for each, the
// node's samples are sorted by the feature (float32, as scikit-learn) and every threshold halfway
// between consecutive distinct values is scored; the best improvement wins (the first on ties).

#include "Model.h"
#include "Tree.h"

#include <cstdint>
#include <vector>

namespace flowline::core::ml {

enum class TreeCriterion { Gini, Entropy, SquaredError };

struct TreeSettings
{
    TreeCriterion criterion = TreeCriterion::Gini;
    int maxDepth = 0; // 0: unlimited
    int minSamplesSplit = 2;
    int minSamplesLeaf = 1;
    double minWeightFractionLeaf = 0.0;
    int maxFeatures = 0;  // features tried per split; <= 0: all
    int maxLeafNodes = 0; // 0: unlimited (depth-first); else best-first growth
    double minImpurityDecrease = 0.0;
};

// What every tree of a forest reads: the features as float32 columns and the target.
struct TreeData
{
    std::vector<float> X; // column-major, rows × features
    std::int64_t rows = 0;
    int features = 0;
    std::vector<double> y;         // regression target
    std::vector<std::int32_t> cls; // classification target
    int classCount = 0;            // 0 for regression

    static TreeData from(const Dataset &data, Task task);
    const float *column(int f) const { return X.data() + std::size_t(f) * std::size_t(rows); }
};

struct BuiltTree
{
    Tree tree;
    Eigen::VectorXd importances; // normalised to sum 1 (all zero for a single leaf)
};

// Grows a tree on the rows with a positive weight (weight: one per row). Classification leaves
// hold the weighted class fractions, regression leaves the weighted mean. Randomness (the order
// and subset of features tried) comes from `seed` only.
BuiltTree buildTree(const TreeData &data, const std::vector<double> &weight,
                    const TreeSettings &settings, std::uint64_t seed);

// Mixes a seed and an index into an independent seed (per tree of a forest).
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t index);

} // namespace flowline::core::ml

#pragma once

// A fitted binary decision tree as flat arrays (node 0 is the root; children always have larger
// indices than their parent), shared by the decision tree, the forests and the isolation forest.
// Features are compared as float32, as scikit-learn's trees do: a row goes left when
// double(float(x[feature])) <= threshold.

#include "util/Error.h"

#include <Eigen/Core>

#include <QJsonObject>

#include <cstdint>
#include <vector>

namespace flowline::core::ml {

// Rows as float32, one contiguous row each: what tree prediction walks.
using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
FloatRows toFloatRows(const Eigen::MatrixXd &X);

struct Tree
{
    int outputs = 1;                   // values per node: K class probabilities, or 1
    std::vector<std::int32_t> feature; // -1 for a leaf
    std::vector<double> threshold;     // internal nodes: go left when x <= threshold
    std::vector<std::int32_t> left;    // -1 for a leaf
    std::vector<std::int32_t> right;
    std::vector<double> value; // node-major, `outputs` per node

    int nodeCount() const { return int(feature.size()); }
    int leafCount() const;
    int depth() const; // edges from the root to the deepest leaf

    // The leaf a row (featureCount floats) falls into.
    int leaf(const float *row) const
    {
        int n = 0;
        while (feature[std::size_t(n)] >= 0)
            n = double(row[feature[std::size_t(n)]]) <= threshold[std::size_t(n)]
                    ? left[std::size_t(n)]
                    : right[std::size_t(n)];
        return n;
    }
    const double *valueOf(int node) const { return value.data() + std::size_t(node) * outputs; }

    // Appends a node (a leaf until split) and returns its index.
    int addNode(const double *nodeValue);

    QJsonObject toJson() const;
    // Checks everything prediction relies on: equal sizes, at most kMaxTreeNodes nodes, children
    // pointing forward and in range, every node but the root the child of exactly one node,
    // feature indices < featureCount, finite values and thresholds.
    static Result<Tree> fromJson(const QJsonValue &json, int featureCount, int outputs,
                                 const QString &field);
};

inline constexpr int kMaxTreeNodes = 1 << 26;

} // namespace flowline::core::ml

#pragma once

// Nearest-neighbour search over the rows of a training matrix, as scikit-learn's NearestNeighbors:
// a k-d tree (KdTree.h) or a blocked brute force. The brute force computes, for blocks of
// training rows × blocks of queries, ‖t‖² − 2 t·q with one matrix product (Eigen's GEMM), keeps
// each query's k best in a small sorted list, then recomputes the k winners' distances exactly
// (so an exact match is at distance 0). "auto" picks as scikit-learn 1.2: brute force when there
// are more than 15 features or k >= rows / 2, else the tree.
//
// Ties: rows at the same distance are ordered by row index (the brute force decides on the
// product's rounded values, so two rows equally far in exact arithmetic may come in either
// order there).

#include "KdTree.h"

#include <Eigen/Core>

#include <memory>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

enum class NeighborAlgorithm { Auto, KdTree, Brute };

class NeighborIndex
{
public:
    NeighborIndex(Eigen::MatrixXd X, Metric metric, NeighborAlgorithm algorithm, int k,
                  int leafSize = 30);

    // The k nearest training rows of each query row, nearest first: indices and distances
    // (queries × k). Parallel over blocks of queries; the result does not depend on threads.
    void kneighbors(const Eigen::MatrixXd &Q, int k, Eigen::MatrixXi &indices,
                    Eigen::MatrixXd &distances, JobContext &ctx) const;

    const Eigen::MatrixXd &data() const { return m_X; }
    Metric metric() const { return m_metric; }
    bool usesTree() const { return m_tree != nullptr; }

private:
    void bruteBlock(const Eigen::MatrixXd &Q, Eigen::Index q0, Eigen::Index qn, int k,
                    Eigen::MatrixXi &indices, Eigen::MatrixXd &distances) const;

    Eigen::MatrixXd m_X;
    Metric m_metric;
    std::unique_ptr<KdTree> m_tree; // set when searching with the tree
    Eigen::VectorXd m_norms;        // ‖row‖² (brute force, Euclidean)
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m_rowMajor; // Manhattan
};

// scikit-learn's choice for algorithm="auto".
NeighborAlgorithm resolveNeighborAlgorithm(NeighborAlgorithm requested, Eigen::Index rows,
                                           Eigen::Index cols, int k);

} // namespace flowline::core::ml

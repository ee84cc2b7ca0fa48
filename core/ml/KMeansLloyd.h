#pragma once

// The numerical core of k-means (KMeans.h): seeding and Lloyd's iterations on centred data.
// Work is split into fixed blocks of rows whose partial sums are added in block order, so the
// result does not depend on the number of threads.

#include "util/Error.h"
#include "util/SplitMix64.h"

#include <Eigen/Core>

#include <functional>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::ml {

struct LloydResult
{
    Eigen::MatrixXd centers; // k × features
    Eigen::VectorXi labels;
    double inertia = 0;
    int iterations = 0;
    // Per iteration: inertia of the new labels with the old centres (from the assignment's
    // ‖x‖² + ‖c‖² − 2 x·c, so rounded like the matrix product).
    std::vector<double> inertiaCurve;
};

// Lloyd's algorithm from `centers` (as scikit-learn's _kmeans_single_lloyd). `tol` is absolute
// (already scaled by the mean variance). `progress(iteration)` is called between iterations;
// returns Error{"canceled"} when the context is canceled.
Result<LloydResult> runLloyd(const Eigen::MatrixXd &X, const Eigen::VectorXd &w,
                             Eigen::MatrixXd centers, int maxIter, double tol, JobContext &ctx,
                             const std::function<void(int)> &progress = {});

// k-means++ seeding (greedy, 2 + ⌊ln k⌋ local trials), potentials weighted by w.
Eigen::MatrixXd kmeansPlusPlus(const Eigen::MatrixXd &X, const Eigen::VectorXd &w, int k,
                               SplitMix64 &rng, JobContext &ctx);
// k distinct rows chosen uniformly.
Eigen::MatrixXd kmeansRandomInit(const Eigen::MatrixXd &X, int k, SplitMix64 &rng);

// Σ w_i ‖x_i − c_{label_i}‖².
double kmeansInertia(const Eigen::MatrixXd &X, const Eigen::VectorXd &w,
                     const Eigen::MatrixXd &centers, const Eigen::VectorXi &labels,
                     JobContext &ctx);

} // namespace flowline::core::ml

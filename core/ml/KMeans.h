#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// k-means clustering, as scikit-learn's KMeans (Lloyd's algorithm): n_clusters centres started
// by k-means++ (greedy: 2 + ⌊ln k⌋ candidates per centre, the one that lowers the potential most
// wins) or by k random rows, then alternately assigning each row to its nearest centre (blocked
// matrix products) and moving each centre to the weighted mean of its rows, until the labels stop
// changing or the centres move less than tol × the mean feature variance (squared, summed), or
// max_iter. An empty cluster takes the row farthest from its centre. n_init starts, the lowest
// inertia (weighted sum of squared distances to the centres) wins. The data are centred first,
// as scikit-learn, for accuracy. Sample weights weigh the means, the inertia and the k-means++
// sampling (as scikit-learn 1.3; 1.2 seeds unweighted). Random starts come from ctx.seed(), so
// they differ from scikit-learn's: compare from the same centres (fitKMeansFromCenters).
//
// predict: the nearest centre. decisionFunction: the distance to every centre (rows × k).
// learned(): centres as coefficients (one row per cluster), inertia and iterations in extra,
// the inertia per iteration of the winning start as the loss curve.
EstimatorInfo kmeansEstimator();

// One run of Lloyd's algorithm from the given centres (k × features), as scikit-learn's
// KMeans(init=centres, n_init=1): for comparing with scikit-learn from the same start.
Result<ModelPtr> fitKMeansFromCenters(const Dataset &data, const Eigen::MatrixXd &centers,
                                      int maxIter, double tol, JobContext &ctx);

} // namespace flowline::core::ml

#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Elastic net regression, as scikit-learn's ElasticNet: minimises
//   1/(2n) ||y - Xw||² + alpha · l1_ratio · ||w||₁ + alpha · (1 - l1_ratio) / 2 · ||w||²
// by cyclic coordinate descent, stopping on scikit-learn's duality-gap rule. Sample weights are
// rescaled to sum to n, as scikit-learn does.
EstimatorInfo elasticNetEstimator();

// The fit shared with lasso (l1_ratio = 1); `id` names the model.
Result<ModelPtr> fitElasticNet(const QString &id, const Dataset &data, double alpha, double l1Ratio,
                               bool intercept, int maxIter, double tol, JobContext &ctx);

} // namespace flowline::core::ml

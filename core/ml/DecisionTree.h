#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// One CART tree, as scikit-learn's DecisionTreeClassifier / DecisionTreeRegressor: greedy binary
// splits on thresholds halfway between consecutive distinct values (features as float32), gini /
// entropy or squared error, grown depth-first (best-first with max_leaf_nodes).
EstimatorInfo decisionTreeEstimator();

} // namespace flowline::core::ml

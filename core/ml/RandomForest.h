#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// A forest of CART trees, each grown on a bootstrap sample with a random subset of the features
// tried at every split, as scikit-learn's RandomForestClassifier / RandomForestRegressor.
// Trees are grown in parallel, each seeded from the job seed and its index only; predictions
// average the trees' probabilities or values. Optional out-of-bag score.
EstimatorInfo randomForestEstimator();

} // namespace flowline::core::ml

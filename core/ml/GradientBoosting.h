#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Histogram gradient boosting, as scikit-learn's HistGradientBoostingClassifier (binary and
// multinomial log loss) and HistGradientBoostingRegressor (squared error): features binned into
// at most max_bins quantile bins, trees grown leaf-wise on gradient / hessian histograms, optional
// early stopping on a held-out validation loss.
EstimatorInfo gradientBoostingEstimator();

} // namespace flowline::core::ml

#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Ordinary least squares, as scikit-learn's LinearRegression: the minimum-norm solution (a
// complete orthogonal decomposition of the centred matrix, so collinear columns such as a full
// one-hot encoding give the same predictions as lstsq and the same coefficients), weighted by
// the sample weights. The example every estimator follows: params, fit, model, JSON.
EstimatorInfo linearRegressionEstimator();

} // namespace flowline::core::ml

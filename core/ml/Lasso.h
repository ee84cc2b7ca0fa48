#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Lasso regression, as scikit-learn's Lasso: the elastic net with l1_ratio = 1, minimising
// 1/(2n) ||y - Xw||² + alpha ||w||₁ by coordinate descent. Drives some coefficients to exactly
// zero, so it also selects features.
EstimatorInfo lassoEstimator();

} // namespace flowline::core::ml

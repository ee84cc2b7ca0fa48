#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Ridge regression, as scikit-learn's Ridge with its default 'cholesky' solver: least squares
// plus alpha times the squared norm of the coefficients (the intercept is not penalised),
// solved in closed form by a Cholesky factorisation of Xᵀ W X + alpha I on the (weighted)
// centred data.
EstimatorInfo ridgeEstimator();

} // namespace flowline::core::ml

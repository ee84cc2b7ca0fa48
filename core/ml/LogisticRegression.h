#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Logistic regression, as scikit-learn's LogisticRegression (lbfgs / saga, multi_class 'auto'):
// minimises Σ weight · log loss + (1/C) · penalty, the intercept not penalised. Two classes: one
// row of coefficients (sigmoid); more: one row per class (softmax). Solved by Newton's method
// with a line search on the small Hessian (L2 or none), or by proximal Newton with coordinate
// descent on the quadratic model (l1, elasticnet); both reach scikit-learn's optimum. The
// gradient and Hessian are summed over row chunks on the job's threads.
EstimatorInfo logisticRegressionEstimator();

} // namespace flowline::core::ml

#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Linear support vector classifier, as scikit-learn's LinearSVC (liblinear): L2-regularised
// hinge or squared hinge loss, solved in the dual by coordinate descent with shrinking (Hsieh et
// al., 2008). The intercept is a constant extra feature (intercept_scaling 1), regularised as
// liblinear does. More than two classes: one-vs-rest, one row of coefficients per class. No
// probabilities: decisionFunction gives the margins.
EstimatorInfo linearSvmEstimator();

} // namespace flowline::core::ml

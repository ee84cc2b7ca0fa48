#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Naive Bayes classification, one estimator with a `distribution` choice:
// - gaussian (default): scikit-learn's GaussianNB — per class, each feature normal with the
//   class's (weighted) mean and variance, plus var_smoothing × the largest feature variance;
// - multinomial: scikit-learn's MultinomialNB for counts / frequencies (non-negative features;
//   a negative value is an Error naming the column), additive smoothing alpha.
// Class priors are the weighted class shares (fit_prior) or uniform. Probabilities are
// normalised with log-sum-exp, so they stay exact when the likelihoods underflow.
EstimatorInfo naiveBayesEstimator();

} // namespace flowline::core::ml

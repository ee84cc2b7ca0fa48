#pragma once

#include "Estimator.h"
#include "MlpNetwork.h"

#include <optional>

namespace flowline::core::ml {

// A multi-layer perceptron trained by mini-batch SGD or Adam, as scikit-learn's MLPClassifier /
// MLPRegressor (solvers "sgd" and "adam"; no "lbfgs"), with sample weights in the loss and an
// optional inverted dropout (not in scikit-learn).
EstimatorInfo mlpEstimator();

// "100", "64,32" -> {100} / {64, 32}; "" -> no hidden layer. An Error says what is wrong.
Result<std::vector<int>> parseHiddenLayerSizes(const QString &text);

// Trains exactly as the estimator does, but from the given initial layers instead of the seeded
// Glorot draw (their units must be {features, hidden..., outputs}). With shuffle off the
// randomness is gone, so the weights after k epochs can be checked against scikit-learn's from
// the same start.
Result<ModelPtr> fitMlpFrom(const Dataset &data, const Params &params, Task task,
                            const MlpParameters &initial, JobContext &ctx);

} // namespace flowline::core::ml

#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// Isolation forest (Liu, Ting & Zhou 2008), as scikit-learn's IsolationForest: random trees on
// small subsamples, each split on a random feature at a uniform random threshold; unusual rows
// are isolated after few splits. decisionFunction gives the anomaly score 2^(−E[h(x)] / c(ψ)) in
// (0, 1] (higher: more unusual) — the negative of scikit-learn's score_samples.
EstimatorInfo isolationForestEstimator();

// c(n): the average path length of an unsuccessful search in a binary search tree of n points
// (0 for n <= 1, 1 for n = 2), scikit-learn's _average_path_length.
double averagePathLength(double n);

} // namespace flowline::core::ml

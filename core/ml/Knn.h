#pragma once

#include "Estimator.h"

namespace flowline::core::ml {

// k-nearest neighbours, as scikit-learn's KNeighborsClassifier / KNeighborsRegressor: a row is
// given the (weighted) vote or mean of its k nearest training rows. weights "uniform" counts each
// neighbour once; "distance" weighs it by 1 / distance, and an exact match (distance 0) takes all
// the weight (as scikit-learn). Sample weights, which scikit-learn's neighbours do not take,
// multiply the neighbours' votes (so class weights work); without them the results are
// scikit-learn's. Ties at equal distance are broken by training-row order (NeighborIndex.h).
// The model keeps the training matrix.
EstimatorInfo knnEstimator();

} // namespace flowline::core::ml

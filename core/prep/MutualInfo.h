#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace flowline::core::prep {

// The digamma function ψ(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series);
// accurate to about 1e-14 relative. NaN for x <= 0 or NaN.
double digamma(double x);

// Mutual information (nats) between a continuous feature and a discrete class, as scikit-learn
// 1.2's mutual_info_classif(discrete_features=False, n_neighbors): the feature is scaled by its
// population standard deviation (when non-zero), then the k-NN estimator of Ross (2014),
// clipped at 0. Rows whose class has a single row are left out. `x` must have no NaN and be as
// long as `classes`. O(n log n).
//
// Ties: with `tieNoiseSeed`, tiny Gaussian noise (1e-10 x max(1, mean|x|) x N(0, 1), seeded, so
// the result is still deterministic) separates equal values as scikit-learn does; without it,
// ties are kept, and a row whose k-th neighbour has the same value counts every equal row of
// any class (iris petal_width then scores 0 rather than about 1). Our noise is not numpy's, so
// with noise the estimate matches scikit-learn's only approximately; without noise it matches
// scikit-learn run with zero noise to ~1e-14 (the scale is summed pairwise as numpy does),
// except for classes of fewer than 2k + 2 rows, where scikit-learn's brute-force neighbour
// distances are inexact and ours exact.
double mutualInfoClassif(const std::vector<double> &x, const std::vector<std::int64_t> &classes,
                         int neighbors = 3, std::optional<std::uint64_t> tieNoiseSeed = {});

} // namespace flowline::core::prep

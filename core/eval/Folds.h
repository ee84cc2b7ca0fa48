#pragma once

// Train / test row splits for hold-out and cross-validation. Without shuffling, KFold and
// StratifiedKFold give exactly scikit-learn 1.2's folds; shuffled schemes draw from SplitMix64
// seeded with spec.seed (the same folds on every platform, but not numpy's). Repeated schemes
// always shuffle, with a different permutation per repeat.

#include "util/Error.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace flowline::core::eval {

enum class FoldScheme { Holdout, KFold, StratifiedKFold, RepeatedKFold, RepeatedStratifiedKFold };

struct FoldSpec
{
    FoldScheme scheme = FoldScheme::StratifiedKFold;
    int folds = 5;
    int repeats = 1;
    double testFraction = 0.2;
    bool shuffle = true;
    std::uint64_t seed = 42;
};

// train and test hold row indices in increasing order.
struct Fold
{
    std::vector<std::int64_t> train, test;
    int repeat = 0;
    int index = 0;
};

// classes: per-row class (stratified schemes need it; negative classes are an error; Holdout is
// stratified when it is given). n rows.
Result<std::vector<Fold>> makeFolds(std::int64_t n, const Eigen::VectorXi *classes,
                                    const FoldSpec &spec);

} // namespace flowline::core::eval

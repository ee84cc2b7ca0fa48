#pragma once

// A binary score sorted once: its distinct values, highest first, with the weighted positives
// (tps) and negatives (fps) scoring at least each value, as scikit-learn's _binary_clf_curve
// (the cumulative sums run in the same order, so they match it to the last bit). The curves and
// areas built on it live in BinaryCurves.h.

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::eval {

struct BinaryRanking
{
    std::vector<double> thresholds, tps, fps;  // descending thresholds, cumulative weights
    double positives = 0, negatives = 0;       // weights of all non-NaN rows
    double nanPositives = 0, nanNegatives = 0; // weights of rows whose score is NaN
    std::int64_t nanRows = 0;
    bool hasNaN() const { return nanRows > 0; }
};

// truth01: 1 = positive; weight empty = all 1. Rows of weight 0 are left out (as scikit-learn).
// Sorting is an LSD radix sort of the scores (rows are counted up to 2^32 - 1).
BinaryRanking rankScores(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                         const Eigen::VectorXd &weight = {});

// Area under the ROC curve straight from the scores without keeping the curve (what
// roc_auc_score gives; NaN with one class only or NaN scores). Without weights the positives'
// and the negatives' scores are radix-sorted apart (on two threads when ctx allows) and merged
// in one pass, counting in integers: the result does not depend on the thread count.
double rocAucScore(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                   const Eigen::VectorXd &weight = {}, JobContext *ctx = nullptr);

} // namespace flowline::core::eval

#pragma once

// What the executor records of the usual results, in one call each, so every node that
// trains or evaluates logs the same keys and artifacts the studio knows how to show.

#include "store/RunLogger.h"

namespace flowline::core::eval {
class Evaluation;
struct CrossValidationResult;
} // namespace flowline::core::eval

namespace flowline::core::store {

// Every metric of the evaluation at step 0 (key = prefix + metric key, e.g. "test_roc_auc"),
// and as JSON artifacts: the confusion matrix ({"classes": [...], "matrix": [[...]]}, rows =
// truth; kind confusion_matrix) and each curve ({"name", "x", "y", "thresholds"}; kind
// roc_curve for "roc…", pr_curve for "pr…", else "curve"), named prefix + their name.
void recordEvaluation(RunLogger &run, const eval::Evaluation &evaluation,
                      const QString &prefix = {});

// The mean of each metric over the folds (step 0) and its standard deviation as
// "<key>_std"; each fold's value as the metric "fold_<key>" with the fold index as its step
// (a curve over the folds); and the whole result (folds, rows, notes) as the JSON artifact
// "folds" (kind folds).
void recordCrossValidation(RunLogger &run, const eval::CrossValidationResult &cv);

} // namespace flowline::core::store

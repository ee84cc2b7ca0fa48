#pragma once

// Judging a model pipeline: on held-out rows (evaluatePipeline) and by cross-validation, where
// all the preparation — the steps upstream that the table carries as its recipe, and the
// model's automatic steps — is fitted again inside every fold on that fold's training rows
// only, so no fold's test rows leak into what it learns.

#include "Evaluation.h"
#include "Folds.h"
#include "ml/Pipeline.h"

#include <optional>

namespace flowline::core::eval {

// Scores `table` (raw rows, or rows prepared by the model's own upstream steps) with the model
// and compares with its target column. Rows whose target is missing, or names a class the model
// never saw, are left out.
struct EvaluateOptions
{
    // Binary classifiers: the cost of each outcome, cost(truth, predicted) with [0][1] a false
    // positive and [1][0] a false negative. When set, the evaluation adds the threshold that
    // minimises the total cost ("min_cost_threshold") and the mean cost per row there
    // ("min_cost").
    std::optional<Eigen::Matrix2d> cost;
};

Result<Evaluation> evaluatePipeline(const ml::Pipeline &pipeline, const Table &table,
                                    JobContext &ctx, const EvaluateOptions &options = {});

// The rows of `table` that can be scored: those with a target value and, for classification,
// a class among `classes` (learned from the table when empty; the list used is written back),
// with each kept row's class index in `classIndex` (classification only).
struct LabelledRows
{
    Table rows;
    Eigen::VectorXi classIndex;
};
Result<LabelledRows> labelledRows(const Table &table, const QString &target, ml::Task task,
                                  QStringList &classes);

struct CrossValidationResult
{
    FoldSpec spec;
    std::vector<Evaluation> folds;                 // in fold order (repeat by repeat)
    std::vector<Metric> mean;                      // per metric, over the folds (NaN folds skipped)
    std::vector<Metric> deviation;                 // sample standard deviation over the folds
    std::vector<std::int64_t> trainRows, testRows; // per fold
    QStringList notes;
    double metricMean(const QString &key) const; // NaN when absent
    QJsonObject toJson() const;
};

// Trains spec's algorithm on each fold's training rows (the table's recipe refitted on their
// raw rows when the table knows them — Table::recipeInput — and auto-prep refitted) and
// evaluates on its test rows. Stratified schemes use the target's classes. Folds run one after
// another (each fit uses the job's threads); progress goes from 0 to 1 over the folds.
Result<CrossValidationResult> crossValidate(const Table &table, const ml::TrainSpec &spec,
                                            const FoldSpec &folds, JobContext &ctx,
                                            const EvaluateOptions &options = {});

} // namespace flowline::core::eval

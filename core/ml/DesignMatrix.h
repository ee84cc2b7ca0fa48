#pragma once

// From a Table to what an estimator fits on: the feature matrix and the encoded target.

#include "Model.h"
#include "table/Table.h"
#include "util/Error.h"

namespace flowline::core::ml {

// The feature columns (numeric or boolean; booleans as 0 / 1) as a dense matrix. A missing value
// or an infinity is an Error naming the column and the row (1-based) — the pipeline imputes
// first; a column of another kind is an Error saying it needs encoding.
Result<Eigen::MatrixXd> featureMatrix(const Table &table, const QStringList &features);

// The target's classes as scikit-learn's LabelEncoder orders them: numbers in numeric order
// (written as the shortest text that reads back the same), text in byte order; booleans are
// "false", "true". Missing values are not a class.
Result<QStringList> learnClasses(const Table &table, const QString &target);
// The class index of each row (-1 for a missing value or a class not in `classes`).
Result<Eigen::VectorXi> encodeClasses(const Table &table, const QString &target,
                                      const QStringList &classes);

// Whether a target column asks for classification: categorical, text and boolean columns do;
// numeric columns do when every value is a whole number and there are at most `maxClasses`
// distinct values (a 0 / 1 label), unless the estimator can only regress.
bool looksCategorical(const Table &table, const QString &target, int maxClasses = 10);

// Features + target as a Dataset for `task`. Rows whose target is missing are dropped (their
// count goes to `droppedRows`). Classification: `classes` is learned when empty, else used as is.
Result<Dataset> buildDataset(const Table &table, const QStringList &features, const QString &target,
                             Task task, QStringList &classes, std::int64_t *droppedRows = nullptr);

// Folds class weights into the sample weights: "balanced" gives class c the weight
// n / (K · count_c) (classes with no rows are skipped), as scikit-learn's compute_class_weight.
void applyClassWeight(Dataset &data, const QString &mode);

} // namespace flowline::core::ml

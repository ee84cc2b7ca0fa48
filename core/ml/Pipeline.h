#pragma once

#include "Estimator.h"
#include "prep/Recipe.h"
#include "table/Table.h"

#include <optional>

namespace flowline::core::ml {

// What to train: the algorithm, its parameters by name, the target, and whether to prepare a raw
// table automatically (AutoPrep.h).
struct TrainSpec
{
    QString algorithm;
    QVariantMap params;
    QString target;           // empty for clustering and anomaly detection
    std::optional<Task> task; // default: the algorithm's, or from the target's values
    bool autoPrep = true;
    QStringList features; // empty: every usable feature column but the target
    // Classification: the label set (empty: learned from the rows; cross-validation passes the
    // whole table's so that every fold has the same classes).
    QStringList classes;
};

// What a pipeline says about some rows.
struct PipelineOutput
{
    Eigen::VectorXd prediction; // value, class index, cluster or anomaly flag
    Eigen::MatrixXd proba;      // classification with probabilities: rows × classes
    Eigen::MatrixXd decision;   // margins / distances / anomaly scores, when the model has them
    Eigen::VectorXi truth;      // classification: class of the target column (-1: missing or a
                                // class not seen in training); empty without a target column
    Eigen::VectorXd truthValue; // regression: the target column (NaN: missing)
    Eigen::MatrixXd X;          // clustering: the prepared feature matrix (for silhouette)
};

// A trained model as the studio, the CLI and model files see it: the raw input schema and the
// fitted recipe (the upstream steps plus the auto-prep steps), the feature columns, the label
// encoding and the fitted estimator. Predicting on raw rows applies the recipe first, so steps
// fitted on the training branch are applied — never refitted — to new data.
class Pipeline
{
public:
    QString algorithm;
    Task task = Task::Regression;
    Params params;                              // resolved (defaults filled in)
    std::shared_ptr<const prep::Recipe> recipe; // raw → model input
    std::size_t upstreamSteps = 0;              // recipe steps made before training (the rest
                                                // are the auto-prep steps)
    QStringList features;
    QString target;
    ColumnKind targetKind = ColumnKind::Numeric;
    QStringList classes; // classification: index → label
    ModelPtr model;
    std::int64_t trainingRows = 0;
    QStringList notes; // what auto-prep did, rows dropped...

    // `input` prepared as the model's training data was: raw rows get the whole recipe; rows
    // already prepared by the same upstream steps (a split after the preparation) get only the
    // rest. Rows prepared differently are an Error saying so.
    Result<Table> prepare(const Table &input, JobContext &ctx) const;
    Result<PipelineOutput> predict(const Table &input, JobContext &ctx) const;
    // `input` with the predictions appended: "prediction" (the label text for classification),
    // "probability_<class>" per class, "score" (margin / anomaly score) where the model has one.
    Result<Table> predictTable(const Table &input, JobContext &ctx) const;

    QJsonObject toJson() const;
    static Result<Pipeline> fromJson(const QJsonObject &json);
    // One line: "random_forest classifier of 'churned' on 12 features (4000 rows)".
    QString summary() const;
};
using PipelinePtr = std::shared_ptr<const Pipeline>;

// Trains on `table` (its Target role, if any, is replaced by spec.target). Rows with a missing
// target are left out (counted in the notes).
Result<Pipeline> trainPipeline(const Table &table, const TrainSpec &spec, JobContext &ctx);

// The task `spec` asks for on `table`, or why it cannot be done ("linear_regression needs a
// numeric target; 'species' is categorical").
Result<Task> resolveTask(const EstimatorInfo &estimator, const Table &table, const TrainSpec &spec);

// Reading and writing a pipeline file (JSON; atomic write). Files over `maxBytes` are refused.
Result<bool> savePipeline(const Pipeline &pipeline, const QString &path);
Result<Pipeline> loadPipeline(const QString &path, qint64 maxBytes = qint64(1) << 30);

} // namespace flowline::core::ml

#pragma once

#include "Model.h"
#include "Params.h"
#include "util/Error.h"

#include <functional>
#include <vector>

namespace flowline::core::ml {

// An algorithm: its parameter schema and how to fit it. One file pair per algorithm in core/ml/
// defines a function returning its EstimatorInfo; EstimatorCatalog.cpp lists them.
//
// fit() contract:
// - `data` has no NaN or infinity (the pipeline guarantees it); for Classification y holds
//   class indices 0..K-1 and classCount = K >= 2 (some classes may have no rows in a CV fold).
// - Sample weights (data.weight, already including class weights) are honoured.
// - Randomness comes only from ctx.seed() (SplitMix64); results do not depend on ctx.threads():
//   parallel loops write to per-index slots and reduce in a fixed order.
// - Iterative learners report ctx.setProgress() between iterations and return
//   Error{"canceled"} when ctx.isCanceled().
// - Bad parameter combinations or data the algorithm cannot use are an Error saying why.
struct EstimatorInfo
{
    QString id;   // "logistic_regression": the CLI's --model and the node type model.<id>
    QString name; // "Logistic regression"
    QString help; // what it is, when to use it, what scikit-learn calls it
    std::vector<Task> tasks;     // the tasks it can do (the first is the default)
    bool scaleSensitive = false; // auto-prep standardises the features for it
    std::vector<ParamInfo> params;
    std::function<Result<ModelPtr>(const Dataset &data, const Params &params, Task task,
                                   JobContext &ctx)>
        fit;
    std::function<Result<ModelPtr>(const QJsonObject &json)> fromJson;

    bool supports(Task task) const;
    bool supervised() const; // can do Regression or Classification
};

// Every estimator, in the order the palette shows them.
const std::vector<EstimatorInfo> &estimators();
// nullptr when there is none with that id.
const EstimatorInfo *findEstimator(const QString &id);
// Reads a model back, dispatching on its "algorithm"; bad JSON is an Error, never a crash.
Result<ModelPtr> modelFromJson(const QJsonObject &json);

// "class_weight" (none / balanced) — every classifier has it; the pipeline folds it into the
// sample weights, as scikit-learn: balanced weight of class c = n / (K * count_c).
ParamInfo classWeightParam();
// "random_state"-like seed handling is the job context's: no estimator has a seed parameter.

} // namespace flowline::core::ml

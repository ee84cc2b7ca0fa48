#pragma once

// The parameters the CART estimators share (decision tree, random forest), as scikit-learn names
// them, and how they become TreeSettings.

#include "Model.h"
#include "Params.h"
#include "TreeBuilder.h"

namespace flowline::core::ml {

// criterion, max_depth, min_samples_split, min_samples_leaf, min_weight_fraction_leaf,
// max_features (default `maxFeaturesDefault`), max_leaf_nodes, min_impurity_decrease.
std::vector<ParamInfo> cartParams(const QString &maxFeaturesDefault,
                                  const QString &maxFeaturesHelp);

// The settings for `task` on `features` columns, or why the parameters do not fit.
Result<TreeSettings> cartSettings(const Params &params, Task task, int features);

// "sqrt", "log2", "all" (or "none"), "auto" (sqrt for classification, all for regression), a
// fraction with a decimal point ("0.5": half the features) or a count ("3").
Result<int> resolveMaxFeatures(const QString &text, Task task, int features);

} // namespace flowline::core::ml

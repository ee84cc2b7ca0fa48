#pragma once

// The default preparation a model gets on a raw table (`flowline-cli train` without
// --no-auto-prep, the studio's quick model): numeric missing values filled with the training
// median, categorical (and boolean) ones with the most frequent value, then one-hot encoding
// (categories learned on the training rows; an unseen category becomes all zeros), and — for
// scale-sensitive algorithms — standardisation of the numeric features. Text and datetime
// columns are left out of the features (named in the notes).

#include "prep/FittedStep.h"
#include "table/Table.h"

namespace flowline::core::ml {

struct AutoPrepResult
{
    std::vector<prep::FittedStepPtr> steps; // in order; applied to the input give `table`
    Table table;                            // the prepared table (recipe recorded)
    QStringList features;                   // the model's input columns in `table`
    QStringList notes;                      // what was done and what was left out, for people
};

// `table`'s target column must already have the Target role (so the steps leave it alone).
// With `enabled` false, no step is fitted: features are the numeric and boolean feature columns,
// and a categorical feature is an Error saying it needs encoding.
Result<AutoPrepResult> fitAutoPrep(const Table &table, bool enabled, bool scale, JobContext &ctx);

} // namespace flowline::core::ml

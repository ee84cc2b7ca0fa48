#pragma once

// Rebalancing classes on a training branch: random undersampling, random oversampling and
// SMOTE. Row steps: they change which rows exist, learn nothing that is applied later, and are
// not part of a recipe. The flow refuses them on a held-out part of a split (FlowDocument).

#include "table/Table.h"
#include "util/Error.h"

#include <QStringList>

#include <cstdint>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::prep {

enum class ResampleMethod {
    Undersample, // every class down to the smallest class's size, rows picked at random
    Oversample,  // every class up to the largest class's size, rows repeated at random
    Smote        // every class up to the largest, with synthetic rows between near neighbours
};

struct ResampleSpec
{
    QString target; // the class column
    ResampleMethod method = ResampleMethod::Smote;
    int neighbours = 5;   // SMOTE: k nearest neighbours within the class
    QStringList features; // SMOTE: numeric columns to interpolate (default: numeric features)
    std::uint64_t seed = 42;
};

// The rebalanced table. Undersampling keeps the chosen rows in their order; oversampling and
// SMOTE keep every row and append the new ones, class by class. A synthetic SMOTE row takes
// each numeric feature as x + u (n - x) for a row x of its class, one of x's k nearest
// neighbours n in that class (Euclidean, over the features) and u uniform in [0, 1); its other
// columns are copied from x. Features with missing values are refused (say which to impute).
Result<Table> resample(const Table &table, const ResampleSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep

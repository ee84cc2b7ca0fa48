#pragma once

// Order statistics shared by the numeric steps (robust scaling, binning, outliers, imputation):
// numpy's default ("linear") percentile definition, on the non-missing values of a column.

#include "stats/Descriptive.h"
#include "table/NumericColumn.h"

#include <vector>

namespace flowline::core::prep {

// The values of `column` that are not missing, in row order.
std::vector<double> observedValues(const NumericColumn &column);
// Quantiles of sorted values: core::sortedQuantile (stats/Descriptive.h), numpy's definition.
// The median (mean of the two middle values for an even count); NaN when empty. Reorders
// `values` (nth_element, linear time).
double medianOf(std::vector<double> &values);

} // namespace flowline::core::prep

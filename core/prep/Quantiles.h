#pragma once

// Order statistics shared by the numeric steps (robust scaling, binning, outliers, imputation):
// numpy's default ("linear") percentile definition, on the non-missing values of a column.

#include "table/NumericColumn.h"

#include <vector>

namespace flowline::core::prep {

// The values of `column` that are not missing, in row order.
std::vector<double> observedValues(const NumericColumn &column);
// The q-quantile (q in [0, 1]) of ascending `sorted` values, interpolating linearly between the
// two nearest ranks as numpy.percentile does. NaN when `sorted` is empty.
double quantileOfSorted(const std::vector<double> &sorted, double q);
// The median (mean of the two middle values for an even count); NaN when empty. Reorders
// `values` (nth_element, linear time).
double medianOf(std::vector<double> &values);

} // namespace flowline::core::prep

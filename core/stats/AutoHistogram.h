#pragma once

#include "ColumnProfile.h"

#include <span>

namespace flowline::core {

// np.histogram(values, bins="auto") for ascending, finite values: the same number of bins, the
// same edges (bit for bit) and the same counts, except that at most maxBins (>= 1) bins are
// made, where numpy has no limit (then the edges are those of np.histogram(values, maxBins)).
// The bin width is the smaller of the Freedman-Diaconis and Sturges widths (Sturges alone
// when the interquartile range is 0); equal values get one bin of width 1 around them.
// Empty input gives an empty histogram (numpy would give one empty bin over [0, 1]).
Histogram autoHistogram(std::span<const double> sorted, int maxBins);

// The number of bins numpy's "auto" rule chooses for ascending, finite, non-empty values.
double autoBinCount(std::span<const double> sorted);

} // namespace flowline::core

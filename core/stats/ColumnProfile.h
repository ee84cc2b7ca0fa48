#pragma once

#include "table/Column.h"

#include <QString>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace flowline::core {

struct Histogram
{
    std::vector<double> edges; // bins + 1 edges, ascending; the last bin includes its right edge
    std::vector<std::int64_t> counts; // one per bin
};

// What a person wants to know about one column at a glance. Numbers that do not apply to the
// kind, or that have no value (the mean of an empty column) are NaN.
struct ColumnProfile
{
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

    QString name;
    ColumnKind kind = ColumnKind::Numeric;
    std::int64_t count = 0; // non-missing values
    std::int64_t missing = 0;
    std::int64_t distinct = 0; // distinct non-missing values
    bool distinctExact =
        true; // false: an estimate (HyperLogLog), beyond ProfileOptions::exactDistinctLimit

    // Numeric (and boolean as 0/1): sample statistics over non-missing values.
    double mean = kNone;
    double std = kNone; // sample standard deviation (n - 1)
    double min = kNone;
    double q1 = kNone; // quantiles by linear interpolation (numpy's default)
    double median = kNone;
    double q3 = kNone;
    double max = kNone;
    double skewness = kNone; // adjusted Fisher-Pearson (as pandas' skew)
    std::int64_t zeros = 0;

    // Datetime: min and max as ms since the epoch (UTC); 0 when there is none.
    std::int64_t minTime = 0;
    std::int64_t maxTime = 0;

    // Numeric and datetime (edges in ms): bins chosen automatically (numpy's "auto" rule).
    Histogram histogram;

    // Categorical, text and boolean: the most frequent values, most frequent first,
    // ties in ascending value order.
    std::vector<std::pair<QString, std::int64_t>> top;
};

} // namespace flowline::core

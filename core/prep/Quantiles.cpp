#include "Quantiles.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::prep {

std::vector<double> observedValues(const NumericColumn &column)
{
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(column.size()));
    for (double v : column.values()) {
        if (!std::isnan(v))
            out.push_back(v);
    }
    return out;
}

double medianOf(std::vector<double> &values)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const std::size_t n = values.size();
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(values.begin(), mid, values.end());
    const double upper = *mid;
    if (n % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), mid);
    return (lower + upper) / 2.0;
}

} // namespace flowline::core::prep

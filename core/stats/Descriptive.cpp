#include "Descriptive.h"

#include <algorithm>
#include <limits>

namespace flowline::core {

double sortedQuantile(std::span<const double> sorted, double q)
{
    if (sorted.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const auto last = static_cast<std::int64_t>(sorted.size()) - 1;
    const double virtualIndex = static_cast<double>(last) * q;
    const auto below =
        std::clamp(static_cast<std::int64_t>(std::floor(virtualIndex)), std::int64_t(0), last);
    const auto above = std::min(below + 1, last);
    const double gamma = virtualIndex - static_cast<double>(below);
    const double a = sorted[static_cast<std::size_t>(below)];
    const double b = sorted[static_cast<std::size_t>(above)];
    // numpy's _lerp: from whichever end is nearer, which keeps the result monotonic in q.
    const double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

Moments moments(const double *x, std::int64_t n, std::int64_t count, bool constant)
{
    Moments m;
    if (count == 0)
        return m;
    const auto c = static_cast<double>(count);
    if (constant) {
        for (std::int64_t i = 0; i < n; ++i) {
            if (!std::isnan(x[i])) {
                m.mean = x[i];
                break;
            }
        }
        m.std = count >= 2 ? 0.0 : m.std;
        m.skewness = count >= 3 ? 0.0 : m.skewness;
        return m;
    }

    m.mean = pairwiseSum(x, n, [](double v) { return v; }) / c;
    const double mean = m.mean;
    const double s1 = pairwiseSum(x, n, [mean](double v) { return v - mean; });
    const double s2 = pairwiseSum(x, n, [mean](double v) { return (v - mean) * (v - mean); });
    const double s3 = pairwiseSum(x, n, [mean](double v) {
        const double d = v - mean;
        return d * d * d;
    });
    if (count >= 2) {
        double ss = s2 - s1 * s1 / c;
        if (ss < 0.0) // rounding; NaN (from infinities) stays NaN
            ss = 0.0;
        m.std = std::sqrt(ss / (c - 1.0));
    }
    if (count >= 3)
        m.skewness =
            s2 == 0.0 ? 0.0 : (c * std::sqrt(c - 1.0) / (c - 2.0)) * (s3 / std::pow(s2, 1.5));
    return m;
}

} // namespace flowline::core

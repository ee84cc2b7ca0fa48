#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace flowline::core {

// Sum of f(x[i]) over the values that are not NaN, by pairwise summation with the same blocking
// as numpy's sum (8 accumulators over blocks of up to 128 values), so that rounding errors grow
// with log(n) rather than n.
template <class F>
double pairwiseSum(const double *x, std::int64_t n, F f)
{
    const auto term = [&f](double v) { return std::isnan(v) ? 0.0 : f(v); };
    if (n < 8) {
        double sum = 0.0;
        for (std::int64_t i = 0; i < n; ++i)
            sum += term(x[i]);
        return sum;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; ++j)
            r[j] = term(x[j]);
        std::int64_t i = 8;
        for (; i < n - n % 8; i += 8) {
            for (int j = 0; j < 8; ++j)
                r[j] += term(x[i + j]);
        }
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i)
            sum += term(x[i]);
        return sum;
    }
    std::int64_t half = n / 2;
    half -= half % 8;
    return pairwiseSum(x, half, f) + pairwiseSum(x + half, n - half, f);
}

// The q-quantile (0 <= q <= 1) of ascending values by linear interpolation between the two
// nearest ranks: numpy's default percentile method, with numpy's rounding. NaN when empty.
double sortedQuantile(std::span<const double> sorted, double q);

struct Moments
{
    double mean = std::nan("");
    double std = std::nan("");      // sample standard deviation (n - 1)
    double skewness = std::nan(""); // adjusted Fisher-Pearson, as pandas' Series.skew
};

// Mean, standard deviation and skewness of the non-NaN values of x[0..n), of which there are
// count. Two passes: the mean, then sums of powers of deviations from it (the sum of plain
// deviations corrects the variance for the rounding of the mean). A column whose values are all
// equal (constant = true) gets exactly its value, 0 and 0.
Moments moments(const double *x, std::int64_t n, std::int64_t count, bool constant);

} // namespace flowline::core

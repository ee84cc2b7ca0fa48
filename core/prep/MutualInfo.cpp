#include "MutualInfo.h"

#include "stats/Descriptive.h"
#include "util/SplitMix64.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace flowline::core::prep {

double digamma(double x)
{
    if (!(x > 0))
        return std::nan("");
    double result = 0;
    while (x < 10) {
        result -= 1 / x; // ψ(x) = ψ(x + 1) − 1/x
        x += 1;
    }
    const double inv = 1 / x, inv2 = inv * inv;
    // ψ(x) ~ ln x − 1/(2x) − Σ B_2n / (2n x^2n)
    const double series =
        inv2 * (1.0 / 12 -
                inv2 * (1.0 / 120 -
                        inv2 * (1.0 / 252 -
                                inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * 691.0 / 32760)))));
    return result + std::log(x) - 0.5 * inv - series;
}

namespace {

// Distance from sorted[p] to its k-th nearest other value in `sorted` (k < sorted.size()).
double kthNeighbourDistance(const std::vector<double> &sorted, std::size_t p, int k)
{
    std::size_t left = p, right = p + 1; // next candidates: sorted[left - 1], sorted[right]
    double d = 0;
    for (int step = 0; step < k; ++step) {
        const bool hasLeft = left > 0, hasRight = right < sorted.size();
        const double dl = hasLeft ? sorted[p] - sorted[left - 1] : HUGE_VAL;
        const double dr = hasRight ? sorted[right] - sorted[p] : HUGE_VAL;
        if (dl <= dr) {
            d = dl;
            --left;
        } else {
            d = dr;
            ++right;
        }
    }
    return d;
}

} // namespace

double mutualInfoClassif(const std::vector<double> &x, const std::vector<std::int64_t> &classes,
                         int neighbors, std::optional<std::uint64_t> tieNoiseSeed)
{
    const std::size_t n = x.size();
    if (n == 0 || classes.size() != n || neighbors < 1)
        return std::nan("");
    // Scale by the population standard deviation (scikit-learn's scale(with_mean=False)).
    // numpy's pairwise summation (stats/Descriptive.h), so the scale has the same last bit as
    // scikit-learn's: with ties kept, the estimate depends on it.
    const auto count = static_cast<std::int64_t>(n);
    const double mean =
        pairwiseSum(x.data(), count, [](double v) { return v; }) / static_cast<double>(n);
    const double sd = std::sqrt(
        pairwiseSum(x.data(), count, [mean](double v) { return (v - mean) * (v - mean); }) /
        static_cast<double>(n));
    const double scale = sd > 0 ? sd : 1.0;
    std::vector<double> scaled(n);
    double meanAbs = 0;
    for (std::size_t r = 0; r < n; ++r) {
        scaled[r] = x[r] / scale;
        meanAbs += std::abs(scaled[r]);
    }
    if (tieNoiseSeed) {
        // Tiny Gaussian noise (Box-Muller on a seeded SplitMix64) separates equal values, as
        // scikit-learn does with its own generator: 1e-10 x max(1, mean |x|) x N(0, 1).
        const double amplitude = 1e-10 * std::max(1.0, meanAbs / static_cast<double>(n));
        SplitMix64 rng{*tieNoiseSeed};
        for (std::size_t r = 0; r < n; ++r) {
            const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
            scaled[r] += amplitude * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2);
        }
    }

    std::map<std::int64_t, std::vector<std::pair<double, std::size_t>>> byClass;
    for (std::size_t r = 0; r < n; ++r)
        byClass[classes[r]].emplace_back(scaled[r], r);

    std::vector<double> radius(n, 0), kOf(n, 0), countOf(n, 0);
    std::vector<double> all; // the scaled feature over rows whose class has more than one row
    for (auto &[label, rows] : byClass) {
        const std::size_t count = rows.size();
        if (count < 2)
            continue;
        std::sort(rows.begin(), rows.end());
        std::vector<double> sorted(count);
        for (std::size_t i = 0; i < count; ++i)
            sorted[i] = rows[i].first;
        const int k =
            static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(neighbors), count - 1));
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t r = rows[i].second;
            radius[r] = std::nextafter(kthNeighbourDistance(sorted, i, k), 0.0);
            kOf[r] = k;
            countOf[r] = static_cast<double>(count);
            all.push_back(sorted[i]);
        }
    }
    const std::size_t used = all.size();
    if (used == 0)
        return 0;
    std::sort(all.begin(), all.end());
    double meanK = 0, meanCount = 0, meanM = 0;
    for (std::size_t r = 0; r < n; ++r) {
        if (countOf[r] < 2)
            continue;
        const double v = scaled[r], rad = radius[r];
        // Rows within distance <= rad (the row itself included).
        const auto lo =
            std::partition_point(all.begin(), all.end(), [&](double u) { return v - u > rad; });
        const auto hi = std::partition_point(lo, all.end(), [&](double u) { return u - v <= rad; });
        meanK += digamma(kOf[r]);
        meanCount += digamma(countOf[r]);
        meanM += digamma(static_cast<double>(hi - lo));
    }
    const double m = static_cast<double>(used);
    const double mi = digamma(m) + meanK / m - meanCount / m - meanM / m;
    return std::max(0.0, mi);
}

} // namespace flowline::core::prep

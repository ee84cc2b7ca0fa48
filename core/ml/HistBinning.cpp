#include "HistBinning.h"

#include "jobs/Parallel.h"
#include "util/SplitMix64.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::core::ml {

namespace {

// numpy's percentile with method="midpoint" on sorted data: the value at the virtual index
// q / 100 · (n - 1) when it is whole, else halfway between its neighbours (numpy's lerp at 0.5).
double midpointPercentile(const std::vector<double> &sorted, double q)
{
    const double index = q / 100.0 * double(sorted.size() - 1);
    const double below = std::floor(index);
    const auto lo = std::size_t(below);
    if (index == below || lo + 1 >= sorted.size())
        return sorted[lo];
    const double a = sorted[lo], b = sorted[lo + 1];
    return b - (b - a) * 0.5;
}

// How many thresholds are below x (std::lower_bound's position), without unpredictable branches:
// binning a million rows is mostly this search.
std::size_t countBelow(const std::vector<double> &t, double x)
{
    if (t.empty())
        return 0;
    const double *base = t.data();
    std::size_t n = t.size();
    while (n > 1) {
        const std::size_t half = n / 2;
        base = base[half] < x ? base + half : base;
        n -= half;
    }
    return std::size_t(base - t.data()) + (*base < x ? 1 : 0);
}

} // namespace

std::vector<double> HistBinning::columnThresholds(std::vector<double> sorted, int maxBins)
{
    std::vector<double> distinct = sorted;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<double> out;
    if (distinct.size() <= std::size_t(maxBins)) {
        for (std::size_t i = 0; i + 1 < distinct.size(); ++i)
            out.push_back((distinct[i] + distinct[i + 1]) * 0.5);
    } else {
        // np.linspace(0, 100, maxBins + 1)[1:-1]
        const double step = 100.0 / double(maxBins);
        for (int i = 1; i < maxBins; ++i)
            out.push_back(midpointPercentile(sorted, double(i) * step));
    }
    return out;
}

HistBinning HistBinning::fit(const Eigen::MatrixXd &X, const std::vector<Eigen::Index> &rows,
                             int maxBins, std::uint64_t seed, JobContext &ctx,
                             Eigen::Index subsample)
{
    std::vector<Eigen::Index> use = rows;
    if (use.empty()) {
        use.resize(std::size_t(X.rows()));
        std::iota(use.begin(), use.end(), Eigen::Index(0));
    }
    if (Eigen::Index(use.size()) > subsample) {
        // Partial Fisher-Yates: the first `subsample` positions are a uniform subset.
        SplitMix64 rng{seed ^ 0x62696E6EULL};
        for (Eigen::Index i = 0; i < subsample; ++i) {
            const auto j =
                i + Eigen::Index(rng.below(std::uint64_t(use.size()) - std::uint64_t(i)));
            std::swap(use[std::size_t(i)], use[std::size_t(j)]);
        }
        use.resize(std::size_t(subsample));
    }
    HistBinning b;
    b.m_thresholds.resize(std::size_t(X.cols()));
    parallelFor(ctx, X.cols(), [&](std::int64_t f) {
        std::vector<double> col(use.size());
        for (std::size_t i = 0; i < use.size(); ++i)
            col[i] = X(use[i], Eigen::Index(f));
        std::sort(col.begin(), col.end());
        b.m_thresholds[std::size_t(f)] = columnThresholds(std::move(col), maxBins);
    });
    return b;
}

BinnedMatrix HistBinning::transform(const Eigen::MatrixXd &X, const std::vector<Eigen::Index> &rows,
                                    JobContext &ctx) const
{
    BinnedMatrix m;
    m.rows = rows.empty() ? X.rows() : Eigen::Index(rows.size());
    m.cols = int(X.cols());
    m.bins.resize(std::size_t(m.rows) * std::size_t(m.cols));
    parallelFor(ctx, m.cols, [&](std::int64_t f) {
        const std::vector<double> &t = m_thresholds[std::size_t(f)];
        std::uint8_t *out = m.bins.data() + f * m.rows;
        const double *col = X.col(Eigen::Index(f)).data();
        for (Eigen::Index i = 0; i < m.rows; ++i) {
            const double x = col[rows.empty() ? i : rows[std::size_t(i)]];
            out[i] = std::uint8_t(countBelow(t, x));
        }
    });
    return m;
}

} // namespace flowline::core::ml

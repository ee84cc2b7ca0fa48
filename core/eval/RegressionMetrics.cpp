// evaluateRegression: scikit-learn 1.2's mean_squared_error, its root, mean_absolute_error,
// median_absolute_error, r2_score and mean_absolute_percentage_error, with sample weights.
// median_ae: np.median without weights, scikit-learn's lower weighted percentile with them.
// r2: 1.0 when truth and predictions are both constant and equal, 0.0 when only the truth is
// constant (force_finite=True). Residuals are truth - predicted. Lengths that differ, or an
// empty input, give NaN metrics.

#include "Evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace flowline::core::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double medianOf(std::vector<double> v)
{
    const std::size_t n = v.size();
    const std::size_t mid = n / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(mid), v.end());
    const double upper = v[mid];
    if (n % 2)
        return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(mid));
    return (lower + upper) / 2.0; // numpy's mean of the two middle values
}

// The first value (in ascending order) where the cumulative weight reaches half the total.
double weightedMedianOf(const std::vector<double> &v, const Eigen::VectorXd &weight)
{
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> cdf(v.size());
    double sum = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
        cdf[i] = sum += weight[Eigen::Index(order[i])];
    double half = 50.0 / 100.0 * sum;
    if (half == 0)
        half = std::nextafter(half, half + 1);
    std::size_t idx = std::size_t(std::lower_bound(cdf.begin(), cdf.end(), half) - cdf.begin());
    idx = std::min(idx, v.size() - 1);
    return v[order[idx]];
}

} // namespace

Evaluation evaluateRegression(const RegressionInput &in)
{
    Evaluation e;
    e.task = QStringLiteral("regression");
    const Eigen::Index n = in.truth.size();
    const bool valid = in.predicted.size() == n && (in.weight.size() == 0 || in.weight.size() == n);
    const bool weighted = valid && in.weight.size() == n && n > 0;
    const char *keys[] = {"mse", "rmse", "mae", "median_ae", "r2", "mape"};
    if (!valid || n == 0) {
        for (const char *key : keys)
            e.metrics.push_back({QString::fromLatin1(key), kNaN});
        if (valid)
            e.residuals = in.truth - in.predicted;
        return e;
    }
    e.residuals = in.truth - in.predicted;
    auto w = [&](Eigen::Index i) { return weighted ? in.weight[i] : 1.0; };

    double total = 0, se = 0, ae = 0, ape = 0, truthSum = 0;
    std::vector<double> absErrors(static_cast<std::size_t>(n));
    constexpr double eps = std::numeric_limits<double>::epsilon();
    for (Eigen::Index i = 0; i < n; ++i) {
        const double d = in.truth[i] - in.predicted[i];
        total += w(i);
        se += w(i) * d * d;
        ae += w(i) * std::abs(d);
        absErrors[std::size_t(i)] = std::abs(in.predicted[i] - in.truth[i]);
        ape += w(i) * (absErrors[std::size_t(i)] / std::max(std::abs(in.truth[i]), eps));
        truthSum += w(i) * in.truth[i];
    }
    const double mean = truthSum / total;
    double ss = 0;
    for (Eigen::Index i = 0; i < n; ++i)
        ss += w(i) * (in.truth[i] - mean) * (in.truth[i] - mean);
    double r2;
    if (ss != 0)
        r2 = 1.0 - se / ss;
    else
        r2 = se == 0 ? 1.0 : 0.0;

    const double mse = se / total;
    e.metrics = {{QStringLiteral("mse"), mse},
                 {QStringLiteral("rmse"), std::sqrt(mse)},
                 {QStringLiteral("mae"), ae / total},
                 {QStringLiteral("median_ae"),
                  weighted ? weightedMedianOf(absErrors, in.weight) : medianOf(absErrors)},
                 {QStringLiteral("r2"), r2},
                 {QStringLiteral("mape"), ape / total}};
    return e;
}

} // namespace flowline::core::eval

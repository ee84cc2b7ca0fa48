#include "BinaryCurves.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indices of the points roc_curve keeps with drop_intermediate=True: the ends, and every point
// where the second difference of either coordinate is not zero (computed as numpy's np.diff
// twice, so the same points are kept).
std::vector<std::size_t> keptPoints(const std::vector<double> &x, const std::vector<double> &y)
{
    const std::size_t m = x.size();
    std::vector<std::size_t> kept;
    if (m <= 2) {
        for (std::size_t i = 0; i < m; ++i)
            kept.push_back(i);
        return kept;
    }
    kept.push_back(0);
    for (std::size_t i = 1; i + 1 < m; ++i) {
        const double dx = (x[i + 1] - x[i]) - (x[i] - x[i - 1]);
        const double dy = (y[i + 1] - y[i]) - (y[i] - y[i - 1]);
        if (dx != 0 || dy != 0)
            kept.push_back(i);
    }
    kept.push_back(m - 1);
    return kept;
}

} // namespace

Curve rocCurve(const BinaryRanking &r, const QString &name)
{
    Curve c{name, {}, {}, {}};
    if (r.thresholds.empty() || r.hasNaN())
        return c;
    const std::vector<std::size_t> kept = keptPoints(r.fps, r.tps);
    const double fLast = r.fps.back(), tLast = r.tps.back();
    c.x.reserve(kept.size() + 1);
    c.y.reserve(kept.size() + 1);
    c.thresholds.reserve(kept.size() + 1);
    c.x.push_back(fLast <= 0 ? kNaN : 0.0);
    c.y.push_back(tLast <= 0 ? kNaN : 0.0);
    c.thresholds.push_back(r.thresholds[kept.front()] + 1);
    for (std::size_t i : kept) {
        c.x.push_back(fLast <= 0 ? kNaN : r.fps[i] / fLast);
        c.y.push_back(tLast <= 0 ? kNaN : r.tps[i] / tLast);
        c.thresholds.push_back(r.thresholds[i]);
    }
    return c;
}

double rocAuc(const BinaryRanking &r)
{
    if (r.thresholds.empty() || r.hasNaN() || r.tps.back() <= 0 || r.fps.back() <= 0)
        return kNaN;
    // np.trapz(tpr, fpr) over the points roc_curve keeps, without building the curve.
    const double fLast = r.fps.back(), tLast = r.tps.back();
    double area = 0, x = 0, y = 0;
    const std::size_t m = r.fps.size();
    for (std::size_t i = 0; i < m; ++i) {
        if (i > 0 && i + 1 < m) {
            const double dx = (r.fps[i + 1] - r.fps[i]) - (r.fps[i] - r.fps[i - 1]);
            const double dy = (r.tps[i + 1] - r.tps[i]) - (r.tps[i] - r.tps[i - 1]);
            if (dx == 0 && dy == 0)
                continue;
        }
        const double nx = r.fps[i] / fLast, ny = r.tps[i] / tLast;
        area += (nx - x) * (ny + y) / 2.0;
        x = nx;
        y = ny;
    }
    return area;
}

Curve precisionRecallCurve(const BinaryRanking &r, const QString &name)
{
    Curve c{name, {}, {}, {}};
    if (r.thresholds.empty() || r.hasNaN())
        return c;
    const std::size_t m = r.thresholds.size();
    const double tLast = r.tps.back();
    c.x.reserve(m + 1);
    c.y.reserve(m + 1);
    c.thresholds.reserve(m);
    for (std::size_t k = m; k-- > 0;) {
        const double ps = r.tps[k] + r.fps[k];
        c.y.push_back(ps != 0 ? r.tps[k] / ps : 0.0);
        c.x.push_back(tLast == 0 ? 1.0 : r.tps[k] / tLast);
        c.thresholds.push_back(r.thresholds[k]);
    }
    c.y.push_back(1.0);
    c.x.push_back(0.0);
    return c;
}

double averagePrecision(const BinaryRanking &r)
{
    if (r.thresholds.empty() || r.hasNaN())
        return kNaN;
    const Curve c = precisionRecallCurve(r, {});
    double sum = 0;
    for (std::size_t j = 0; j + 1 < c.x.size(); ++j)
        sum += (c.x[j + 1] - c.x[j]) * c.y[j];
    return -sum;
}

Curve gainsCurve(const BinaryRanking &r, const QString &name)
{
    Curve c{name, {}, {}, {}};
    if (r.thresholds.empty() || r.hasNaN())
        return c;
    const double total = r.tps.back() + r.fps.back();
    const double positives = r.tps.back();
    std::vector<double> taken(r.tps.size());
    for (std::size_t i = 0; i < taken.size(); ++i)
        taken[i] = r.tps[i] + r.fps[i];
    const std::vector<std::size_t> kept = keptPoints(taken, r.tps);
    c.x.push_back(0.0);
    c.y.push_back(positives > 0 ? 0.0 : kNaN);
    c.thresholds.push_back(r.thresholds.front() + 1);
    for (std::size_t i : kept) {
        c.x.push_back(taken[i] / total);
        c.y.push_back(positives > 0 ? r.tps[i] / positives : kNaN);
        c.thresholds.push_back(r.thresholds[i]);
    }
    return c;
}

Curve liftCurve(const BinaryRanking &r, const QString &name)
{
    return liftCurve(gainsCurve(r, name), name);
}

Curve liftCurve(const Curve &gains, const QString &name)
{
    Curve c{name, {}, {}, {}};
    for (std::size_t i = 1; i < gains.x.size(); ++i) {
        c.x.push_back(gains.x[i]);
        c.y.push_back(gains.x[i] > 0 ? gains.y[i] / gains.x[i] : kNaN);
        c.thresholds.push_back(gains.thresholds[i]);
    }
    return c;
}

Curve calibrationCurve(const Eigen::VectorXd &proba, const Eigen::VectorXi &truth01,
                       const Eigen::VectorXd &weight, const QString &name)
{
    constexpr int bins = 10;
    Curve c{name, {}, {}, {}};
    const bool weighted = weight.size() == proba.size() && weight.size() > 0;
    double sums[bins] = {}, trues[bins] = {}, totals[bins] = {};
    for (Eigen::Index i = 0; i < proba.size(); ++i) {
        const double p = proba[i];
        if (!(p >= 0.0 && p <= 1.0))
            return c;
        // np.searchsorted(linspace(0, 1, 11)[1:-1], p, side="left"): inner edges below p.
        int bin = 0;
        while (bin < bins - 1 && double(bin + 1) * 0.1 < p)
            ++bin;
        const double w = weighted ? weight[i] : 1.0;
        sums[bin] += w * p;
        trues[bin] += truth01[i] != 0 ? w : 0.0;
        totals[bin] += w;
    }
    for (int b = 0; b < bins; ++b) {
        if (totals[b] == 0)
            continue;
        c.x.push_back(sums[b] / totals[b]);
        c.y.push_back(trues[b] / totals[b]);
        c.thresholds.push_back(totals[b]);
    }
    return c;
}

Curve thinned(const Curve &curve, std::size_t maxPoints)
{
    const std::size_t m = curve.x.size();
    maxPoints = std::max<std::size_t>(maxPoints, 2);
    if (m <= maxPoints)
        return curve;
    Curve out{curve.name, {}, {}, {}};
    std::size_t last = m;
    for (std::size_t j = 0; j < maxPoints; ++j) {
        // Index j * (m - 1) / (maxPoints - 1), rounded down, without overflow.
        const std::size_t i = std::size_t((long double)(j) * (m - 1) / (maxPoints - 1));
        if (i == last)
            continue;
        last = i;
        out.x.push_back(curve.x[i]);
        out.y.push_back(curve.y[i]);
        if (i < curve.thresholds.size())
            out.thresholds.push_back(curve.thresholds[i]);
    }
    return out;
}

} // namespace flowline::core::eval

#include "PairCorrelation.h"

#include "Descriptive.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double clip(double r)
{
    return r < -1.0 ? -1.0 : (r > 1.0 ? 1.0 : r);
}

} // namespace

void RankDrop::build(const std::vector<std::uint32_t> &lost, std::int64_t rows)
{
    const auto span = 2 * static_cast<std::uint64_t>(rows) + 2; // doubled ranks are below this
    // About four buckets per lost row: most look-ups find an empty or a one-entry bucket.
    const auto target = std::max<std::uint64_t>(4 * lost.size(), 1);
    m_shift = 0;
    while ((span >> m_shift) > target)
        ++m_shift;
    const std::size_t buckets = static_cast<std::size_t>(span >> m_shift) + 1;

    // Bucket sort the lost ranks.
    m_lostBefore.assign(buckets + 1, 0);
    for (const auto r : lost)
        ++m_lostBefore[(r >> m_shift) + 1];
    for (std::size_t b = 1; b <= buckets; ++b)
        m_lostBefore[b] += m_lostBefore[b - 1];
    m_cursor.assign(m_lostBefore.begin(), m_lostBefore.end() - 1);
    m_sorted.resize(lost.size());
    for (const auto r : lost)
        m_sorted[m_cursor[r >> m_shift]++] = r;

    // Within each bucket: sort, then keep each distinct rank once with its multiplicity.
    m_first.assign(buckets + 1, 0);
    m_rank.clear();
    m_count.clear();
    for (std::size_t b = 0; b < buckets; ++b) {
        m_first[b] = static_cast<std::uint32_t>(m_rank.size());
        const auto begin = m_sorted.begin() + m_lostBefore[b];
        const auto end = m_sorted.begin() + m_lostBefore[b + 1];
        std::sort(begin, end);
        for (auto it = begin; it != end; ++it) {
            if (m_rank.size() == m_first[b] || m_rank.back() != *it) {
                m_rank.push_back(*it);
                m_count.push_back(0);
            }
            ++m_count.back();
        }
    }
    m_first[buckets] = static_cast<std::uint32_t>(m_rank.size());
}

double pairPearson(const CorrelationColumn &x, const CorrelationColumn &y, PairScratch &scratch)
{
    auto &xs = scratch.xs;
    auto &ys = scratch.ys;
    xs.clear();
    ys.clear();
    for (std::size_t r = 0; r < x.values.size(); ++r) {
        if (std::isfinite(x.values[r]) && std::isfinite(y.values[r])) {
            xs.push_back(x.values[r]);
            ys.push_back(y.values[r]);
        }
    }
    const auto n = static_cast<std::int64_t>(xs.size());
    if (n < 2)
        return kNaN;
    const auto constant = [](const std::vector<double> &v) {
        return std::all_of(v.begin(), v.end(), [&v](double e) { return e == v.front(); });
    };
    if (constant(xs) || constant(ys))
        return kNaN;
    const auto identity = [](double v) { return v; };
    const double mx = pairwiseSum(xs.data(), n, identity) / static_cast<double>(n);
    const double my = pairwiseSum(ys.data(), n, identity) / static_cast<double>(n);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double dx = xs[i] - mx;
        const double dy = ys[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    const double divisor = std::sqrt(sxx * syy);
    return divisor != 0.0 ? clip(sxy / divisor) : kNaN;
}

double pairSpearman(const CorrelationColumn &x, const CorrelationColumn &y, PairScratch &scratch)
{
    if (x.rank2.empty() || y.rank2.empty())
        return kNaN;
    auto &lostX = scratch.lostX;
    auto &lostY = scratch.lostY;
    lostX.clear();
    lostY.clear();
    for (std::size_t r = 0; r < x.rank2.size(); ++r) {
        const std::uint32_t rx = x.rank2[r], ry = y.rank2[r];
        if (rx != 0 && ry == 0)
            lostX.push_back(rx);
        else if (rx == 0 && ry != 0)
            lostY.push_back(ry);
    }
    const std::int64_t joint = x.finite - static_cast<std::int64_t>(lostX.size());
    if (joint < 2)
        return kNaN;
    const auto rows = static_cast<std::int64_t>(x.rank2.size());
    const bool rerankX = !lostX.empty();
    const bool rerankY = !lostY.empty();
    if (rerankX)
        scratch.dropX.build(lostX, rows);
    if (rerankY)
        scratch.dropY.build(lostY, rows);

    // Doubled ranks centred on twice their mean (joint + 1): exact integers.
    const auto dropX = scratch.dropX.view();
    const auto dropY = scratch.dropY.view();
    const double centre = static_cast<double>(joint + 1);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t r = 0; r < x.rank2.size(); ++r) {
        const std::uint32_t rx = x.rank2[r], ry = y.rank2[r];
        if (rx == 0 || ry == 0)
            continue;
        const double dx = static_cast<double>(rerankX ? dropX.adjusted(rx) : rx) - centre;
        const double dy = static_cast<double>(rerankY ? dropY.adjusted(ry) : ry) - centre;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    const double divisor = std::sqrt(sxx * syy);
    return divisor != 0.0 ? clip(sxy / divisor) : kNaN;
}

} // namespace flowline::core

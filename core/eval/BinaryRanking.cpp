#include "BinaryRanking.h"

#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "stats/RadixSort.h"

#include <cmath>
#include <limits>

namespace flowline::core::eval {

namespace {

// The non-NaN, non-zero-weight scores as ascending sort keys. The payload is the label (0/1)
// when there are no weights, else the row index.
struct SortedScores
{
    std::vector<std::uint64_t> keys;
    std::vector<std::uint32_t> payload;
    bool weighted = false;
    std::int64_t nanRows = 0;
    double nanPositives = 0, nanNegatives = 0;
};

SortedScores sortScores(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                        const Eigen::VectorXd &weight)
{
    SortedScores s;
    const Eigen::Index n = std::min(score.size(), truth01.size());
    s.weighted = weight.size() == score.size() && weight.size() > 0;
    s.keys.reserve(std::size_t(n));
    s.payload.reserve(std::size_t(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        const double w = s.weighted ? weight[i] : 1.0;
        if (w == 0.0)
            continue;
        const bool positive = truth01[i] != 0;
        if (std::isnan(score[i])) {
            ++s.nanRows;
            (positive ? s.nanPositives : s.nanNegatives) += w;
            continue;
        }
        s.keys.push_back(sortKey(score[i]));
        s.payload.push_back(s.weighted ? std::uint32_t(i) : std::uint32_t(positive));
    }
    std::vector<std::uint64_t> keyScratch;
    std::vector<std::uint32_t> payloadScratch;
    radixSort(s.keys, keyScratch, &s.payload, &payloadScratch);
    return s;
}

// Calls visit(threshold, tps, fps) for each distinct score from the highest down. Within a run
// of equal scores the rows are added in decreasing row order, as scikit-learn's reversed stable
// argsort does, so the sums are the same to the last bit.
template <class Visit>
void walkDescending(const SortedScores &s, const Eigen::VectorXi &truth01,
                    const Eigen::VectorXd &weight, Visit &&visit)
{
    double tp = 0, fp = 0;
    std::ptrdiff_t i = std::ptrdiff_t(s.keys.size()) - 1;
    if (s.weighted) {
        while (i >= 0) {
            const std::uint64_t key = s.keys[std::size_t(i)];
            do {
                const std::uint32_t row = s.payload[std::size_t(i)];
                if (truth01[row] != 0)
                    tp += weight[row];
                else
                    fp += weight[row];
                --i;
            } while (i >= 0 && s.keys[std::size_t(i)] == key);
            visit(valueOfSortKey(key), tp, fp);
        }
    } else {
        std::int64_t tpCount = 0, fpCount = 0;
        while (i >= 0) {
            const std::uint64_t key = s.keys[std::size_t(i)];
            do {
                const std::uint32_t label = s.payload[std::size_t(i)];
                tpCount += label;
                fpCount += 1 - std::int64_t(label);
                --i;
            } while (i >= 0 && s.keys[std::size_t(i)] == key);
            visit(valueOfSortKey(key), double(tpCount), double(fpCount));
        }
    }
}

} // namespace

BinaryRanking rankScores(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                         const Eigen::VectorXd &weight)
{
    const SortedScores s = sortScores(score, truth01, weight);
    BinaryRanking r;
    r.nanRows = s.nanRows;
    r.nanPositives = s.nanPositives;
    r.nanNegatives = s.nanNegatives;
    r.thresholds.reserve(s.keys.size());
    r.tps.reserve(s.keys.size());
    r.fps.reserve(s.keys.size());
    walkDescending(s, truth01, weight, [&](double threshold, double tp, double fp) {
        r.thresholds.push_back(threshold);
        r.tps.push_back(tp);
        r.fps.push_back(fp);
    });
    if (!r.tps.empty()) {
        r.positives = r.tps.back();
        r.negatives = r.fps.back();
    }
    return r;
}

namespace {

// Unweighted AUC: the two classes' scores sorted apart, then walked together from the top.
// Areas in counts are whole numbers below 2^53 for fewer than ~9e7 rows of each class, so the
// sum is exact in that range.
double unweightedRocAuc(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                        JobContext *ctx)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const Eigen::Index n = score.size();
    const auto positives = std::size_t((truth01.array() != 0).count());
    std::vector<std::uint64_t> keys[2], scratch[2];
    keys[1].reserve(positives);
    keys[0].reserve(std::size_t(n) - positives);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (std::isnan(score[i]))
            return nan;
        keys[truth01[i] != 0 ? 1 : 0].push_back(sortKey(score[i]));
    }
    if (keys[0].empty() || keys[1].empty())
        return nan;
    auto sortOne = [&](std::int64_t c) { radixSort(keys[c], scratch[c]); };
    if (ctx && ctx->threads() > 1)
        parallelFor(*ctx, 2, sortOne);
    else
        for (int c = 0; c < 2; ++c)
            sortOne(c);
    if (ctx && ctx->isCanceled())
        return nan;
    const std::vector<std::uint64_t> &neg = keys[0], &pos = keys[1];
    std::ptrdiff_t i = std::ptrdiff_t(pos.size()) - 1, j = std::ptrdiff_t(neg.size()) - 1;
    double area = 0, tp = 0, fp = 0;
    while (i >= 0 || j >= 0) {
        std::uint64_t key = 0;
        if (i >= 0)
            key = pos[std::size_t(i)];
        if (j >= 0 && (i < 0 || neg[std::size_t(j)] > key))
            key = neg[std::size_t(j)];
        const double lastTp = tp, lastFp = fp;
        for (; i >= 0 && pos[std::size_t(i)] == key; --i)
            tp += 1;
        for (; j >= 0 && neg[std::size_t(j)] == key; --j)
            fp += 1;
        area += (fp - lastFp) * (tp + lastTp);
    }
    return area / 2.0 / (tp * fp);
}

} // namespace

double rocAucScore(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                   const Eigen::VectorXd &weight, JobContext *ctx)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (score.size() != truth01.size() || (weight.size() && weight.size() != score.size()))
        return nan;
    if (weight.size() == 0)
        return unweightedRocAuc(score, truth01, ctx);
    const SortedScores s = sortScores(score, truth01, weight);
    if (s.nanRows > 0)
        return nan;
    // Trapezoids in unnormalised (fps, tps) units, divided by the totals at the end: the same
    // area as the dropped-intermediate curve, since dropped points are collinear.
    double area = 0, lastTp = 0, lastFp = 0;
    walkDescending(s, truth01, weight, [&](double, double tp, double fp) {
        area += (fp - lastFp) * (tp + lastTp);
        lastTp = tp;
        lastFp = fp;
    });
    if (lastTp <= 0 || lastFp <= 0)
        return nan;
    return area / 2.0 / (lastTp * lastFp);
}

} // namespace flowline::core::eval

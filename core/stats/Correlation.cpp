#include "Correlation.h"

#include "PairCorrelation.h"
#include "ScratchPool.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <QCoreApplication>

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace flowline::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kBlockRows = 512;       // rows per matrix product (fits in L2)
constexpr std::int64_t kChunkRows = 64 * 1024; // rows per parallel work unit
constexpr double kChunkMemory = 64.0 * 1024 * 1024;
// A variance below this fraction of the sum of squares it came from has lost too many digits
// to cancellation: the pair is computed again from its own mean.
constexpr double kCancellation = 1e-3;

double clip(double r)
{
    return r < -1.0 ? -1.0 : (r > 1.0 ? 1.0 : r);
}

// The sums of one chunk of rows. z = value - shift (0 where not finite), b = 1 where finite.
// Only the columns with missing values ("incomplete") need b; only the complete columns take
// part in the Spearman product (doubled ranks minus rows + 1, i.e. twice the centred rank).
struct Sums
{
    Eigen::MatrixXd zz;  // k x k, lower triangle: sum of z_i z_j
    Eigen::VectorXd z;   // k: sum of z_i
    Eigen::MatrixXd zb;  // k x ki: sum of z_i where incomplete column jj is finite
    Eigen::MatrixXd z2b; // k x ki: sum of z_i^2 where incomplete column jj is finite
    Eigen::MatrixXd bb;  // ki x ki: rows where incomplete columns ii and jj are both finite
    Eigen::MatrixXd rr;  // kc x kc, lower triangle: sum of centred doubled ranks

    void reset(Eigen::Index k, Eigen::Index ki, Eigen::Index kc)
    {
        zz.setZero(k, k);
        z.setZero(k);
        zb.setZero(k, ki);
        z2b.setZero(k, ki);
        bb.setZero(ki, ki);
        rr.setZero(kc, kc);
    }
    void add(const Sums &o)
    {
        zz += o.zz;
        z += o.z;
        zb += o.zb;
        z2b += o.z2b;
        bb += o.bb;
        rr += o.rr;
    }
};

struct Layout
{
    const std::vector<CorrelationColumn> *columns = nullptr;
    std::int64_t rows = 0;
    std::vector<int> incomplete;      // columns with values that are not finite
    std::vector<int> complete;        // complete columns with ranks (Spearman by matrix product)
    std::vector<int> incompleteIndex; // per column: index into incomplete, or -1
    std::vector<int> completeIndex;   // per column: index into complete, or -1
};

void accumulate(const Layout &layout, std::int64_t begin, std::int64_t end, const JobContext &ctx,
                Sums &sums)
{
    const auto &columns = *layout.columns;
    const auto k = static_cast<Eigen::Index>(columns.size());
    const auto ki = static_cast<Eigen::Index>(layout.incomplete.size());
    const auto kc = static_cast<Eigen::Index>(layout.complete.size());
    const double rankCentre = static_cast<double>(layout.rows + 1);
    sums.reset(k, ki, kc);
    Eigen::MatrixXd z(kBlockRows, k), b(kBlockRows, ki), r(kBlockRows, kc);

    for (std::int64_t first = begin; first < end; first += kBlockRows) {
        if (ctx.isCanceled())
            return;
        const auto len = static_cast<Eigen::Index>(std::min(kBlockRows, end - first));
        for (Eigen::Index c = 0; c < k; ++c) {
            const double *v = columns[static_cast<std::size_t>(c)].values.data() + first;
            const double shift = columns[static_cast<std::size_t>(c)].shift;
            for (Eigen::Index t = 0; t < len; ++t)
                z(t, c) = std::isfinite(v[t]) ? v[t] - shift : 0.0;
        }
        for (Eigen::Index c = 0; c < ki; ++c) {
            const auto column = static_cast<std::size_t>(layout.incomplete[c]);
            const double *v = columns[column].values.data() + first;
            for (Eigen::Index t = 0; t < len; ++t)
                b(t, c) = std::isfinite(v[t]) ? 1.0 : 0.0;
        }
        for (Eigen::Index c = 0; c < kc; ++c) {
            const auto column = static_cast<std::size_t>(layout.complete[c]);
            const std::uint32_t *rank2 = columns[column].rank2.data() + first;
            for (Eigen::Index t = 0; t < len; ++t)
                r(t, c) = static_cast<double>(rank2[t]) - rankCentre;
        }

        const auto zBlock = z.topRows(len);
        sums.zz.selfadjointView<Eigen::Lower>().rankUpdate(zBlock.transpose());
        sums.z += zBlock.colwise().sum().transpose();
        if (ki > 0) {
            const auto bBlock = b.topRows(len);
            sums.zb.noalias() += zBlock.transpose() * bBlock;
            sums.z2b.noalias() += zBlock.cwiseAbs2().transpose() * bBlock;
            sums.bb.noalias() += bBlock.transpose() * bBlock;
        }
        if (kc > 0)
            sums.rr.selfadjointView<Eigen::Lower>().rankUpdate(r.topRows(len).transpose());
    }
}

struct PairTask
{
    int i;
    int j;
    bool spearman;
};

} // namespace

bool computeCorrelations(const std::vector<CorrelationColumn> &columns, JobContext &ctx,
                         double progressFrom, double progressTo, CorrelationMatrices &out)
{
    const auto k = static_cast<int>(columns.size());
    out.pearson.setConstant(k, k, kNaN);
    out.spearman.setConstant(k, k, kNaN);
    if (k == 0)
        return true;

    Layout layout;
    layout.columns = &columns;
    layout.rows = static_cast<std::int64_t>(columns.front().values.size());
    layout.incompleteIndex.assign(static_cast<std::size_t>(k), -1);
    layout.completeIndex.assign(static_cast<std::size_t>(k), -1);
    for (int c = 0; c < k; ++c) {
        const auto &column = columns[static_cast<std::size_t>(c)];
        if (column.finite < layout.rows) {
            layout.incompleteIndex[static_cast<std::size_t>(c)] =
                static_cast<int>(layout.incomplete.size());
            layout.incomplete.push_back(c);
        } else if (!column.rank2.empty()) {
            layout.completeIndex[static_cast<std::size_t>(c)] =
                static_cast<int>(layout.complete.size());
            layout.complete.push_back(c);
        }
    }

    // Fixed chunks (they depend on the shape only), fewer when the partial sums would take more
    // than kChunkMemory.
    const double ki = static_cast<double>(layout.incomplete.size());
    const double kc = static_cast<double>(layout.complete.size());
    const double chunkBytes = 8.0 * (k * (k + 1.0) + 2.0 * k * ki + ki * ki + kc * kc);
    const auto maxChunks = static_cast<std::int64_t>(std::max(1.0, kChunkMemory / chunkBytes));
    std::int64_t chunkRows = std::max(kChunkRows, (layout.rows + maxChunks - 1) / maxChunks);
    chunkRows = (chunkRows + kBlockRows - 1) / kBlockRows * kBlockRows;
    const std::int64_t chunks =
        std::max<std::int64_t>(1, (layout.rows + chunkRows - 1) / chunkRows);

    std::vector<PairTask> tasks;
    const auto work = static_cast<double>(chunks) + 0.5 * k * (k + 1);
    std::atomic<std::int64_t> done{0};
    const QString message = QCoreApplication::translate("Profiler", "Correlations");
    const auto advance = [&] {
        const auto d = static_cast<double>(done.fetch_add(1, std::memory_order_relaxed) + 1);
        ctx.setProgress(progressFrom + (progressTo - progressFrom) * std::min(1.0, d / work),
                        message);
    };

    std::vector<Sums> partial(static_cast<std::size_t>(chunks));
    parallelFor(ctx, chunks, [&](std::int64_t c) {
        accumulate(layout, c * chunkRows, std::min(layout.rows, (c + 1) * chunkRows), ctx,
                   partial[static_cast<std::size_t>(c)]);
        advance();
    });
    if (ctx.isCanceled())
        return false;
    Sums sums = std::move(partial.front());
    for (std::size_t c = 1; c < partial.size(); ++c)
        sums.add(partial[c]);
    partial.clear();

    const auto n = static_cast<double>(layout.rows);
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j <= i; ++j) {
            const int ii = layout.incompleteIndex[static_cast<std::size_t>(i)];
            const int jj = layout.incompleteIndex[static_cast<std::size_t>(j)];
            const double ni = static_cast<double>(columns[static_cast<std::size_t>(i)].finite);
            const double nj = static_cast<double>(columns[static_cast<std::size_t>(j)].finite);
            const double joint = ii < 0 ? (jj < 0 ? n : nj) : (jj < 0 ? ni : sums.bb(ii, jj));
            // Sums of z_i and z_i^2 over the joint rows, and the same for j.
            const double si = jj < 0 ? sums.z(i) : sums.zb(i, jj);
            const double qi = jj < 0 ? sums.zz(i, i) : sums.z2b(i, jj);
            const double sj = ii < 0 ? sums.z(j) : sums.zb(j, ii);
            const double qj = ii < 0 ? sums.zz(j, j) : sums.z2b(j, ii);
            if (joint >= 2.0) {
                const double vi = qi - si * si / joint;
                const double vj = qj - sj * sj / joint;
                if (vi > kCancellation * qi && vj > kCancellation * qj) {
                    const double cov = sums.zz(i, j) - si * sj / joint;
                    out.pearson(i, j) = out.pearson(j, i) = clip(cov / std::sqrt(vi * vj));
                } else {
                    tasks.push_back({i, j, false});
                }
            }

            const int ci = layout.completeIndex[static_cast<std::size_t>(i)];
            const int cj = layout.completeIndex[static_cast<std::size_t>(j)];
            if (ci >= 0 && cj >= 0) {
                const double divisor = std::sqrt(sums.rr(ci, ci) * sums.rr(cj, cj));
                if (divisor != 0.0)
                    out.spearman(i, j) = out.spearman(j, i) = clip(sums.rr(ci, cj) / divisor);
            } else if (ii >= 0 || jj >= 0) {
                tasks.push_back({i, j, true});
            }
        }
    }

    std::vector<double> results(tasks.size(), kNaN);
    ScratchPool<PairScratch> scratchPool;
    parallelFor(ctx, static_cast<std::int64_t>(tasks.size()), [&](std::int64_t t) {
        const PairTask &task = tasks[static_cast<std::size_t>(t)];
        const auto &x = columns[static_cast<std::size_t>(task.i)];
        const auto &y = columns[static_cast<std::size_t>(task.j)];
        auto scratch = scratchPool.lease();
        results[static_cast<std::size_t>(t)] =
            task.spearman ? pairSpearman(x, y, *scratch) : pairPearson(x, y, *scratch);
        advance();
    });
    if (ctx.isCanceled())
        return false;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        auto &matrix = tasks[t].spearman ? out.spearman : out.pearson;
        matrix(tasks[t].i, tasks[t].j) = matrix(tasks[t].j, tasks[t].i) = results[t];
    }
    return true;
}

} // namespace flowline::core

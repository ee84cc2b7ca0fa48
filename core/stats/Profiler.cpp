#include "Profiler.h"

#include "AutoHistogram.h"
#include "Correlation.h"
#include "Descriptive.h"
#include "HyperLogLog.h"
#include "RadixSort.h"
#include "ScratchPool.h"
#include "TextValueCounter.h"
#include "TopValues.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <new>
#include <string_view>

namespace flowline::core {

namespace {

// Progress: the columns take this share, the correlations the rest.
constexpr double kColumnsShare = 0.7;

bool canceled(const JobContext *ctx)
{
    return ctx && ctx->isCanceled();
}

// What the correlations need from a numeric column's profile (see CorrelationColumn).
struct RankInfo
{
    bool wantRanks = true;            // false: Pearson only, no rank2
    std::vector<std::uint32_t> rank2; // empty unless wanted
    double shift = 0.0;
    std::int64_t finite = 0;
};

// Working space for one column at a time (see ScratchPool).
struct Scratch
{
    std::vector<std::uint64_t> keys, keyBuffer;
    std::vector<std::uint32_t> rows, rowBuffer;
    std::vector<double> values, input;
};

// Distinct values of ascending keys (equal values have equal keys).
std::int64_t distinctSorted(const std::vector<std::uint64_t> &keys)
{
    std::int64_t distinct = keys.empty() ? 0 : 1;
    for (std::size_t i = 1; i < keys.size(); ++i)
        distinct += keys[i] != keys[i - 1] ? 1 : 0;
    return distinct;
}

// Sets the distinct count from ascending keys: exact up to the limit, estimated beyond.
void setDistinct(const std::vector<std::uint64_t> &sortedKeys, const ProfileOptions &options,
                 ColumnProfile &p)
{
    p.distinct = distinctSorted(sortedKeys);
    if (p.distinct <= options.exactDistinctLimit)
        return;
    HyperLogLog sketch;
    for (const auto key : sortedKeys)
        sketch.add(mix64(key));
    p.distinct =
        std::max<std::int64_t>(std::llround(sketch.estimate()), options.exactDistinctLimit + 1);
    p.distinctExact = false;
}

// Numeric statistics of x[0..n) (NaN is missing). With ranks, also fills what the correlations
// need. Returns early (incomplete) when ctx is canceled.
void profileNumeric(const double *x, std::int64_t n, const ProfileOptions &options,
                    ColumnProfile &p, RankInfo *ranks, Scratch &scratch, const JobContext *ctx)
{
    auto &keys = scratch.keys;
    auto &rows = scratch.rows;
    keys.clear();
    rows.clear();
    const bool wantRanks = ranks && ranks->wantRanks;
    keys.reserve(static_cast<std::size_t>(n));
    if (wantRanks)
        rows.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        if (std::isnan(x[i]))
            continue;
        keys.push_back(sortKey(x[i]));
        if (wantRanks)
            rows.push_back(static_cast<std::uint32_t>(i));
        p.zeros += x[i] == 0.0 ? 1 : 0;
    }
    p.count = static_cast<std::int64_t>(keys.size());
    p.missing = n - p.count;
    if (p.count == 0 || canceled(ctx))
        return;

    radixSort(keys, scratch.keyBuffer, wantRanks ? &rows : nullptr, &scratch.rowBuffer);
    if (canceled(ctx))
        return;
    auto &sorted = scratch.values;
    sorted.resize(keys.size());
    std::transform(keys.begin(), keys.end(), sorted.begin(), valueOfSortKey);
    setDistinct(keys, options, p);

    p.min = sorted.front();
    p.max = sorted.back();
    const Moments m = moments(x, n, p.count, p.min == p.max);
    p.mean = m.mean;
    p.std = m.std;
    p.skewness = m.skewness;
    p.q1 = sortedQuantile(sorted, 0.25);
    p.median = sortedQuantile(sorted, 0.5);
    p.q3 = sortedQuantile(sorted, 0.75);

    // Infinities sit at the ends; the histogram and the correlations take the finite middle.
    const auto isFinite = [](double v) { return std::isfinite(v); };
    const auto lo = std::find_if(sorted.begin(), sorted.end(), isFinite) - sorted.begin();
    const auto hi = std::find_if(sorted.rbegin(), sorted.rend(), isFinite).base() - sorted.begin();
    if (hi > lo)
        p.histogram = autoHistogram(std::span(sorted).subspan(static_cast<std::size_t>(lo),
                                                              static_cast<std::size_t>(hi - lo)),
                                    options.maxHistogramBins);
    if (!ranks || canceled(ctx))
        return;

    ranks->finite = hi - lo;
    ranks->shift = hi > lo ? sorted[static_cast<std::size_t>(lo + (hi - lo) / 2)] : 0.0;
    if (!wantRanks)
        return;
    ranks->rank2.assign(static_cast<std::size_t>(n), 0);
    for (auto start = lo; start < hi;) {
        auto end = start + 1;
        while (end < hi &&
               sorted[static_cast<std::size_t>(end)] == sorted[static_cast<std::size_t>(start)])
            ++end;
        // Ranks start+1 .. end (1-based among the finite values), averaged and doubled.
        const auto rank2 = static_cast<std::uint32_t>((start - lo + 1) + (end - lo));
        for (auto i = start; i < end; ++i)
            ranks->rank2[rows[static_cast<std::size_t>(i)]] = rank2;
        start = end;
    }
}

void profileBoolean(const BooleanColumn &column, const ProfileOptions &options, ColumnProfile &p,
                    Scratch &scratch, const JobContext *ctx)
{
    const auto &values = column.values();
    auto &asNumbers = scratch.input;
    asNumbers.resize(values.size());
    std::int64_t counts[2] = {0, 0};
    for (std::size_t i = 0; i < values.size(); ++i) {
        const bool missing = values[i] == BooleanColumn::kMissing;
        asNumbers[i] = missing ? std::numeric_limits<double>::quiet_NaN() : values[i];
        if (!missing)
            ++counts[values[i] != 0 ? 1 : 0];
    }
    profileNumeric(asNumbers.data(), column.size(), options, p, nullptr, scratch, ctx);
    p.histogram = {};
    TopValues top(options.topValues);
    if (counts[0] > 0)
        top.offer("false", counts[0]);
    if (counts[1] > 0)
        top.offer("true", counts[1]);
    p.top = top.take();
}

void profileDatetime(const DatetimeColumn &column, const ProfileOptions &options, ColumnProfile &p,
                     Scratch &scratch, const JobContext *ctx)
{
    auto &keys = scratch.keys;
    keys.clear();
    keys.reserve(column.values().size());
    for (const auto v : column.values()) {
        if (v != DatetimeColumn::kMissing)
            keys.push_back(sortKey(v));
    }
    p.count = static_cast<std::int64_t>(keys.size());
    p.missing = column.size() - p.count;
    if (p.count == 0 || canceled(ctx))
        return;
    radixSort(keys, scratch.keyBuffer);
    setDistinct(keys, options, p);
    p.minTime = int64OfSortKey(keys.front());
    p.maxTime = int64OfSortKey(keys.back());
    auto &ms = scratch.values;
    ms.resize(keys.size());
    std::transform(keys.begin(), keys.end(), ms.begin(),
                   [](std::uint64_t key) { return static_cast<double>(int64OfSortKey(key)); });
    p.histogram = autoHistogram(ms, options.maxHistogramBins);
}

void profileCategorical(const CategoricalColumn &column, const ProfileOptions &options,
                        ColumnProfile &p)
{
    std::vector<std::int64_t> counts(static_cast<std::size_t>(column.categoryCount()), 0);
    for (const auto code : column.codes()) {
        if (code != CategoricalColumn::kMissing)
            ++counts[static_cast<std::size_t>(code)];
        else
            ++p.missing;
    }
    p.count = column.size() - p.missing;
    TopValues top(options.topValues);
    HyperLogLog sketch;
    for (std::int32_t code = 0; code < column.categoryCount(); ++code) {
        const auto count = counts[static_cast<std::size_t>(code)];
        if (count == 0)
            continue;
        ++p.distinct;
        top.offer(column.category(code), count);
        sketch.add(hashBytes(column.category(code)));
    }
    if (p.distinct > options.exactDistinctLimit) {
        p.distinct =
            std::max<std::int64_t>(std::llround(sketch.estimate()), options.exactDistinctLimit + 1);
        p.distinctExact = false;
    }
    p.top = top.take();
}

void profileText(const TextColumn &column, const ProfileOptions &options, ColumnProfile &p,
                 Scratch &scratch, const JobContext *ctx)
{
    TextValueCounter counter(column, options.exactDistinctLimit);
    if (!counter.countAll(scratch.keys, ctx))
        return;
    p.missing = counter.missing();
    p.count = column.size() - p.missing;
    p.distinct = counter.distinct();
    p.distinctExact = counter.exact();
    TopValues top(options.topValues);
    counter.forEach(
        [&top](std::string_view value, std::int64_t count) { top.offer(value, count); });
    p.top = top.take();
}

void profileInto(const QString &name, const Column &column, const ProfileOptions &options,
                 ColumnProfile &p, RankInfo *ranks, Scratch &scratch, const JobContext *ctx)
{
    p.name = name;
    p.kind = column.kind();
    switch (column.kind()) {
    case ColumnKind::Numeric: {
        const auto &numeric = static_cast<const NumericColumn &>(column);
        profileNumeric(numeric.data(), numeric.size(), options, p, ranks, scratch, ctx);
        break;
    }
    case ColumnKind::Boolean:
        profileBoolean(static_cast<const BooleanColumn &>(column), options, p, scratch, ctx);
        break;
    case ColumnKind::Datetime:
        profileDatetime(static_cast<const DatetimeColumn &>(column), options, p, scratch, ctx);
        break;
    case ColumnKind::Categorical:
        profileCategorical(static_cast<const CategoricalColumn &>(column), options, p);
        break;
    case ColumnKind::Text:
        profileText(static_cast<const TextColumn &>(column), options, p, scratch, ctx);
        break;
    }
}

Error errorWith(const QString &message)
{
    Error e;
    e.message = message;
    return e;
}

Error canceledError()
{
    return errorWith(QStringLiteral("canceled"));
}

} // namespace

ColumnProfile Profiler::profileColumn(const QString &name, const Column &column,
                                      const ProfileOptions &options)
{
    ColumnProfile p;
    Scratch scratch;
    profileInto(name, column, options, p, nullptr, scratch, nullptr);
    return p;
}

Result<TableProfile> Profiler::profile(const Table &table, const ProfileOptions &options,
                                       JobContext &ctx)
{
    TableProfile out;
    out.rows = table.rowCount();
    const int k = table.columnCount();
    out.columns.resize(static_cast<std::size_t>(k));

    // Spearman ranks are stored as 32-bit doubled ranks: beyond 2^31 - 1 rows, Pearson only.
    std::vector<RankInfo> ranks(static_cast<std::size_t>(k));
    for (auto &r : ranks)
        r.wantRanks = out.rows < (std::int64_t(1) << 31);
    ScratchPool<Scratch> scratchPool;
    std::atomic<int> done{0};
    const QString message = QCoreApplication::translate("Profiler", "Profiling columns");
    ctx.setProgress(0.0, message);
    try {
        parallelFor(ctx, k, [&](std::int64_t c) {
            const auto column = static_cast<int>(c);
            const bool numeric = table.kind(column) == ColumnKind::Numeric;
            auto scratch = scratchPool.lease();
            profileInto(table.columnName(column), *table.column(column), options,
                        out.columns[static_cast<std::size_t>(c)],
                        numeric && options.correlations ? &ranks[static_cast<std::size_t>(c)]
                                                        : nullptr,
                        *scratch, &ctx);
            const double fraction = kColumnsShare * (done.fetch_add(1) + 1) / std::max(k, 1);
            ctx.setProgress(options.correlations ? fraction : fraction / kColumnsShare, message);
        });
        if (ctx.isCanceled())
            return canceledError();

        if (options.correlations) {
            std::vector<CorrelationColumn> numeric;
            for (int c = 0; c < k; ++c) {
                const NumericColumn *column = table.numeric(c);
                if (!column)
                    continue;
                const auto &info = ranks[static_cast<std::size_t>(c)];
                CorrelationColumn cc;
                cc.values = column->values();
                cc.rank2 = info.rank2;
                cc.shift = info.shift;
                cc.finite = info.finite;
                numeric.push_back(cc);
                out.correlationColumns.append(table.columnName(c));
            }
            CorrelationMatrices matrices;
            if (!computeCorrelations(numeric, ctx, kColumnsShare, 1.0, matrices))
                return canceledError();
            out.pearson = std::move(matrices.pearson);
            out.spearman = std::move(matrices.spearman);
        }
    } catch (const std::bad_alloc &) {
        return errorWith(
            QCoreApplication::translate("Profiler", "Not enough memory to profile the table"));
    }
    ctx.setProgress(1.0, message);
    return out;
}

} // namespace flowline::core

#include "Evaluator.h"

#include "BoundProgram.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/BooleanColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <functional>
#include <numeric>

namespace flowline::core::expr {

namespace {

constexpr std::int64_t kChunkRows = std::int64_t{kBlockRows} * 16;

using BlockSink =
    std::function<void(std::int64_t chunk, std::int64_t begin, int n, const void *block)>;

std::int64_t chunkCount(std::int64_t rows)
{
    return (rows + kChunkRows - 1) / kChunkRows;
}

// Runs every block of the table, handing each root block to sink. False when canceled.
bool forEachBlock(const BoundProgram &bound, JobContext &ctx, const BlockSink &sink)
{
    const std::int64_t rows = bound.rows();
    parallelFor(ctx, chunkCount(rows), [&](std::int64_t chunk) {
        Scratch scratch = bound.makeScratch();
        const std::int64_t end = std::min(rows, (chunk + 1) * kChunkRows);
        for (std::int64_t begin = chunk * kChunkRows; begin < end; begin += kBlockRows) {
            if (ctx.isCanceled())
                return;
            const int n = static_cast<int>(std::min<std::int64_t>(kBlockRows, end - begin));
            sink(chunk, begin, n, bound.runBlock(scratch, begin, n));
        }
    });
    return !ctx.isCanceled();
}

Error canceled()
{
    return Error{QStringLiteral("canceled")};
}

template <class ColumnT, class T>
Result<ColumnPtr> fixedWidth(const BoundProgram &bound, JobContext &ctx)
{
    std::vector<T> values(static_cast<std::size_t>(bound.rows()));
    const bool done =
        forEachBlock(bound, ctx, [&](std::int64_t, std::int64_t begin, int n, const void *block) {
            std::memcpy(values.data() + begin, block, static_cast<std::size_t>(n) * sizeof(T));
        });
    if (!done)
        return canceled();
    return ColumnPtr(std::make_shared<const ColumnT>(std::move(values)));
}

Result<ColumnPtr> booleans(const BoundProgram &bound, JobContext &ctx)
{
    std::vector<std::int8_t> values(static_cast<std::size_t>(bound.rows()));
    const bool done =
        forEachBlock(bound, ctx, [&](std::int64_t, std::int64_t begin, int n, const void *block) {
            const auto *b = static_cast<const std::uint8_t *>(block);
            std::int8_t *o = values.data() + begin;
            for (int i = 0; i < n; ++i)
                o[i] = b[i] == kTrue ? 1 : b[i] == kFalse ? 0 : BooleanColumn::kMissing;
        });
    if (!done)
        return canceled();
    return ColumnPtr(std::make_shared<const BooleanColumn>(std::move(values)));
}

Result<ColumnPtr> texts(const BoundProgram &bound, JobContext &ctx)
{
    // Offsets and validity go straight to their final place (offsets first relative to the
    // chunk); only the bytes are gathered per chunk, then joined. Growing and merging lists
    // would cost more in copies and page faults than computing the texts.
    const std::int64_t rows = bound.rows();
    const std::int64_t chunks = chunkCount(rows);
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(rows) + 1, 0);
    std::vector<std::uint8_t> valid(static_cast<std::size_t>(rows));
    std::vector<std::string> bytes(static_cast<std::size_t>(chunks));
    const bool done = forEachBlock(
        bound, ctx, [&](std::int64_t chunk, std::int64_t begin, int n, const void *block) {
            std::string &b = bytes[static_cast<std::size_t>(chunk)];
            const auto *s = static_cast<const StrVal *>(block);
            if (begin == chunk * kChunkRows) {
                std::size_t sample = 0;
                for (int i = 0; i < n; ++i)
                    sample += s[i].size();
                const std::int64_t chunkRows = std::min(kChunkRows, rows - begin);
                b.reserve(sample / static_cast<std::size_t>(n) *
                              static_cast<std::size_t>(chunkRows) * 9 / 8 +
                          64);
            }
            for (int i = 0; i < n; ++i) {
                const auto r = static_cast<std::size_t>(begin + i);
                if (!isMissing(s[i]))
                    b.append(s[i]);
                offsets[r + 1] = static_cast<std::int64_t>(b.size());
                valid[r] = isMissing(s[i]) ? 0 : 1;
            }
        });
    if (!done)
        return canceled();
    std::vector<std::size_t> base(static_cast<std::size_t>(chunks) + 1, 0);
    for (std::size_t c = 0; c < bytes.size(); ++c)
        base[c + 1] = base[c] + bytes[c].size();
    std::string buffer(base.back(), '\0');
    parallelFor(ctx, chunks, [&](std::int64_t chunk) {
        const auto c = static_cast<std::size_t>(chunk);
        std::memcpy(buffer.data() + base[c], bytes[c].data(), bytes[c].size());
        std::string().swap(bytes[c]);
        const std::int64_t end = std::min(rows, (chunk + 1) * kChunkRows);
        for (std::int64_t r = chunk * kChunkRows; r < end; ++r)
            offsets[static_cast<std::size_t>(r) + 1] += static_cast<std::int64_t>(base[c]);
    });
    if (ctx.isCanceled())
        return canceled();
    return ColumnPtr(std::make_shared<const TextColumn>(std::move(buffer), std::move(offsets),
                                                        std::move(valid)));
}

// Turns what escapes a worker (bad_alloc, mostly) into an Error.
template <class F>
auto guarded(F &&f) -> decltype(f())
{
    try {
        return f();
    } catch (const std::exception &e) {
        return Error{QStringLiteral("the formula could not be computed: %1")
                         .arg(QString::fromLocal8Bit(e.what()))};
    }
}

} // namespace

Result<ColumnPtr> evaluateProgram(const Program &program, const Table &table, JobContext &ctx,
                                  bool shortcuts)
{
    return guarded([&]() -> Result<ColumnPtr> {
        auto bound = BoundProgram::bind(program, table, shortcuts);
        if (!bound)
            return bound.error();
        const BoundProgram &b = **bound;
        // A bare column (other than categorical, which becomes text) is shared, not copied.
        const Node &root = program.nodes.back();
        if (root.kind == NodeKind::Column && b.binding(root.column).kind != ColumnKind::Categorical)
            return table.column(b.binding(root.column).tableIndex);
        switch (program.resultType()) {
        case ValueType::Number:
            return fixedWidth<NumericColumn, double>(b, ctx);
        case ValueType::Datetime:
            return fixedWidth<DatetimeColumn, std::int64_t>(b, ctx);
        case ValueType::Text:
            return texts(b, ctx);
        case ValueType::Boolean:
        case ValueType::Null:
            break;
        }
        return booleans(b, ctx);
    });
}

Result<std::vector<std::int64_t>> selectProgramRows(const Program &program, const Table &table,
                                                    JobContext &ctx)
{
    return guarded([&]() -> Result<std::vector<std::int64_t>> {
        if (program.resultType() != ValueType::Boolean)
            return Error{QStringLiteral("the formula gives %1, not true/false, so it cannot "
                                        "select rows")
                             .arg(QString::fromLatin1(typeName(program.resultType())))};
        auto bound = BoundProgram::bind(program, table);
        if (!bound)
            return bound.error();
        // Two passes, so that the result is allocated once at its final size: growing lists
        // of rows cost more in page faults and copies than computing the formula.
        const std::int64_t rows = table.rowCount();
        const std::int64_t chunks = chunkCount(rows);
        std::vector<std::uint8_t> keep(static_cast<std::size_t>(rows));
        std::vector<std::int64_t> counts(static_cast<std::size_t>(chunks), 0);
        const bool done = forEachBlock(
            **bound, ctx, [&](std::int64_t chunk, std::int64_t begin, int n, const void *block) {
                const auto *b = static_cast<const std::uint8_t *>(block);
                std::uint8_t *k = keep.data() + begin;
                std::int64_t kept = 0;
                for (int i = 0; i < n; ++i) {
                    k[i] = b[i] == kTrue ? 1 : 0;
                    kept += k[i];
                }
                counts[static_cast<std::size_t>(chunk)] += kept;
            });
        if (!done)
            return canceled();
        std::vector<std::int64_t> offsets(static_cast<std::size_t>(chunks) + 1, 0);
        std::partial_sum(counts.begin(), counts.end(), offsets.begin() + 1);
        std::vector<std::int64_t> selected(static_cast<std::size_t>(offsets.back()));
        parallelFor(ctx, chunks, [&](std::int64_t chunk) {
            // Branch-free: a filter keeping half the rows at random would mispredict a lot.
            std::int64_t *out = selected.data() + offsets[static_cast<std::size_t>(chunk)];
            const std::int64_t end = std::min(rows, (chunk + 1) * kChunkRows);
            std::int64_t at = 0;
            for (std::int64_t r = chunk * kChunkRows; r < end; ++r) {
                if (at < counts[static_cast<std::size_t>(chunk)])
                    out[at] = r;
                at += keep[static_cast<std::size_t>(r)];
            }
        });
        if (ctx.isCanceled())
            return canceled();
        return selected;
    });
}

} // namespace flowline::core::expr

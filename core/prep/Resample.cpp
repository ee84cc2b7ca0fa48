#include "Resample.h"

#include "Split.h"
#include "StepSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "table/NumericColumn.h"
#include "util/SplitMix64.h"

#include <Eigen/Core>

#include <algorithm>
#include <map>
#include <numeric>

namespace flowline::core::prep {

namespace {

// For every row of `x` (one row per sample), the indices of its k nearest other rows, nearest
// first (ties by index). Blocked: each block of rows against all rows with one matrix product.
std::vector<std::vector<int>> nearestNeighbours(const Eigen::MatrixXd &x, int k, JobContext &ctx)
{
    const auto m = static_cast<int>(x.rows());
    const Eigen::VectorXd norms = x.rowwise().squaredNorm();
    std::vector<std::vector<int>> out(static_cast<std::size_t>(m));
    constexpr int kBlock = 256;
    const int blocks = (m + kBlock - 1) / kBlock;
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const int first = static_cast<int>(b) * kBlock;
        const int rows = std::min(kBlock, m - first);
        // |a - c|^2 = |a|^2 + |c|^2 - 2 a.c
        Eigen::MatrixXd d = -2.0 * x.middleRows(first, rows) * x.transpose();
        d.colwise() += norms.segment(first, rows);
        d.rowwise() += norms.transpose();
        std::vector<int> idx(static_cast<std::size_t>(m));
        for (int r = 0; r < rows; ++r) {
            std::iota(idx.begin(), idx.end(), 0);
            const int self = first + r;
            idx.erase(idx.begin() + self);
            const int take = std::min<int>(k, static_cast<int>(idx.size()));
            std::partial_sort(idx.begin(), idx.begin() + take, idx.end(), [&](int a, int c) {
                const double da = d(r, a), dc = d(r, c);
                return da != dc ? da < dc : a < c;
            });
            out[static_cast<std::size_t>(self)].assign(idx.begin(), idx.begin() + take);
            idx.resize(static_cast<std::size_t>(m));
        }
    });
    return out;
}

} // namespace

Result<Table> resample(const Table &table, const ResampleSpec &spec, JobContext &ctx)
{
    if (spec.target.isEmpty())
        return Error{QStringLiteral("resample: choose the class column")};
    if (table.indexOf(spec.target) < 0)
        return Error{QStringLiteral("resample: no class column '%1' (a step before this one may "
                                    "have encoded it: give it the target role first)")
                         .arg(spec.target)};
    auto classes = classesOf(table, spec.target);
    if (!classes)
        return classes.error();
    std::map<std::int64_t, std::vector<std::int64_t>> members; // class -> rows, in row order
    for (std::int64_t r = 0; r < table.rowCount(); ++r)
        members[(*classes)[static_cast<std::size_t>(r)]].push_back(r);
    if (members.size() < 2)
        return Error{QStringLiteral("resample: '%1' has fewer than two classes").arg(spec.target)};
    std::size_t smallest = table.rowCount(), largest = 0;
    for (const auto &[c, rows] : members) {
        smallest = std::min(smallest, rows.size());
        largest = std::max(largest, rows.size());
    }
    SplitMix64 rng{spec.seed};

    if (spec.method == ResampleMethod::Undersample) {
        std::vector<std::int64_t> keep;
        for (auto &[c, rows] : members) {
            std::vector<std::int64_t> pool = rows;
            for (std::size_t i = 0; i < smallest; ++i) { // partial Fisher-Yates
                const auto j = i + static_cast<std::size_t>(rng.below(pool.size() - i));
                std::swap(pool[i], pool[j]);
            }
            keep.insert(keep.end(), pool.begin(),
                        pool.begin() + static_cast<std::ptrdiff_t>(smallest));
        }
        std::sort(keep.begin(), keep.end());
        return table.take(keep);
    }

    if (spec.method == ResampleMethod::Oversample) {
        std::vector<std::int64_t> rows(static_cast<std::size_t>(table.rowCount()));
        std::iota(rows.begin(), rows.end(), std::int64_t(0));
        for (const auto &[c, list] : members) {
            for (std::size_t i = list.size(); i < largest; ++i)
                rows.push_back(list[static_cast<std::size_t>(rng.below(list.size()))]);
        }
        return table.take(rows);
    }

    // SMOTE.
    if (spec.neighbours < 1)
        return Error{QStringLiteral("SMOTE: the number of neighbours must be at least 1")};
    auto features =
        resolveColumns(table, spec.features, {ColumnKind::Numeric}, QStringLiteral("SMOTE"));
    if (!features)
        return features.error();
    features->erase(std::remove(features->begin(), features->end(), table.indexOf(spec.target)),
                    features->end());
    if (features->empty())
        return Error{QStringLiteral("SMOTE needs numeric feature columns to interpolate")};
    for (int f : *features) {
        if (table.column(f)->missingCount() > 0)
            return Error{QStringLiteral("SMOTE: column '%1' has missing values; impute them first")
                             .arg(table.columnName(f))};
    }
    const std::size_t d = features->size();
    std::vector<std::int64_t> base;             // the row each new row copies
    std::vector<std::vector<double>> values(d); // the new rows' feature values
    for (const auto &[c, list] : members) {
        const std::size_t need = largest - list.size();
        if (need == 0)
            continue;
        if (list.size() < 2)
            return Error{QStringLiteral("SMOTE: class '%1' has a single row; it needs neighbours")
                             .arg(table.column(table.indexOf(spec.target))->displayValue(list[0]))};
        Eigen::MatrixXd x(static_cast<Eigen::Index>(list.size()), static_cast<Eigen::Index>(d));
        for (std::size_t j = 0; j < d; ++j) {
            const auto *col = table.numeric((*features)[j]);
            for (std::size_t i = 0; i < list.size(); ++i)
                x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = col->value(list[i]);
        }
        const auto nn = nearestNeighbours(x, spec.neighbours, ctx);
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        for (std::size_t s = 0; s < need; ++s) {
            const auto i = static_cast<std::size_t>(rng.below(list.size()));
            const auto &near = nn[i];
            const auto n =
                static_cast<std::size_t>(near[static_cast<std::size_t>(rng.below(near.size()))]);
            const double u = rng.uniform();
            base.push_back(list[i]);
            for (std::size_t j = 0; j < d; ++j) {
                const double a = x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
                const double b = x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(j));
                values[j].push_back(a + u * (b - a));
            }
        }
    }
    std::vector<std::int64_t> rows(static_cast<std::size_t>(table.rowCount()));
    std::iota(rows.begin(), rows.end(), std::int64_t(0));
    rows.insert(rows.end(), base.begin(), base.end());
    Table out = table.take(rows); // the new rows start as copies of their base rows
    for (std::size_t j = 0; j < d; ++j) {
        const auto *col = table.numeric((*features)[j]);
        std::vector<double> v(col->data(), col->data() + table.rowCount());
        v.insert(v.end(), values[j].begin(), values[j].end());
        out = out.withColumn(table.columnName((*features)[j]),
                             std::make_shared<NumericColumn>(std::move(v)));
    }
    return out;
}

} // namespace flowline::core::prep

#pragma once

#include "table/Table.h"
#include "util/Error.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace flowline::core::prep {

// How rows are shared out between the parts of a split.
enum class SplitMethod {
    Random,     // shuffled with the seed
    Stratified, // each class of `stratifyBy` shared out in the same proportions
    TimeOrdered // in the order of `orderBy` (or of the rows): the earliest rows train
};

struct SplitSpec
{
    double trainFraction = 0.8;
    double validationFraction = 0.0; // 0: a train / test split
    SplitMethod method = SplitMethod::Random;
    QString stratifyBy; // Stratified: the class column
    QString orderBy;    // TimeOrdered: a numeric or datetime column (empty: row order)
    std::uint64_t seed = 42;
};

// Row indices of each part, each in increasing order (rows keep their order within a part).
// Part sizes: train = round(n * trainFraction), validation = round(n * validationFraction),
// test = the rest. Stratified parts follow each class's share to within one row (largest
// remainder), and the totals are exactly the sizes above. Same table + same seed: same split.
struct SplitParts
{
    std::vector<std::int64_t> train, validation, test;
};

Result<SplitParts> splitRows(const Table &table, const SplitSpec &spec);

// A fold number 0..k-1 for every row: shuffled with the seed, and stratified by `stratifyBy`
// when given (each fold then holds each class's rows as evenly as possible). Fold sizes differ
// by at most one row.
Result<std::vector<int>> assignFolds(const Table &table, int folds, const QString &stratifyBy,
                                     std::uint64_t seed);

// Shares `total` out over groups of the given sizes in proportion to their sizes (out of `n`),
// with exact totals: the largest remainders get the leftover units, ties to the earlier group.
// When `capped`, no group gets more than its size (total <= n then); uncapped, groups may get
// more (sampling with replacement).
std::vector<std::int64_t> apportion(const std::vector<std::int64_t> &sizes, std::int64_t total,
                                    std::int64_t n, bool capped = true);

// The class of every row of a column, as small integers (missing values form a class).
Result<std::vector<std::int64_t>> classesOf(const Table &table, const QString &column);

} // namespace flowline::core::prep

#pragma once

// Row steps: they choose or reorder rows of the table they run on. They learn nothing and are
// not part of a recipe (scoring new rows never drops or reorders them).

#include "table/Table.h"
#include "util/Error.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// The rows to keep so that no two kept rows are equal on `columns` (all columns when empty):
// the first of each group of equal rows, in row order. Missing equals missing, as in pandas.
Result<std::vector<std::int64_t>> distinctRows(const Table &table, const QStringList &columns);

enum class MissingRule {
    Any, // drop a row when any of the columns is missing
    All  // drop a row only when all of them are
};
// The rows to keep: those without missing values in `columns` (all columns when empty).
Result<std::vector<std::int64_t>> rowsWithoutMissing(const Table &table, const QStringList &columns,
                                                     MissingRule rule);

struct SortKey
{
    QString column;
    bool ascending = true;
};
// The row order that sorts the table by the keys, stably; missing values last whatever the
// direction (as pandas' na_position="last"). Categories and text compare by their text
// (Unicode code points), datetimes by time, booleans false before true.
Result<std::vector<std::int64_t>> sortedRows(const Table &table, const std::vector<SortKey> &keys);

} // namespace flowline::core::prep

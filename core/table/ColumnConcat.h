#pragma once

#include "Column.h"

#include <span>

namespace flowline::core {

// One piece of a concatenated column: the rows of `column`, or `rows` missing values when
// `column` is null (a table that lacks the column).
struct ColumnPiece
{
    const Column *column = nullptr;
    std::int64_t rows = 0;
};

// The rows of every piece, in order, as one column of `kind`. Categorical dictionaries merge by
// label: the first piece's categories keep their codes, new labels follow in order of first
// appearance. Throws std::invalid_argument when a piece has another kind.
ColumnPtr concatColumns(ColumnKind kind, std::span<const ColumnPiece> pieces);

} // namespace flowline::core

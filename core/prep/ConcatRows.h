#pragma once

#include "table/Table.h"
#include "util/Error.h"

#include <span>

namespace flowline::core::prep {

// The rows of every table, in order (pandas.concat with the default outer join of columns).
// Columns align by name: the first table's columns in its order, then columns that first
// appear in a later table, in order of appearance; a table without a column gives missing
// values there. A column must have the same kind in every table that has it (an error names
// the column, the kinds and the tables, counted from 1); categorical dictionaries merge by
// label. Roles come from the first table that has the column; the result carries the first
// table's recipe. No tables is an error.
Result<Table> concatRows(std::span<const Table> tables);

} // namespace flowline::core::prep

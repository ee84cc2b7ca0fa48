#pragma once

#include "Program.h"
#include "table/Column.h"
#include "util/Error.h"

#include <vector>

namespace flowline::core {
class JobContext;
class Table;
} // namespace flowline::core

namespace flowline::core::expr {

// Computes a compiled program on every row of table: chunks of 16 blocks run in parallel
// (parallelFor on ctx), each block of kBlockRows rows node by node. Chunks write disjoint
// ranges and are joined in row order, so the result does not depend on the thread count.
// Fails when the table lacks a column the program reads, or when ctx is canceled.
// shortcuts = false computes every node row by row: slower, for checking the shortcuts.
Result<ColumnPtr> evaluateProgram(const Program &program, const Table &table, JobContext &ctx,
                                  bool shortcuts = true);

// The rows, ascending, where a boolean program is true (not false, not unknown).
Result<std::vector<std::int64_t>> selectProgramRows(const Program &program, const Table &table,
                                                    JobContext &ctx);

} // namespace flowline::core::expr

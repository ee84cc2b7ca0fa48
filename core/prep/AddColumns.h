#pragma once

#include "table/Table.h"
#include "util/Error.h"

namespace flowline::core::prep {

// The columns of `left` then those of `right`, row by row (row i of the result is row i of
// both; no key is matched). The row counts must be equal. A name on both sides gets the left
// suffix on the left column and the right suffix on the right one, as in a join. Roles travel
// with the columns; the result carries the left table's recipe. No column data is copied.
Result<Table> addColumns(const Table &left, const Table &right,
                         const QString &leftSuffix = QStringLiteral("_left"),
                         const QString &rightSuffix = QStringLiteral("_right"));

} // namespace flowline::core::prep

#pragma once

#include "table/Table.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::prep {

enum class JoinKind { Inner, Left, Right, Outer };

struct JoinSpec
{
    JoinKind kind = JoinKind::Inner;
    QStringList leftOn;  // key columns of the left table (one or more)
    QStringList rightOn; // the matching key columns of the right table; empty: same as leftOn
    // Added to the non-key columns whose names appear on both sides (pandas would say _x, _y).
    QString leftSuffix = QStringLiteral("_left");
    QString rightSuffix = QStringLiteral("_right");
};

// The rows of a join, as pairs of row indices into the left and right tables; -1: no row on
// that side (an unmatched row of a left, right or outer join). Order, always the same:
//  - inner, left: left rows in their order; each one's matches in right order (a left join
//    keeps an unmatched left row, once, in its place) — pandas merge(sort=False) order;
//  - right: the mirror image (right rows in order, each one's matches in left order);
//  - outer: the left join's rows, then the right rows that matched nothing, in right order.
// Missing keys never match (SQL's rule, unlike pandas, which joins NaN with NaN): a row with a
// missing value in any key column only appears unmatched, if the join kind keeps it.
// Keys compare by value: numbers exactly (0 and -0 are equal), categories and text by label,
// so categorical keys with different dictionaries match, and text keys match categorical ones
// (a CSV column becomes text or categorical by its number of distinct values). Linear time: a hash
// index is built on the side with fewer rows.
struct JoinRows
{
    std::vector<std::int64_t> left, right;
};
// With a job context, matching stops (an Error "canceled") once the job is canceled.
Result<JoinRows> joinRows(const Table &left, const Table &right, const JoinSpec &spec,
                          const JobContext *ctx = nullptr);

// The joined table: the left columns in their order (key columns once, under their left
// names), then the right table's non-key columns in their order. Key columns of a right join
// hold the right table's keys; an outer join's keys are coalesced (the right key where there
// is no left row; text when one side's key is text and the other's categorical). A right non-key
// column named like a left column gets the right suffix; a left non-key column named like a right
// non-key column gets the left suffix (a left key keeps its name). Other columns of a missing row
// are missing. Errors name the columns: an unknown key, key lists of different lengths, keys of
// different kinds (numeric vs categorical; text and categorical may meet), a suffix that makes a
// duplicate name. Roles travel with the columns; the result carries the left table's recipe.
Result<Table> join(const Table &left, const Table &right, const JoinSpec &spec,
                   const JobContext *ctx = nullptr);

// "inner", "left", "right", "outer".
QString joinKindName(JoinKind kind);
std::optional<JoinKind> joinKindFromName(QStringView name);

} // namespace flowline::core::prep

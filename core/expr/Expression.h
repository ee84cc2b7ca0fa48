#pragma once

#include "ExprError.h"
#include "table/Column.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace flowline::core {

class JobContext;
class Table;

namespace expr {
struct Program;
}

// A formula over the columns of a table, as used by data.filter_rows and derived columns.
//
// Syntax
//   Columns    bare names: `age`, `monthly_charges`, `Sepal.Length` (a letter or '_' first,
//              then letters, digits, '_', '.'); anything else in backquotes:
//              `od280/od315 of wine`, with `` for a backquote. Names are case-sensitive;
//              a keyword used as a column name needs backquotes too.
//   Literals   numbers 3, 2.5e-3, .5; strings "..." or '...' with escapes \" \' \\ \n \t \r
//              \uXXXX; true, false; missing (or null).
//   Operators  from the tightest binding to the loosest:
//                unary - +
//                * / %
//                + -             (+ also joins two texts)
//                < <= > >= == != (also = for ==, <> for !=), contains,
//                x is missing, x is not missing, x in (a, b, ...), x not in (...)
//                                not chainable: a < b < c is an error, write a < b and b < c
//                not  !
//                and  &&
//                or   ||
//              and parentheses. Keywords are case-insensitive (AND, Not, IS MISSING).
//   Functions  name(args), names case-insensitive (contains(a, b) too); see functionHelp() and
//              core/expr/*Functions.cpp: abs ceil clip exp floor log log10 pow round sign sqrt;
//              contains endswith length lower replace startswith substring trim upper;
//              date day dayofyear hour minute month quarter second weekday year;
//              coalesce if ismissing.
//
//   Limits     at most kMaxLength characters; parentheses, calls, `in` lists and prefix
//              operators nest at most 100 deep; one chain of text + joins at most 100 texts.
//              Longer formulas are refused with an error, never a crash.
//
// Types: number, true/false, text, date. Numeric columns are numbers, categorical and text
// columns texts, boolean columns true/false, datetime columns dates. A date compares with a
// string literal in ISO form: signup_date >= "2022-01-01" (or "2022-01-01 08:30:00"). Types
// are checked when compiling; an error names the position and what was expected.
//
// Missing values
//   - Arithmetic and functions of a missing value give missing (except if, coalesce,
//     ismissing, and clip, where a missing bound is no bound). IEEE rules otherwise: x / 0 is
//     +-infinity, 0 / 0 and x % 0 are missing, log(0) is -infinity, sqrt(-1) and log(-1) are
//     missing.
//   - A comparison (also contains and in) with a missing operand is unknown, never true or
//     false; `x == missing` (or `missing` in an `in` list) is refused: `x is missing` is the
//     way to test.
//   - and / or / not are three-valued (Kleene, as in SQL): false and unknown = false,
//     true or unknown = true, not unknown = unknown.
//   - A filter keeps only the rows where the formula is true, so unknown rows are dropped, as
//     in SQL WHERE and in pandas (NaN > 0 is False). Note `not (x > 5)` drops missing x too.
//   - if(c, a, b) takes b where c is unknown. A boolean result column stores unknown as missing.
//
// Compiled, an Expression is immutable and can be shared and evaluated by many threads.
class Expression
{
public:
    // Formulas longer than this many characters are refused.
    static constexpr int kMaxLength = 100'000;

    // Parses and type-checks text against the columns (names and kinds) of schema; its rows do
    // not matter. On failure the Error has file "formula", the 1-based line and column of the
    // problem and a message saying what was expected; detail, if given, receives the exact
    // span (position and length in UTF-16 code units) for highlighting.
    static Result<Expression> compile(const QString &text, const Table &schema,
                                      ExprError *detail = nullptr);
    // Like compile, but the formula must give true/false (for filters).
    static Result<Expression> compileCondition(const QString &text, const Table &schema,
                                               ExprError *detail = nullptr);

    // Numeric, Boolean, Text or Datetime.
    ColumnKind resultKind() const;
    QString text() const;
    // The columns the formula reads, in order of first use.
    QStringList columnNames() const;

    // The formula's value on every row of table (which must have the columns it was compiled
    // against, of the same kinds; categorical and text are interchangeable). Computed in
    // blocks of rows on up to ctx.threads() threads; the result does not depend on the thread
    // count. Texts come back as a text column; a bare column reference shares the column.
    Result<ColumnPtr> evaluate(const Table &table, JobContext &ctx) const;
    // The row indices, ascending, where a true/false formula is true.
    Result<std::vector<std::int64_t>> selectRows(const Table &table, JobContext &ctx) const;

    // The built-in function names, for completion and help; and "name(args): help" lines.
    static QStringList functionNames();
    static QStringList functionHelp();

private:
    explicit Expression(std::shared_ptr<const expr::Program> program);
    std::shared_ptr<const expr::Program> m_program;
};

} // namespace flowline::core

// libFuzzer target: bytes (UTF-8) -> Expression::compile against a small table with every
// column kind and missing values; a formula that compiles is evaluated on it and on the table
// repeated past one block of rows, and a true/false one also selects rows.

#include "expr/Expression.h"
#include "jobs/JobContext.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <limits>

using namespace flowline::core;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The same names as people() in tests/core/tst_expression.cpp, so its formulas seed the corpus.
Table people()
{
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"east", "west", "north"});
    TextColumnBuilder name;
    for (const char *v : {"Anderson", "Bob", "", "Émile", "carla", "Johnson"})
        name.append(v);
    name.appendMissing();
    name.append("x\"y");
    return Table(
        {"age", "name", "region", "signup", "active", "monthly charges", "in", "Sepal.Length"},
        {std::make_shared<const NumericColumn>(
             std::vector<double>{25, 40, kNaN, 31, -0.0, 65, 1e308, -7.5}),
         name.finish(),
         std::make_shared<const CategoricalColumn>(
             std::vector<std::int32_t>{0, 1, -1, 0, 2, 1, 0, -1}, dict),
         std::make_shared<const DatetimeColumn>(
             std::vector<std::int64_t>{1619827200000, 1640995200000, DatetimeColumn::kMissing, 0,
                                       -62135596800000, 253402300799000, 1709208000000, -1}),
         std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{1, 0, -1, 1, 1, 0, -1, 1}),
         std::make_shared<const NumericColumn>(
             std::vector<double>{29.5, 70.25, kNaN, 99, 10, 45, 0, -5.5}),
         std::make_shared<const NumericColumn>(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}),
         std::make_shared<const NumericColumn>(
             std::vector<double>{5.1, 4.9, 4.7, 5.0, 5.4, 4.6, 5.0, 6.3})});
}

// people() repeated past one evaluation block (4096 rows).
Table repeated(const Table &t)
{
    std::vector<std::int64_t> rows(4099);
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = static_cast<std::int64_t>(i) % t.rowCount();
    return t.take(rows);
}

void run(const Expression &e, const Table &table, int threads)
{
    JobContext ctx;
    ctx.setThreads(threads);
    const auto column = e.evaluate(table, ctx);
    if (column) {
        if ((*column)->size() != table.rowCount() || (*column)->kind() != e.resultKind())
            __builtin_trap();
        for (std::int64_t row = 0; row < table.rowCount(); ++row)
            (void)(*column)->displayValue(row);
    }
    if (e.resultKind() == ColumnKind::Boolean) {
        const auto rows = e.selectRows(table, ctx);
        if (rows) {
            for (std::int64_t row : *rows) {
                if (row < 0 || row >= table.rowCount())
                    __builtin_trap();
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const Table small = people();
    static const Table large = repeated(small);

    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    ExprError detail;
    const auto e = Expression::compile(text, small, &detail);
    if (!e) {
        // The span to highlight lies within the text.
        if (detail.position < 0 || detail.length < 0 ||
            detail.position + detail.length > text.size())
            __builtin_trap();
        return 0;
    }
    run(*e, small, 1);
    run(*e, large, 2);
    return 0;
}

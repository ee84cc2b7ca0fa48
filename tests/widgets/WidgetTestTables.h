#pragma once

// Small hand-built tables for the widgets tests.

#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <cmath>
#include <limits>
#include <memory>

namespace flowline::tests {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Four rows, one column of each kind; row 2 is missing in every column.
//   amount (numeric):     1.5, 1000000, NaN, -2
//   color (categorical):  red, blue, -, red
//   note (text):          "hello, world", "", -, "a much longer piece of text"
//   when (datetime):      2024-01-02, 2024-01-02T03:04:05, -, 1970-01-01T00:00:00.250
//   flag (boolean):       true, false, -, true
inline core::Table allKindsTable()
{
    using namespace flowline::core;
    auto amount = std::make_shared<const NumericColumn>(std::vector<double>{1.5, 1e6, kNaN, -2});
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"red", "blue"});
    auto color = std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>{0, 1, CategoricalColumn::kMissing, 0}, dict);
    TextColumnBuilder note;
    note.append("hello, world");
    note.append("");
    note.appendMissing();
    note.append("a much longer piece of text");
    const std::int64_t day = 1704153600000; // 2024-01-02T00:00:00Z
    auto when = std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{
        day, day + ((3 * 60 + 4) * 60 + 5) * 1000, DatetimeColumn::kMissing, 250});
    auto flag = std::make_shared<const BooleanColumn>(
        std::vector<std::int8_t>{1, 0, BooleanColumn::kMissing, 1});
    return Table({QStringLiteral("amount"), QStringLiteral("color"), QStringLiteral("note"),
                  QStringLiteral("when"), QStringLiteral("flag")},
                 {amount, color, note.finish(), when, flag});
}

} // namespace flowline::tests

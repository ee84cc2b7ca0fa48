#pragma once

#include "table/Column.h"

#include <QString>

#include <cstdint>

namespace flowline::widgets {

// How numbers, counts and kinds read in the result views, in the current locale.

// NaN reads as an em dash; integral values without decimals; others with about `significant`
// significant digits and no trailing zeros; very large or very small magnitudes in e-notation.
QString formatNumber(double value, int significant = 6);
// With group separators: "1,234,567".
QString formatCount(std::int64_t value);
// A fraction in [0, 1] as a percentage with one decimal: "12.5%", "0%", "<0.1%".
QString formatPercent(double fraction);
// ISO 8601 in UTC, as the table shows datetimes.
QString formatDateTime(std::int64_t msecs);
// The translated name of a column kind ("numeric", "categorical", ...).
QString kindLabel(core::ColumnKind kind);
// What stands for a missing value in a view.
QString missingPlaceholder();

} // namespace flowline::widgets

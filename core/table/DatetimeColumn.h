#pragma once

#include "ValueColumn.h"

#include <limits>

namespace flowline::core {

// Milliseconds since 1970-01-01T00:00:00Z; kMissing marks a missing value.
class DatetimeColumn : public ValueColumn<DatetimeColumn, std::int64_t, ColumnKind::Datetime>
{
public:
    static constexpr std::int64_t kMissing = std::numeric_limits<std::int64_t>::min();
    using ValueColumn::ValueColumn;

    bool isMissing(std::int64_t row) const override { return value(row) == kMissing; }
    QString displayValue(std::int64_t row) const override;
    // ISO 8601: a date alone when the time is midnight, else date and time (with milliseconds
    // only when there are any), always in UTC.
    static QString format(std::int64_t msecs);
};

} // namespace flowline::core

#pragma once

#include "ValueColumn.h"

namespace flowline::core {

// 0 = false, 1 = true, kMissing = missing.
class BooleanColumn : public ValueColumn<BooleanColumn, std::int8_t, ColumnKind::Boolean>
{
public:
    static constexpr std::int8_t kMissing = -1;
    using ValueColumn::ValueColumn;

    bool isMissing(std::int64_t row) const override { return value(row) == kMissing; }
    QString displayValue(std::int64_t row) const override;
};

} // namespace flowline::core

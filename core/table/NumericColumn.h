#pragma once

#include "ValueColumn.h"

#include <Eigen/Core>

#include <cmath>
#include <limits>

namespace flowline::core {

// Doubles; NaN is missing. Reachable as an Eigen vector without a copy.
class NumericColumn : public ValueColumn<NumericColumn, double, ColumnKind::Numeric>
{
public:
    static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
    using ValueColumn::ValueColumn;

    bool isMissing(std::int64_t row) const override { return std::isnan(value(row)); }
    QString displayValue(std::int64_t row) const override;

    Eigen::Map<const Eigen::VectorXd> vector() const
    {
        return Eigen::Map<const Eigen::VectorXd>(data(), static_cast<Eigen::Index>(size()));
    }
};

} // namespace flowline::core

#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// Robust scaling, as scikit-learn's RobustScaler: y = (x - median) / (q_high - q_low), per
// column, with the median and the quantiles (numpy's linear interpolation, default the 25th and
// 75th percentiles) learned on the fitting table ignoring missing values. A zero range gives a
// scale of 1. Missing values stay missing; a column with no values learns NaN and becomes all
// missing.
struct RobustScaleSpec
{
    QStringList columns; // empty: every numeric feature column
    bool center = true;  // subtract the median
    bool scale = true;   // divide by the quantile range
    double qLow = 25.0;  // percentiles, 0 <= qLow < qHigh <= 100
    double qHigh = 75.0;
};

class FittedRobustScale : public FittedStep
{
public:
    FittedRobustScale(RobustScaleSpec spec, QStringList columns, std::vector<double> centers,
                      std::vector<double> scales, std::int64_t rows);

    QString kind() const override { return QStringLiteral("robust_scale"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &centers() const { return m_centers; }
    const std::vector<double> &scales() const { return m_scales; }

private:
    RobustScaleSpec m_spec;
    QStringList m_columns;
    std::vector<double> m_centers;
    std::vector<double> m_scales;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedRobustScale>>
fitRobustScale(const Table &table, const RobustScaleSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep

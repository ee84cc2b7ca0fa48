#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// Min-max normalisation, as scikit-learn's MinMaxScaler: y = (x - min) / (max - min) * (hi - lo)
// + lo, per column, with min and max learned on the fitting table ignoring missing values. A
// constant column (max = min) is shifted, not scaled: it becomes lo. Missing values stay
// missing; values outside the learned range map outside [lo, hi] (no clipping).
struct MinMaxSpec
{
    QStringList columns; // empty: every numeric feature column
    double low = 0.0;    // the feature range, low < high
    double high = 1.0;
};

class FittedMinMax : public FittedStep
{
public:
    FittedMinMax(MinMaxSpec spec, QStringList columns, std::vector<double> mins,
                 std::vector<double> maxs, std::int64_t rows);

    QString kind() const override { return QStringLiteral("minmax"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &mins() const { return m_mins; }
    const std::vector<double> &maxs() const { return m_maxs; }

private:
    MinMaxSpec m_spec;
    QStringList m_columns;
    std::vector<double> m_mins;
    std::vector<double> m_maxs;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedMinMax>> fitMinMax(const Table &table, const MinMaxSpec &spec,
                                                      JobContext &ctx);

} // namespace flowline::core::prep

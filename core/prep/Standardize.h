#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// Standardisation (z-score): x' = (x - mean) / std, per column, as scikit-learn's StandardScaler.
// The mean and the population standard deviation (ddof = 0) are learned on the fitting table,
// ignoring missing values; a constant column gets a scale of 1 (so it becomes 0, not NaN).
// Missing values stay missing.
struct StandardizeSpec
{
    QStringList columns; // empty: every numeric feature column
    bool center = true;  // subtract the mean
    bool scale = true;   // divide by the standard deviation
};

class FittedStandardize : public FittedStep
{
public:
    FittedStandardize(StandardizeSpec spec, QStringList columns, std::vector<double> means,
                      std::vector<double> scales, std::int64_t rows);

    QString kind() const override { return QStringLiteral("standardize"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &means() const { return m_means; }
    const std::vector<double> &scales() const { return m_scales; }

private:
    StandardizeSpec m_spec;
    QStringList m_columns;
    std::vector<double> m_means;
    std::vector<double> m_scales;
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedStandardize>>
fitStandardize(const Table &table, const StandardizeSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep

#pragma once

#include "FittedStep.h"

#include <QStringList>

#include <vector>

namespace flowline::core::prep {

// The Yeo-Johnson power transform, as scikit-learn's PowerTransformer(method="yeo-johnson"):
// per column, a lambda is learned on the fitting table by maximising the Yeo-Johnson
// log-likelihood of the non-missing values (bracketing from (-2, 2), then Brent's method to a
// relative tolerance of 1e-12 — tighter than scipy's default, so our lambda is at least as close
// to the optimum), and each value is transformed with it:
//   x >= 0: ((x + 1)^l - 1) / l   (log(1 + x) when l = 0)
//   x < 0: -((1 - x)^(2 - l) - 1) / (2 - l)   (-log(1 - x) when l = 2)
// With `standardize` (the default) the transformed fitting values' mean and population standard
// deviation are learned too and applied after the transform (a constant result gets scale 1).
// A constant column keeps lambda = 1. A column with no values in the fitting table is an error.
// Missing values stay missing.
struct YeoJohnsonSpec
{
    QStringList columns; // empty: every numeric feature column
    bool standardize = true;
};

class FittedYeoJohnson : public FittedStep
{
public:
    FittedYeoJohnson(YeoJohnsonSpec spec, QStringList columns, std::vector<double> lambdas,
                     std::vector<double> means, std::vector<double> scales, std::int64_t rows);

    QString kind() const override { return QStringLiteral("yeo_johnson"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    const std::vector<double> &lambdas() const { return m_lambdas; }
    const std::vector<double> &means() const { return m_means; }
    const std::vector<double> &scales() const { return m_scales; }

private:
    YeoJohnsonSpec m_spec;
    QStringList m_columns;
    std::vector<double> m_lambdas;
    std::vector<double> m_means;  // standardize only
    std::vector<double> m_scales; // standardize only
    std::int64_t m_rows;
};

Result<std::shared_ptr<const FittedYeoJohnson>>
fitYeoJohnson(const Table &table, const YeoJohnsonSpec &spec, JobContext &ctx);

// The transform of one value (exposed for tests).
double yeoJohnson(double x, double lambda);

} // namespace flowline::core::prep

#pragma once

#include "FittedStep.h"

#include <QStringList>

namespace flowline::core::prep {

// Degree-2 polynomial and interaction features, as scikit-learn's PolynomialFeatures(degree=2,
// include_bias=False). The chosen columns stay as they are; after the table's last column come,
// in scikit-learn's order, for each column a (in order) the square "a^2" (unless
// `interactionOnly`) and then the products "a b" with every later column b. The names follow
// get_feature_names_out with our column names. A product is missing when a factor is missing.
// Nothing is learned from the values: fitting fixes the columns, and a new name that is already a
// column is an error naming it.
struct PolynomialSpec
{
    QStringList columns = {}; // empty: every numeric feature column
    bool interactionOnly = false;
};

class FittedPolynomial : public FittedStep
{
public:
    FittedPolynomial(PolynomialSpec spec, QStringList columns);

    QString kind() const override { return QStringLiteral("polynomial"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }
    // The new columns' names and their factors (indices into columns()).
    QStringList outputNames() const;

private:
    struct Term
    {
        int a, b;
    };
    std::vector<Term> terms() const;

    PolynomialSpec m_spec;
    QStringList m_columns;
};

Result<std::shared_ptr<const FittedPolynomial>>
fitPolynomial(const Table &table, const PolynomialSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep

#pragma once

#include "FittedStep.h"

namespace flowline::core::prep {

// A column computed from a formula over the other columns (syntax: core/expr/Expression.h),
// added at the end, or replacing the column of the same name in place. The formula is
// compiled against the table it is applied to; an error in it carries its position (file
// "formula", line and column) and names the step's column. Missing values follow the
// formula's rules (arithmetic with a missing value is missing).
struct DeriveSpec
{
    QString name;
    QString formula;
};

class FittedDerive : public FittedStep
{
public:
    explicit FittedDerive(DeriveSpec spec);

    QString kind() const override { return QStringLiteral("derive"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

private:
    DeriveSpec m_spec;
};

// Checks the name and compiles the formula against the table (nothing is learned).
Result<std::shared_ptr<const FittedDerive>> fitDerive(const Table &table, const DeriveSpec &spec,
                                                      JobContext &ctx);

} // namespace flowline::core::prep

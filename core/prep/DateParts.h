#pragma once

#include "FittedStep.h"

#include <QStringList>

namespace flowline::core::prep {

// Numeric columns from a datetime column (UTC), added at the end and named
// "<column>_<part>": year, month (1-12), day (1-31), weekday (Monday = 0 ... Sunday = 6, as
// pandas' dayofweek), hour (0-23), days_since (fractional days since `reference`, an ISO date
// or date-time, default 1970-01-01). A missing date gives missing parts.
struct DatePartsSpec
{
    QString column;
    QStringList parts = {QStringLiteral("year"), QStringLiteral("month"), QStringLiteral("day"),
                         QStringLiteral("weekday")};
    QString reference = QStringLiteral("1970-01-01");
};

class FittedDateParts : public FittedStep
{
public:
    FittedDateParts(DatePartsSpec spec, std::int64_t referenceMs);

    QString kind() const override { return QStringLiteral("date_parts"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

private:
    DatePartsSpec m_spec;
    std::int64_t m_referenceMs;
};

// Checks the column, the part names and the reference date.
Result<std::shared_ptr<const FittedDateParts>>
fitDateParts(const Table &table, const DatePartsSpec &spec, JobContext &ctx);

} // namespace flowline::core::prep

#pragma once

#include "FittedStep.h"

#include <QStringList>

namespace flowline::core::prep {

// Changes the kind of columns, in place:
//   to numeric:     booleans give 0 / 1, datetimes milliseconds since 1970-01-01 UTC, texts
//                   and categories are parsed ("3.5", "-1e3", "nan" is missing).
//   to text:        the value as displayed (numbers shortest, dates ISO 8601, true / false).
//   to categorical: the displayed values become categories (sorted).
//   to boolean:     numbers 0 / 1; texts true / false, yes / no, 1 / 0 in any letter case.
//   to datetime:    numbers are milliseconds since 1970-01-01 UTC; texts are dates as the CSV
//                   reader reads them (ISO 2024-03-01[T12:30:00Z], 2024/03/01, 3/1/2024 US).
// Missing values stay missing. A value that does not convert is an Error naming the column,
// the first such row (1-based) and its value; with failures = Missing it becomes missing.
// Datetime <-> boolean is refused.
enum class CastFailures { Error, Missing };

struct CastSpec
{
    QStringList columns;
    ColumnKind to = ColumnKind::Text;
    CastFailures failures = CastFailures::Error;
};

class FittedCast : public FittedStep
{
public:
    explicit FittedCast(CastSpec spec);

    QString kind() const override { return QStringLiteral("cast"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

private:
    CastSpec m_spec;
};

// Checks the spec against the table and converts it once, so a value that does not convert is
// reported when the node runs.
Result<std::shared_ptr<const FittedCast>> fitCast(const Table &table, const CastSpec &spec,
                                                  JobContext &ctx);

// One column converted (the Error names `name`).
Result<ColumnPtr> castColumn(const Column &column, const QString &name, ColumnKind to,
                             CastFailures failures);

} // namespace flowline::core::prep

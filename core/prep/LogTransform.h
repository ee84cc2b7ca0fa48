#pragma once

#include "FittedStep.h"

#include <QStringList>

namespace flowline::core::prep {

// Natural logarithm of numeric columns: log(x) (numpy.log) or log(1 + x) (numpy.log1p, exact for
// small x). Nothing is learned; fitting only fixes the columns. A value outside the domain
// (x <= 0 for log, x <= -1 for log1p: where numpy gives -inf or NaN) becomes missing, and each
// application logs a warning per column counting them. Missing values stay missing.
struct LogSpec
{
    QStringList columns;  // empty: every numeric feature column
    bool plusOne = false; // log1p instead of log
};

class FittedLog : public FittedStep
{
public:
    FittedLog(LogSpec spec, QStringList columns);

    QString kind() const override { return QStringLiteral("log"); }
    Result<Table> apply(const Table &in, JobContext &ctx) const override;
    QJsonObject toJson() const override;
    QString summary() const override;
    static Result<FittedStepPtr> fromJson(const QJsonObject &json);
    Result<Refitted> refit(const Table &in, JobContext &ctx) const override;

    const QStringList &columns() const { return m_columns; }

private:
    LogSpec m_spec;
    QStringList m_columns;
};

Result<std::shared_ptr<const FittedLog>> fitLog(const Table &table, const LogSpec &spec,
                                                JobContext &ctx);

} // namespace flowline::core::prep

#pragma once

// Small helpers every step uses: choosing the columns a step works on, and writing learned
// numbers to JSON and back (NaN as null, exactly otherwise: QJsonValue keeps every double bit).

#include "FittedStep.h"
#include "table/Table.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QStringList>

#include <initializer_list>
#include <vector>

namespace flowline::core::prep {

// The columns named, or — when `names` is empty — every feature column of one of the `kinds`.
// A name that is not in the table, or a column of another kind, is an Error naming it and what
// `step` needs ("standardize needs numeric columns; 'city' is categorical").
Result<std::vector<int>> resolveColumns(const Table &table, const QStringList &names,
                                        std::initializer_list<ColumnKind> kinds,
                                        const QString &step);
// The indices of `names` in `table`, which must all be there with one of `kinds` (apply time).
Result<std::vector<int>> requireColumns(const Table &table, const QStringList &names,
                                        std::initializer_list<ColumnKind> kinds,
                                        const QString &step);

// Refitting through a step's fit function: fit `in`, then apply the new step to it.
template <typename Fit>
Result<Refitted> refitWith(const Table &in, JobContext &ctx, Fit fit)
{
    auto fitted = fit(in, ctx);
    if (!fitted)
        return fitted.error();
    FittedStepPtr step = *fitted;
    auto out = step->apply(in, ctx);
    if (!out)
        return out.error();
    return Refitted{std::move(step), std::move(*out)};
}

QJsonArray numbersToJson(const std::vector<double> &values);
Result<std::vector<double>> numbersFromJson(const QJsonValue &json, const QString &field);
QStringList stringsFromJson(const QJsonValue &json);
// A count saved with a step (rows it learned on, a minimum count): a whole number from 0 to 2^53;
// 0 when the field is missing; an Error naming the field for anything else.
Result<std::int64_t> countFromJson(const QJsonObject &json, const QString &field);
QJsonArray stringsToJson(const QStringList &values);

} // namespace flowline::core::prep

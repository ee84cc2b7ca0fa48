#pragma once

#include "table/Table.h"
#include "util/Error.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::prep {

// A data-preparation step after fitting: its parameters plus what it learned (means,
// categories, bin edges, a PCA basis...). It applies to any table with the schema it was fitted
// on, and never learns again: applied to the test branch it uses what the training branch taught
// it. Fitted steps are immutable and shared (by recipes, tables, models).
//
// Each step lives in its own file pair in core/prep/: a spec struct with the parameters, a
// `fit(table, spec, ctx)` function returning the fitted step, and the fitted class. See
// Standardize.h for the shape, docs/ARCHITECTURE.md ("A data-prep step") for the checklist.
struct Refitted;

class FittedStep
{
public:
    virtual ~FittedStep() = default;

    // A stable id: "standardize", "impute". Also the "kind" field of toJson().
    virtual QString kind() const = 0;
    // Transforms `in`. A column the step needs that is missing or of the wrong kind is an Error
    // naming it. Long loops report progress and check cancellation.
    virtual Result<Table> apply(const Table &in, JobContext &ctx) const = 0;
    // Parameters and learned state, exactly: fromJson(toJson()) applies identically.
    virtual QJsonObject toJson() const = 0;
    // One line for people: "standardize 4 columns (learned on 120 rows)".
    virtual QString summary() const = 0;
    // The same step with the same parameters learned again on `in` (in cross-validation, one
    // fold's training rows), and `in` transformed as the fitting table. For most steps that is
    // the new step applied to `in`; target encoding encodes its fitting rows out of fold.
    virtual Result<Refitted> refit(const Table &in, JobContext &ctx) const = 0;
};
using FittedStepPtr = std::shared_ptr<const FittedStep>;

struct Refitted
{
    FittedStepPtr step;
    Table out; // `in` transformed, without the step in its recipe
};

// Reads a fitted step back from its JSON (dispatching on "kind"); an unknown kind or a bad
// field is an Error naming it. Every step registers its reader in StepCatalog.cpp.
Result<FittedStepPtr> fittedStepFromJson(const QJsonObject &json);

} // namespace flowline::core::prep

#pragma once

#include "FittedStep.h"

#include <QJsonObject>

#include <vector>

namespace flowline::core::prep {

// A column of a source table, as a recipe expects it.
struct SourceColumn
{
    QString name;
    ColumnKind kind;
    friend bool operator==(const SourceColumn &, const SourceColumn &) = default;
};

// The fitted steps that turned a source table into the table that carries this recipe, in
// order, with the source's schema. Applying the recipe to raw data with that schema repeats the
// same transformation without learning anything: this is how a model trained on a prepared
// training branch scores raw test data (no leakage), and what a model file stores.
//
// Only column transformations are recorded. Row steps (filter, sample, drop duplicates, split,
// resampling) shape the training data but are not repeated when scoring new rows.
class Recipe
{
public:
    Recipe() = default;
    explicit Recipe(std::vector<SourceColumn> source)
        : m_source(std::move(source))
    {}

    // The recipe of a table: its own, or an empty one with the table's schema as the source.
    static std::shared_ptr<const Recipe> of(const Table &table);
    // The same recipe with `step` appended.
    std::shared_ptr<const Recipe> then(FittedStepPtr step) const;

    const std::vector<SourceColumn> &source() const { return m_source; }
    const std::vector<FittedStepPtr> &steps() const { return m_steps; }
    bool isEmpty() const { return m_steps.empty(); }

    // Runs every step on `raw` (which must have the source columns, by name and kind; extra
    // columns are allowed and pass through as the steps let them). The result carries this
    // recipe.
    Result<Table> apply(const Table &raw, JobContext &ctx) const;
    // Learns every step again, in order, on `raw` (with the source columns), each with the
    // parameters it was fitted with: cross-validation does this on each fold's training rows.
    // The result is `raw` transformed as the fitting table, carrying the new recipe.
    Result<Table> refit(const Table &raw, JobContext &ctx) const;

    QJsonObject toJson() const;
    static Result<Recipe> fromJson(const QJsonObject &json);
    QStringList summary() const; // one line per step

private:
    std::optional<Error> checkSource(const Table &raw) const;

    std::vector<SourceColumn> m_source;
    std::vector<FittedStepPtr> m_steps;
};

// A fitted step applied to a table, with the result carrying the input's recipe plus the step.
Result<Table> applyAndRecord(const FittedStepPtr &step, const Table &in, JobContext &ctx);
// `out`, made from `in` by `step`, carrying `in`'s recipe plus the step and where its rows came
// from (Table::recipeInput).
Table recordStep(const Table &out, const Table &in, const FittedStepPtr &step);

} // namespace flowline::core::prep

#include "AutoPrep.h"

#include "prep/Impute.h"
#include "prep/OneHot.h"
#include "prep/Recipe.h"
#include "prep/Standardize.h"

namespace flowline::core::ml {

namespace {

QStringList namesOf(const Table &table, const std::vector<int> &columns)
{
    QStringList out;
    for (int c : columns)
        out << table.columnName(c);
    return out;
}

} // namespace

Result<AutoPrepResult> fitAutoPrep(const Table &table, bool enabled, bool scale, JobContext &ctx)
{
    AutoPrepResult r;
    std::vector<int> numeric, categorical, left;
    for (int c : table.columnsWithRole(ColumnRole::Feature)) {
        switch (table.kind(c)) {
        case ColumnKind::Numeric:
            numeric.push_back(c);
            break;
        case ColumnKind::Boolean:
            (enabled ? categorical : numeric).push_back(c);
            break;
        case ColumnKind::Categorical:
            categorical.push_back(c);
            break;
        case ColumnKind::Text:
        case ColumnKind::Datetime:
            left.push_back(c);
            break;
        }
    }
    if (!left.empty())
        r.notes << QStringLiteral("left out (text or date columns; derive features from them "
                                  "first to use them): %1")
                       .arg(namesOf(table, left).join(QStringLiteral(", ")));
    if (!enabled) {
        if (!categorical.empty())
            return Error{QStringLiteral("the feature column '%1' is categorical; models need "
                                        "numbers — encode it first (one-hot or ordinal), or let "
                                        "the model prepare its data (auto-prep)")
                             .arg(table.columnName(categorical.front()))};
        r.table = table;
        r.features = namesOf(table, numeric);
        if (r.features.isEmpty())
            return Error{QStringLiteral("there are no numeric feature columns to learn from")};
        return r;
    }

    Table t = table;
    const auto record = [&](prep::FittedStepPtr step) -> Result<bool> {
        auto out = prep::applyAndRecord(step, t, ctx);
        if (!out)
            return out.error();
        t = std::move(*out);
        r.notes << step->summary();
        r.steps.push_back(std::move(step));
        return true;
    };
    if (!numeric.empty()) {
        prep::ImputeSpec spec;
        spec.columns = namesOf(table, numeric);
        spec.strategy = prep::ImputeStrategy::Median;
        auto fitted = prep::fitImpute(t, spec, ctx);
        if (!fitted)
            return fitted.error();
        if (auto ok = record(*fitted); !ok)
            return ok.error();
        if (scale) {
            prep::StandardizeSpec s;
            s.columns = spec.columns;
            auto st = prep::fitStandardize(t, s, ctx);
            if (!st)
                return st.error();
            if (auto ok = record(*st); !ok)
                return ok.error();
        }
    }
    if (!categorical.empty()) {
        // Booleans are not imputed (the impute step has no boolean fill): a missing boolean
        // becomes an all-zero one-hot row, as an unseen category does.
        QStringList cats;
        for (int c : categorical)
            if (table.kind(c) == ColumnKind::Categorical)
                cats << table.columnName(c);
        if (!cats.isEmpty()) {
            prep::ImputeSpec spec;
            spec.columns = cats;
            spec.strategy = prep::ImputeStrategy::MostFrequent;
            auto fitted = prep::fitImpute(t, spec, ctx);
            if (!fitted)
                return fitted.error();
            if (auto ok = record(*fitted); !ok)
                return ok.error();
        }
        prep::OneHotSpec oh;
        oh.columns = namesOf(table, categorical);
        auto fitted = prep::fitOneHot(t, oh, ctx);
        if (!fitted)
            return fitted.error();
        if (auto ok = record(*fitted); !ok)
            return ok.error();
    }
    // The features: every numeric or boolean feature column of the prepared table (one-hot
    // columns included), in table order.
    for (int c : t.columnsWithRole(ColumnRole::Feature))
        if (t.kind(c) == ColumnKind::Numeric || t.kind(c) == ColumnKind::Boolean)
            r.features << t.columnName(c);
    if (r.features.isEmpty())
        return Error{QStringLiteral("there are no usable feature columns to learn from")};
    r.table = std::move(t);
    return r;
}

} // namespace flowline::core::ml

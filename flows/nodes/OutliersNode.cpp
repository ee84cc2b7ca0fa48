#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Outliers.h"

namespace flowline::flows {

NodeType outliersNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.outliers");
    t.displayName = QStringLiteral("Outliers");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("outlier"),   QStringLiteral("iqr"),
                  QStringLiteral("z-score"),   QStringLiteral("clip"),
                  QStringLiteral("winsorize"), QStringLiteral("anomaly")};
    t.help = QStringLiteral(
        "Finds values outside fences learned from this node's input (missing values ignored): "
        "Q1 − k·IQR and Q3 + k·IQR (default, k = 1.5; quartiles as numpy) or mean ∓ threshold · "
        "standard deviation (z-score, threshold 3). Action flag (default) adds a true/false "
        "column \"<name>_outlier\" per column (missing where the value is missing); clip moves "
        "values beyond a fence onto it. Both are recorded in the recipe: applied later (to a "
        "test branch, or by a model scoring new rows) the same fences are used. Action drop "
        "removes the rows with an outlier in any chosen column from this branch only; it is a "
        "row step, not part of the recipe, so a model scoring new rows drops nothing. Rows with "
        "missing values are kept. Default columns: every numeric feature column.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Result"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to check (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    ParamSpec method{QStringLiteral("method"), QStringLiteral("Method"),
                     QStringLiteral("iqr: interquartile fences; zscore: standard deviations "
                                    "from the mean (default: iqr)."),
                     ParamType::Choice, QStringLiteral("iqr")};
    method.choices = {QStringLiteral("iqr"), QStringLiteral("zscore")};
    ParamSpec k{QStringLiteral("k"), QStringLiteral("IQR multiplier"),
                QStringLiteral("How many IQRs beyond the quartiles (default: 1.5)."),
                ParamType::Double, 1.5};
    k.min = 0.0;
    ParamSpec threshold{QStringLiteral("threshold"), QStringLiteral("Z threshold"),
                        QStringLiteral("How many standard deviations from the mean (default: "
                                       "3)."),
                        ParamType::Double, 3.0};
    threshold.min = 0.0;
    ParamSpec action{QStringLiteral("action"), QStringLiteral("Action"),
                     QStringLiteral("flag, clip or drop (default: flag)."), ParamType::Choice,
                     QStringLiteral("flag")};
    action.choices = {QStringLiteral("flag"), QStringLiteral("clip"), QStringLiteral("drop")};
    t.params = {columns, method, k, threshold, action};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::OutlierSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.method =
            in.params.value(QStringLiteral("method")).toString() == QLatin1String("zscore")
                ? core::prep::OutlierMethod::ZScore
                : core::prep::OutlierMethod::Iqr;
        spec.k = in.params.value(QStringLiteral("k")).toDouble();
        spec.threshold = in.params.value(QStringLiteral("threshold")).toDouble();
        spec.action =
            core::prep::outlierActionFromName(in.params.value(QStringLiteral("action")).toString())
                .value_or(core::prep::OutlierAction::Flag);
        if (spec.action == core::prep::OutlierAction::Drop) { // a row step: not recorded
            const core::Table &table = inputTable(in);
            auto fitted = core::prep::fitOutliers(table, spec, ctx);
            if (!fitted)
                return fitted.error();
            auto kept = (*fitted)->apply(table, ctx);
            if (!kept)
                return kept.error();
            return tableOutput(std::move(*kept));
        }
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitOutliers(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/MinMaxScale.h"

namespace flowline::flows {

NodeType minMaxNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.minmax");
    t.displayName = QStringLiteral("Min-Max Normalize");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("normalize"), QStringLiteral("scale"), QStringLiteral("range"),
                  QStringLiteral("min max scaler")};
    t.help = QStringLiteral(
        "Rescales numeric columns linearly so the smallest value seen becomes Low and the "
        "largest High (default: 0 and 1), as scikit-learn's MinMaxScaler. The minimum and "
        "maximum are learned from this node's input, ignoring missing values; applied later (to "
        "a test branch, or by a model scoring new rows) the same numbers are used, so new values "
        "may fall outside [Low, High] (no clipping). A constant column becomes Low. Missing "
        "values stay missing.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Scaled"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to rescale (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {
        columns,
        ParamSpec{QStringLiteral("low"), QStringLiteral("Low"),
                  QStringLiteral("What the minimum maps to (default: 0; below High)."),
                  ParamType::Double, 0.0},
        ParamSpec{QStringLiteral("high"), QStringLiteral("High"),
                  QStringLiteral("What the maximum maps to (default: 1)."), ParamType::Double, 1.0},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::MinMaxSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.low = in.params.value(QStringLiteral("low")).toDouble();
        spec.high = in.params.value(QStringLiteral("high")).toDouble();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitMinMax(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

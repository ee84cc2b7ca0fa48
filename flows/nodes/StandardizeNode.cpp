#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Standardize.h"

namespace flowline::flows {

NodeType standardizeNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.standardize");
    t.displayName = QStringLiteral("Standardize");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("scale"), QStringLiteral("z-score"), QStringLiteral("normalize"),
                  QStringLiteral("standard scaler"), QStringLiteral("center")};
    t.help = QStringLiteral(
        "Rescales numeric columns to mean 0 and standard deviation 1: (x − mean) / std, as "
        "scikit-learn's StandardScaler. The mean and the population standard deviation are "
        "learned from this node's input, ignoring missing values; applied later (to a test "
        "branch, or by a model scoring new rows) the same numbers are used, nothing is "
        "relearned. A constant column becomes 0. Missing values stay missing.");
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
        ParamSpec{QStringLiteral("center"), QStringLiteral("Subtract the mean"),
                  QStringLiteral("Subtract each column's mean (default: on)."), ParamType::Bool,
                  true},
        ParamSpec{QStringLiteral("scale"), QStringLiteral("Divide by the standard deviation"),
                  QStringLiteral("Divide by each column's standard deviation (default: on)."),
                  ParamType::Bool, true},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::StandardizeSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.center = in.params.value(QStringLiteral("center")).toBool();
        spec.scale = in.params.value(QStringLiteral("scale")).toBool();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitStandardize(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/RobustScale.h"

namespace flowline::flows {

NodeType robustScaleNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.robust_scale");
    t.displayName = QStringLiteral("Robust Scale");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("scale"), QStringLiteral("median"), QStringLiteral("iqr"),
                  QStringLiteral("outliers"), QStringLiteral("robust scaler")};
    t.help = QStringLiteral(
        "Rescales numeric columns with statistics that outliers barely move: (x − median) / "
        "(75th − 25th percentile), as scikit-learn's RobustScaler. The median and the "
        "percentiles (linear interpolation, as numpy) are learned from this node's input, "
        "ignoring missing values; applied later (to a test branch, or by a model scoring new "
        "rows) the same numbers are used. A zero range divides by 1. Missing values stay "
        "missing; a column with no values becomes all missing.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Scaled"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to rescale (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    ParamSpec low{QStringLiteral("q_low"), QStringLiteral("Lower percentile"),
                  QStringLiteral("The lower end of the range divided by (default: 25)."),
                  ParamType::Double, 25.0};
    low.min = 0.0;
    low.max = 100.0;
    ParamSpec high{QStringLiteral("q_high"), QStringLiteral("Upper percentile"),
                   QStringLiteral("The upper end of the range (default: 75; above the lower)."),
                   ParamType::Double, 75.0};
    high.min = 0.0;
    high.max = 100.0;
    t.params = {
        columns,
        ParamSpec{QStringLiteral("center"), QStringLiteral("Subtract the median"),
                  QStringLiteral("Subtract each column's median (default: on)."), ParamType::Bool,
                  true},
        ParamSpec{QStringLiteral("scale"), QStringLiteral("Divide by the range"),
                  QStringLiteral("Divide by the percentile range (default: on)."), ParamType::Bool,
                  true},
        low,
        high,
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::RobustScaleSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.center = in.params.value(QStringLiteral("center")).toBool();
        spec.scale = in.params.value(QStringLiteral("scale")).toBool();
        spec.qLow = in.params.value(QStringLiteral("q_low")).toDouble();
        spec.qHigh = in.params.value(QStringLiteral("q_high")).toDouble();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitRobustScale(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/LogTransform.h"

namespace flowline::flows {

NodeType logNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.log");
    t.displayName = QStringLiteral("Log Transform");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("log"), QStringLiteral("log1p"), QStringLiteral("skew"),
                  QStringLiteral("logarithm")};
    t.help = QStringLiteral(
        "Replaces numeric values by their natural logarithm, log(x), or with \"Add one\" by "
        "log(1 + x) (default: off), as numpy's log / log1p. Nothing is learned from the data. "
        "A value outside the domain (x ≤ 0 for log, x ≤ −1 for log(1 + x)) becomes missing, and "
        "the node's log counts them per column; missing values stay missing. It is recorded in "
        "the recipe, so a model scoring new rows applies it too.");
    t.learnsFromData = false; // nothing is learned: no leakage warning before a split
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Logged"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to transform (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {
        columns,
        ParamSpec{QStringLiteral("plus_one"), QStringLiteral("Add one (log1p)"),
                  QStringLiteral("Take log(1 + x), which keeps 0 at 0 (default: off)."),
                  ParamType::Bool, false},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::LogSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.plusOne = in.params.value(QStringLiteral("plus_one")).toBool();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitLog(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

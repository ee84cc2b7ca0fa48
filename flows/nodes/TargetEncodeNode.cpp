#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/TargetEncode.h"

namespace flowline::flows {

NodeType targetEncodeNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.target_encode");
    t.displayName = QStringLiteral("Target Encode");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("mean encoding"), QStringLiteral("likelihood"),
                  QStringLiteral("m-estimate"), QStringLiteral("categorical"),
                  QStringLiteral("high cardinality")};
    t.help = QStringLiteral(
        "Replaces each categorical (or boolean) column, in place, by a smoothed mean of the "
        "target for the row's category: (sum of the target + m × prior) / (rows + m), where "
        "prior is the target's mean and m the smoothing (default 1). The target is numeric, "
        "boolean, or categorical with two categories (the positive one, by default the one "
        "that sorts later, counts 1). On this node's input the means are computed out of fold "
        "(default 5 folds, shuffled with the seed, default 0), so no row sees its own target; "
        "applied later (a test branch, new rows) the means of the whole input are used. A "
        "missing category, or one not seen when learning, gets the prior. Rows with a missing "
        "target do not count.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Encoded"), PortType::Table}};
    ParamSpec columns{
        QStringLiteral("columns"), QStringLiteral("Columns"),
        QStringLiteral("The categorical or boolean columns to encode (default: "
                       "every categorical and boolean feature column but the target)."),
        ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Categorical, core::ColumnKind::Boolean};
    ParamSpec target{QStringLiteral("target"), QStringLiteral("Target"),
                     QStringLiteral("The target column (default: the column with the target "
                                    "role)."),
                     ParamType::Column, QString()};
    ParamSpec smoothing{QStringLiteral("smoothing"), QStringLiteral("Smoothing (m)"),
                        QStringLiteral("How many rows' worth of the prior each category's mean "
                                       "is pulled towards (default: 1)."),
                        ParamType::Double, 1.0};
    smoothing.min = 0.0;
    ParamSpec folds{QStringLiteral("folds"), QStringLiteral("Folds"),
                    QStringLiteral("Out-of-fold folds on this node's input (default: 5)."),
                    ParamType::Int, 5};
    folds.min = 2;
    ParamSpec seed{QStringLiteral("seed"), QStringLiteral("Seed"),
                   QStringLiteral("Seed of the fold shuffle (default: 0)."), ParamType::Seed, 0};
    ParamSpec positive{QStringLiteral("positive"), QStringLiteral("Positive class"),
                       QStringLiteral("For a two-category target, the category counted as 1 "
                                      "(default: empty, the one that sorts later)."),
                       ParamType::String, QString()};
    t.params = {columns, target, smoothing, folds, seed, positive};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::TargetEncodeSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.target = in.params.value(QStringLiteral("target")).toString();
        spec.smoothing = in.params.value(QStringLiteral("smoothing")).toDouble();
        spec.folds = in.params.value(QStringLiteral("folds")).toInt();
        spec.seed = in.params.value(QStringLiteral("seed")).toULongLong();
        spec.positive = in.params.value(QStringLiteral("positive")).toString();
        const core::Table &table = inputTable(in);
        // Not fitAndApply: the output is the out-of-fold encoding, not the full-table one.
        auto fit = core::prep::fitTargetEncode(table, spec, ctx);
        if (!fit)
            return fit.error();
        return tableOutput(core::prep::recordStep(fit->encoded, table, fit->step));
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Binning.h"

namespace flowline::flows {

NodeType binNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.bin");
    t.displayName = QStringLiteral("Bin");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("discretize"), QStringLiteral("bucket"),
                  QStringLiteral("quantile"), QStringLiteral("histogram"), QStringLiteral("kbins")};
    t.help = QStringLiteral(
        "Cuts numeric columns into bins, as scikit-learn's KBinsDiscretizer (ordinal). The bin "
        "edges are learned from this node's input, ignoring missing values: equal frequency "
        "(default; edges at percentiles, repeated edges merged so a column with many equal "
        "values may get fewer bins, which the log says) or equal width between the minimum and "
        "the maximum. Default: 5 bins, every numeric feature column, output the bin number 0, "
        "1, 2... as a number; or as a category labelled \"[a, b)\". Applied later (to a test "
        "branch, or by a model scoring new rows) the same edges are used: values below the "
        "first edge go to the first bin, above the last to the last. Missing values stay "
        "missing.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Binned"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to bin (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    ParamSpec bins{QStringLiteral("bins"), QStringLiteral("Bins"),
                   QStringLiteral("How many bins (default: 5)."), ParamType::Int, 5};
    bins.min = 2;
    bins.max = 1000;
    ParamSpec strategy{QStringLiteral("strategy"), QStringLiteral("Bins of"),
                       QStringLiteral("quantile: equal frequency; uniform: equal width "
                                      "(default: quantile)."),
                       ParamType::Choice, QStringLiteral("quantile")};
    strategy.choices = {QStringLiteral("quantile"), QStringLiteral("uniform")};
    ParamSpec output{QStringLiteral("output"), QStringLiteral("Output"),
                     QStringLiteral("ordinal: the bin number; interval: a category \"[a, b)\" "
                                    "(default: ordinal)."),
                     ParamType::Choice, QStringLiteral("ordinal")};
    output.choices = {QStringLiteral("ordinal"), QStringLiteral("interval")};
    t.params = {columns, bins, strategy, output};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::BinSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.bins = in.params.value(QStringLiteral("bins")).toInt();
        spec.strategy =
            in.params.value(QStringLiteral("strategy")).toString() == QLatin1String("uniform")
                ? core::prep::BinStrategy::Uniform
                : core::prep::BinStrategy::Quantile;
        spec.intervals =
            in.params.value(QStringLiteral("output")).toString() == QLatin1String("interval");
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitBin(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

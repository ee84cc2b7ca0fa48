#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/YeoJohnson.h"

namespace flowline::flows {

NodeType yeoJohnsonNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.yeo_johnson");
    t.displayName = QStringLiteral("Yeo-Johnson Transform");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("power transform"), QStringLiteral("box-cox"),
                  QStringLiteral("skew"), QStringLiteral("gaussian"), QStringLiteral("normalize")};
    t.help = QStringLiteral(
        "Makes skewed numeric columns more Gaussian with the Yeo-Johnson power transform, as "
        "scikit-learn's PowerTransformer. Each column's exponent (lambda) is learned from this "
        "node's input by maximum likelihood, ignoring missing values; with \"Standardize\" "
        "(default: on) the result is then rescaled to mean 0 and standard deviation 1 with the "
        "mean and deviation learned here too. Applied later (to a test branch, or by a model "
        "scoring new rows) the same lambdas and numbers are used. A constant column keeps "
        "lambda 1; a column with no values is an error. Missing values stay missing.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Transformed"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to transform (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {
        columns,
        ParamSpec{QStringLiteral("standardize"), QStringLiteral("Standardize"),
                  QStringLiteral("Rescale the result to mean 0, standard deviation 1 (default: "
                                 "on)."),
                  ParamType::Bool, true},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::YeoJohnsonSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.standardize = in.params.value(QStringLiteral("standardize")).toBool();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitYeoJohnson(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

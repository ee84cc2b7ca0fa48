#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Polynomial.h"

namespace flowline::flows {

NodeType polynomialNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.polynomial");
    t.displayName = QStringLiteral("Polynomial Features");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("interaction"), QStringLiteral("square"),
                  QStringLiteral("product"), QStringLiteral("feature engineering")};
    t.help = QStringLiteral(
        "Adds degree-2 features, as scikit-learn's PolynomialFeatures(degree=2, "
        "include_bias=False): for the chosen numeric columns (default: every numeric feature "
        "column) the squares \"a^2\" and the pairwise products \"a b\", appended after the last "
        "column in scikit-learn's order; with \"Interactions only\" (default: off) the products "
        "alone. The original columns stay. A product is missing when a factor is missing. "
        "Nothing is learned from the values; it is recorded in the recipe, so a model scoring "
        "new rows builds the same columns. A new name that is already a column is an error.");
    t.learnsFromData = false; // nothing is learned: no leakage warning before a split
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Expanded"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The numeric columns to combine (default: every numeric "
                                     "feature column; the target is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric};
    t.params = {
        columns,
        ParamSpec{QStringLiteral("interaction_only"), QStringLiteral("Interactions only"),
                  QStringLiteral("Only products of two different columns, no squares (default: "
                                 "off)."),
                  ParamType::Bool, false},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::PolynomialSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.interactionOnly = in.params.value(QStringLiteral("interaction_only")).toBool();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitPolynomial(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Impute.h"

namespace flowline::flows {

NodeType imputeNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.impute");
    t.displayName = QStringLiteral("Impute Missing Values");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("missing"), QStringLiteral("fill"),
                  QStringLiteral("nan"),     QStringLiteral("simple imputer"),
                  QStringLiteral("mean"),    QStringLiteral("median"),
                  QStringLiteral("mode")};
    t.help = QStringLiteral(
        "Fills missing values per column, as scikit-learn's SimpleImputer. The fill value is "
        "learned from this node's input only: the mean or the median of the column's values "
        "(numeric columns), its most frequent value (numeric or categorical; ties go to the "
        "smallest value), or a constant you give (a number for numeric columns). Default: the "
        "mean, on every numeric feature column. With \"Add missing flags\" (default: off), each "
        "column that had missing values here gets a true/false column \"<name>_missing\" at the "
        "end of the table. Applied later (to a test branch, or by a model scoring new rows) the "
        "same fill values are used, nothing is relearned; a new category is added to the "
        "column's categories when needed. A column with no values to learn from is an error.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Filled"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The columns to fill (default: every numeric feature column "
                                     "for mean and median, every numeric and categorical "
                                     "feature column otherwise)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Numeric, core::ColumnKind::Categorical};
    ParamSpec strategy{QStringLiteral("strategy"), QStringLiteral("Fill with"),
                       QStringLiteral("mean, median (numeric columns), most_frequent or "
                                      "constant (default: mean)."),
                       ParamType::Choice, QStringLiteral("mean")};
    strategy.choices = {QStringLiteral("mean"), QStringLiteral("median"),
                        QStringLiteral("most_frequent"), QStringLiteral("constant")};
    t.params = {
        columns,
        strategy,
        ParamSpec{QStringLiteral("constant"), QStringLiteral("Constant"),
                  QStringLiteral("The fill value for strategy constant (default: empty, which "
                                 "is an error with that strategy)."),
                  ParamType::String, QString()},
        ParamSpec{QStringLiteral("add_indicator"), QStringLiteral("Add missing flags"),
                  QStringLiteral("Add a true/false column <name>_missing for each column that "
                                 "had missing values (default: off)."),
                  ParamType::Bool, false},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::ImputeSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.strategy = core::prep::imputeStrategyFromName(
                            in.params.value(QStringLiteral("strategy")).toString())
                            .value_or(core::prep::ImputeStrategy::Mean);
        spec.constant = in.params.value(QStringLiteral("constant")).toString();
        spec.addIndicator = in.params.value(QStringLiteral("add_indicator")).toBool();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitImpute(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

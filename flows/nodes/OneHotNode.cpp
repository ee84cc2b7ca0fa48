#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/OneHot.h"

namespace flowline::flows {

NodeType oneHotNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.one_hot");
    t.displayName = QStringLiteral("One-Hot Encode");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("dummy"), QStringLiteral("indicator"),
                  QStringLiteral("categorical"), QStringLiteral("one hot encoder"),
                  QStringLiteral("get_dummies")};
    t.help = QStringLiteral(
        "Replaces each categorical (or boolean) column by 0/1 numeric columns, one per "
        "category, named \"column=category\" (booleans: \"column=false\", \"column=true\"), in "
        "place, as scikit-learn's OneHotEncoder. The categories are learned from this node's "
        "input and sorted; applied later (a test branch, a model scoring new rows) the same "
        "columns are made, nothing is relearned. With a maximum number of categories, the most "
        "frequent ones keep their column and the others share \"column=(other)\". A category "
        "not seen when learning gives a row of zeros (default) or goes to \"column=(other)\". "
        "A missing value gives a row of zeros (default) or a 1 in \"column=(missing)\".");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Encoded"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The categorical or boolean columns to encode (default: "
                                     "every categorical and boolean feature column; the target "
                                     "is left alone)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Categorical, core::ColumnKind::Boolean};
    ParamSpec maxCategories{QStringLiteral("max_categories"),
                            QStringLiteral("Maximum categories per column"),
                            QStringLiteral("Keep at most this many categories as columns, the "
                                           "most frequent ones; the rest go to "
                                           "\"column=(other)\" (default: 0, no limit)."),
                            ParamType::Int, 0};
    maxCategories.min = 0;
    ParamSpec unseen{QStringLiteral("unseen"), QStringLiteral("Unseen categories"),
                     QStringLiteral("A category not seen when learning: all_zero gives a row of "
                                    "zeros (default); other puts it in \"column=(other)\", which "
                                    "then always exists."),
                     ParamType::Choice, QStringLiteral("all_zero")};
    unseen.choices = {QStringLiteral("all_zero"), QStringLiteral("other")};
    ParamSpec missing{QStringLiteral("missing"), QStringLiteral("Missing values"),
                      QStringLiteral("all_zero gives a row of zeros (default); own_column adds "
                                     "\"column=(missing)\"."),
                      ParamType::Choice, QStringLiteral("all_zero")};
    missing.choices = {QStringLiteral("all_zero"), QStringLiteral("own_column")};
    t.params = {columns, maxCategories, unseen, missing};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::OneHotSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.maxCategories = in.params.value(QStringLiteral("max_categories")).toInt();
        spec.unseen =
            in.params.value(QStringLiteral("unseen")).toString() == QStringLiteral("other")
                ? core::prep::OneHotUnseen::Other
                : core::prep::OneHotUnseen::AllZero;
        spec.missing =
            in.params.value(QStringLiteral("missing")).toString() == QStringLiteral("own_column")
                ? core::prep::OneHotMissing::OwnColumn
                : core::prep::OneHotMissing::AllZero;
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitOneHot(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/RareCategories.h"

namespace flowline::flows {

NodeType rareCategoriesNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.rare_categories");
    t.displayName = QStringLiteral("Group Rare Categories");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("rare"), QStringLiteral("infrequent"), QStringLiteral("other"),
                  QStringLiteral("lump"), QStringLiteral("categorical")};
    t.help = QStringLiteral(
        "In each categorical column, the categories that are rare in this node's input become "
        "one category, \"other\" by default. Rare: a share of the non-missing rows below the "
        "minimum share (default 0.05), or fewer rows than the minimum count (default 0). "
        "Applied later (a test branch, new rows), the same categories are kept, and a category "
        "not seen when learning becomes \"other\" too. Missing values stay missing. The column "
        "stays categorical.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Grouped"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The categorical columns (default: every categorical "
                                     "feature column)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Categorical};
    ParamSpec share{QStringLiteral("min_share"), QStringLiteral("Minimum share"),
                    QStringLiteral("A category with a smaller share of the non-missing rows is "
                                   "rare (default: 0.05)."),
                    ParamType::Double, 0.05};
    share.min = 0.0;
    share.max = 1.0;
    ParamSpec count{QStringLiteral("min_count"), QStringLiteral("Minimum count"),
                    QStringLiteral("A category with fewer rows is rare (default: 0)."),
                    ParamType::Int, 0};
    count.min = 0;
    ParamSpec other{QStringLiteral("other"), QStringLiteral("Name of the group"),
                    QStringLiteral("The category the rare ones become (default: other)."),
                    ParamType::String, QStringLiteral("other")};
    t.params = {columns, share, count, other};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::RareCategoriesSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.minShare = in.params.value(QStringLiteral("min_share")).toDouble();
        spec.minCount = in.params.value(QStringLiteral("min_count")).toLongLong();
        spec.other = in.params.value(QStringLiteral("other")).toString();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitRareCategories(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

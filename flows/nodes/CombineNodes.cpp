// The Combine nodes: join two tables on key columns, concatenate rows, add columns.

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/AddColumns.h"
#include "prep/ConcatRows.h"
#include "prep/Join.h"

namespace flowline::flows {

namespace {

QList<ParamSpec> suffixParams()
{
    return {ParamSpec{QStringLiteral("left_suffix"), QStringLiteral("Left suffix"),
                      QStringLiteral("Added to a left column whose name the right table also "
                                     "has (default \"_left\")."),
                      ParamType::String, QStringLiteral("_left")},
            ParamSpec{QStringLiteral("right_suffix"), QStringLiteral("Right suffix"),
                      QStringLiteral("Added to a right column whose name the left table also "
                                     "has (default \"_right\")."),
                      ParamType::String, QStringLiteral("_right")}};
}

NodeType baseCombine(const QString &id, const QString &name)
{
    NodeType t;
    t.id = id;
    t.displayName = name;
    t.category = QStringLiteral("Combine");
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    return t;
}

QList<PortSpec> leftRightInputs()
{
    return {PortSpec{QStringLiteral("left"), QStringLiteral("Left"), PortType::Table},
            PortSpec{QStringLiteral("right"), QStringLiteral("Right"), PortType::Table}};
}

} // namespace

NodeType joinNode()
{
    NodeType t = baseCombine(QStringLiteral("data.join"), QStringLiteral("Join"));
    t.keywords = {QStringLiteral("merge"),     QStringLiteral("lookup"), QStringLiteral("inner"),
                  QStringLiteral("left join"), QStringLiteral("outer"),  QStringLiteral("sql")};
    t.help = QStringLiteral(
        "Joins two tables on key columns, as SQL or pandas' merge. Inner keeps the rows whose "
        "keys match; left keeps every left row, right every right row, outer every row of "
        "both, with missing values where there is no partner. Each key combination of the "
        "left table pairs with every matching right row. Missing keys never match. Rows come "
        "in the left table's order (each one's matches in the right's order); a right join "
        "follows the right table, and an outer join adds the unmatched right rows at the end. "
        "The key columns appear once, under their left names; categories match by label.");
    t.inputs = leftRightInputs();
    ParamSpec leftOn{QStringLiteral("left_on"), QStringLiteral("Left keys"),
                     QStringLiteral("The key columns of the left table."), ParamType::ColumnList,
                     QStringList()};
    leftOn.required = true;
    t.params = {
        ParamSpec{QStringLiteral("how"),
                  QStringLiteral("Join"),
                  QStringLiteral("inner (default), left, right or outer."),
                  ParamType::Choice,
                  QStringLiteral("inner"),
                  {},
                  {},
                  {QStringLiteral("inner"), QStringLiteral("left"), QStringLiteral("right"),
                   QStringLiteral("outer")}},
        leftOn,
        ParamSpec{QStringLiteral("right_on"), QStringLiteral("Right keys"),
                  QStringLiteral("The matching key columns of the right table, in the same "
                                 "order (default: the same names as the left keys)."),
                  ParamType::ColumnList, QStringList()},
    };
    t.params << suffixParams();
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::JoinSpec spec;
        spec.kind = core::prep::joinKindFromName(in.params.value(QStringLiteral("how")).toString())
                        .value_or(core::prep::JoinKind::Inner);
        spec.leftOn = in.params.value(QStringLiteral("left_on")).toStringList();
        spec.rightOn = in.params.value(QStringLiteral("right_on")).toStringList();
        spec.leftSuffix = in.params.value(QStringLiteral("left_suffix")).toString();
        spec.rightSuffix = in.params.value(QStringLiteral("right_suffix")).toString();
        auto out = core::prep::join(inputTable(in, 0), inputTable(in, 1), spec, &ctx);
        if (!out)
            return out.error();
        return tableOutput(std::move(*out));
    };
    return t;
}

NodeType concatRowsNode()
{
    NodeType t = baseCombine(QStringLiteral("data.concat"), QStringLiteral("Concatenate Rows"));
    t.keywords = {QStringLiteral("append"), QStringLiteral("union"), QStringLiteral("stack"),
                  QStringLiteral("bind rows"), QStringLiteral("concat")};
    t.help = QStringLiteral(
        "Stacks the rows of every connected table, in the order of the links. Columns line up "
        "by name; a column that a table lacks is missing in its rows. A column must have the "
        "same kind in every table; categories merge by label.");
    t.inputs = {
        PortSpec{QStringLiteral("tables"), QStringLiteral("Tables"), PortType::Table, true}};
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        std::vector<core::Table> tables;
        for (const auto &v : in.ports.front())
            tables.push_back(static_cast<const TableValue &>(*v).table());
        auto out = core::prep::concatRows(tables);
        if (!out)
            return out.error();
        return tableOutput(std::move(*out));
    };
    return t;
}

NodeType addColumnsNode()
{
    NodeType t = baseCombine(QStringLiteral("data.add_columns"), QStringLiteral("Add Columns"));
    t.keywords = {QStringLiteral("bind columns"), QStringLiteral("side by side"),
                  QStringLiteral("hstack"), QStringLiteral("concat columns")};
    t.help = QStringLiteral(
        "Puts the columns of the right table beside those of the left, row by row: row i of "
        "the result is row i of both (no keys are matched; use Join for that). The two tables "
        "must have the same number of rows.");
    t.inputs = leftRightInputs();
    t.params = suffixParams();
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        auto out =
            core::prep::addColumns(inputTable(in, 0), inputTable(in, 1),
                                   in.params.value(QStringLiteral("left_suffix")).toString(),
                                   in.params.value(QStringLiteral("right_suffix")).toString());
        if (!out)
            return out.error();
        return tableOutput(std::move(*out));
    };
    return t;
}

} // namespace flowline::flows

// Row steps as nodes: drop duplicates, drop rows with missing values, sort. They choose or
// reorder rows; they learn nothing and are not recorded in the recipe.

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/RowSteps.h"

namespace flowline::flows {

namespace {

NodeType rowStep(const QString &id, const QString &name, const QString &icon)
{
    NodeType t;
    t.id = id;
    t.displayName = name;
    t.category = QStringLiteral("Data");
    t.icon = icon;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Rows"), PortType::Table}};
    return t;
}

ParamSpec columnsParam(const QString &help)
{
    return ParamSpec{QStringLiteral("columns"), QStringLiteral("Columns"), help,
                     ParamType::ColumnList, QStringList()};
}

core::Result<NodeOutputs> keepRows(const NodeInputs &in,
                                   const core::Result<std::vector<std::int64_t>> &rows)
{
    if (!rows)
        return core::Error{QStringLiteral("parameter 'columns': %1").arg(rows.error().message)};
    return tableOutput(inputTable(in).take(*rows));
}

} // namespace

NodeType dropDuplicatesNode()
{
    NodeType t = rowStep(QStringLiteral("data.drop_duplicates"), QStringLiteral("Drop Duplicates"),
                         QStringLiteral("filter"));
    t.keywords = {QStringLiteral("distinct"), QStringLiteral("unique"), QStringLiteral("dedupe")};
    t.help = QStringLiteral("Keeps the first of every group of rows that are equal on the chosen "
                            "columns (default: all columns), in row order. Missing values count "
                            "as equal to each other.");
    t.params = {columnsParam(QStringLiteral("Columns that must be equal (default: all)."))};
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        return keepRows(
            in, core::prep::distinctRows(
                    inputTable(in), in.params.value(QStringLiteral("columns")).toStringList()));
    };
    return t;
}

NodeType dropMissingNode()
{
    NodeType t = rowStep(QStringLiteral("data.drop_missing"),
                         QStringLiteral("Drop Rows with Missing Values"), QStringLiteral("filter"));
    t.keywords = {QStringLiteral("dropna"), QStringLiteral("missing"), QStringLiteral("null"),
                  QStringLiteral("na"), QStringLiteral("complete cases")};
    t.help = QStringLiteral("Drops the rows with a missing value in the chosen columns (default: "
                            "all columns): when any of them is missing (default), or only when "
                            "all of them are.");
    t.params = {columnsParam(QStringLiteral("Columns to look at (default: all).")),
                ParamSpec{QStringLiteral("when"),
                          QStringLiteral("Drop when"),
                          QStringLiteral("any (default): any of the columns is missing; all: "
                                         "every one of them is."),
                          ParamType::Choice,
                          QStringLiteral("any"),
                          {},
                          {},
                          {QStringLiteral("any"), QStringLiteral("all")}}};
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const auto rule = in.params.value(QStringLiteral("when")).toString() == QLatin1String("all")
                              ? core::prep::MissingRule::All
                              : core::prep::MissingRule::Any;
        return keepRows(in, core::prep::rowsWithoutMissing(
                                inputTable(in),
                                in.params.value(QStringLiteral("columns")).toStringList(), rule));
    };
    return t;
}

NodeType sortNode()
{
    NodeType t = rowStep(QStringLiteral("data.sort"), QStringLiteral("Sort Rows"),
                         QStringLiteral("columns"));
    t.keywords = {QStringLiteral("order"), QStringLiteral("order by"), QStringLiteral("rank")};
    t.help = QStringLiteral("Sorts the rows by the chosen columns, the first one first; equal "
                            "rows keep their order (a stable sort). Missing values go last in "
                            "either direction. Text and categories sort by their text, booleans "
                            "false before true.");
    ParamSpec by{QStringLiteral("by"), QStringLiteral("Sort by"),
                 QStringLiteral("The columns to sort by, in order of importance."),
                 ParamType::ColumnList, QStringList()};
    by.required = true;
    t.params = {by,
                ParamSpec{QStringLiteral("direction"),
                          QStringLiteral("Direction"),
                          QStringLiteral("ascending (default) or descending, for every column."),
                          ParamType::Choice,
                          QStringLiteral("ascending"),
                          {},
                          {},
                          {QStringLiteral("ascending"), QStringLiteral("descending")}}};
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const bool ascending =
            in.params.value(QStringLiteral("direction")).toString() != QLatin1String("descending");
        std::vector<core::prep::SortKey> keys;
        for (const QString &c : in.params.value(QStringLiteral("by")).toStringList())
            keys.push_back({c, ascending});
        auto rows = core::prep::sortedRows(inputTable(in), keys);
        if (!rows)
            return core::Error{QStringLiteral("parameter 'by': %1").arg(rows.error().message)};
        return tableOutput(inputTable(in).take(*rows));
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include <QSet>

namespace flowline::flows {

NodeType selectColumnsNode()
{
    NodeType t;
    t.id = QStringLiteral("data.select_columns");
    t.displayName = QStringLiteral("Select Columns");
    t.category = QStringLiteral("Data");
    t.icon = QStringLiteral("columns");
    t.keywords = {QStringLiteral("columns"), QStringLiteral("keep"), QStringLiteral("drop"),
                  QStringLiteral("remove"), QStringLiteral("project")};
    t.help = QStringLiteral("Keeps the chosen columns, in the chosen order, or drops them. The "
                            "columns are shared with the input: nothing is copied.");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.params = {
        ParamSpec{QStringLiteral("columns"), QStringLiteral("Columns"),
                  QStringLiteral("The columns to keep or drop (default: none)."),
                  ParamType::ColumnList, QStringList()},
        ParamSpec{QStringLiteral("mode"),
                  QStringLiteral("Mode"),
                  QStringLiteral("keep (default) keeps only these columns, in this order; drop "
                                 "removes them."),
                  ParamType::Choice,
                  QStringLiteral("keep"),
                  {},
                  {},
                  {QStringLiteral("keep"), QStringLiteral("drop")}},
    };
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const core::Table &table = inputTable(in);
        const QStringList names = in.params.value(QStringLiteral("columns")).toStringList();
        for (const auto &name : names) {
            if (table.indexOf(name) < 0)
                return core::Error{QStringLiteral("parameter 'columns': the table has no column "
                                                  "'%1' (it has: %2)")
                                       .arg(name, table.columnNames().join(QStringLiteral(", ")))};
        }
        if (in.params.value(QStringLiteral("mode")).toString() == QStringLiteral("keep")) {
            if (QSet<QString>(names.begin(), names.end()).size() != names.size())
                return core::Error{QStringLiteral("parameter 'columns': a column is listed twice")};
            return tableOutput(table.select(names));
        }
        QStringList kept;
        for (const auto &name : table.columnNames()) {
            if (!names.contains(name))
                kept << name;
        }
        return tableOutput(table.select(kept));
    };
    return t;
}

} // namespace flowline::flows

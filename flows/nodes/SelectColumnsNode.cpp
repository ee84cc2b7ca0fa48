#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/ColumnSteps.h"

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
    t.help = QStringLiteral("Keeps the chosen columns, in the chosen order, or drops them, and "
                            "renames them. The columns are shared with the input: nothing is "
                            "copied. The selection is recorded in the table's recipe, so a "
                            "model trained downstream selects the same columns from raw rows.");
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
        ParamSpec{QStringLiteral("rename"), QStringLiteral("Rename"),
                  QStringLiteral("New names for kept columns: \"old=new, other=new2\" (default: "
                                 "empty, no renaming)."),
                  ParamType::String, QString()},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const core::Table &table = inputTable(in);
        const QStringList names = in.params.value(QStringLiteral("columns")).toStringList();
        for (const auto &name : names) {
            if (table.indexOf(name) < 0)
                return core::Error{QStringLiteral("parameter 'columns': the table has no column "
                                                  "'%1' (it has: %2)")
                                       .arg(name, table.columnNames().join(QStringLiteral(", ")))};
        }
        core::prep::SelectColumnsSpec spec;
        spec.columns = names;
        spec.mode = in.params.value(QStringLiteral("mode")).toString() == QStringLiteral("drop")
                        ? core::prep::SelectMode::Drop
                        : core::prep::SelectMode::Keep;
        const QString renames = in.params.value(QStringLiteral("rename")).toString();
        for (const QString &pair : renames.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto eq = pair.indexOf(QLatin1Char('='));
            if (eq < 0)
                return core::Error{QStringLiteral("parameter 'rename': \"%1\" should read "
                                                  "\"old=new\"")
                                       .arg(pair.trimmed())};
            spec.renames.append({pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed()});
        }
        // Recorded in the recipe, so a model trained downstream sees the same columns.
        return fitAndApply(in, ctx, [&](const core::Table &t, core::JobContext &c) {
            return core::prep::fitSelectColumns(t, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

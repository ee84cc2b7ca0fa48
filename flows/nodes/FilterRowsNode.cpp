#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "expr/Expression.h"

namespace flowline::flows {

NodeType filterRowsNode()
{
    NodeType t;
    t.id = QStringLiteral("data.filter_rows");
    t.displayName = QStringLiteral("Filter Rows");
    t.category = QStringLiteral("Data");
    t.icon = QStringLiteral("filter");
    t.keywords = {QStringLiteral("where"),  QStringLiteral("query"),   QStringLiteral("condition"),
                  QStringLiteral("subset"), QStringLiteral("formula"), QStringLiteral("rows")};
    t.help = QStringLiteral(
        "Keeps the rows where a formula is true, for example\n"
        "  age >= 18 and region == \"north\"\n"
        "  not (plan contains \"basic\") or monthly_charges is missing\n"
        "Columns by name (`back quotes` for names with spaces), numbers, \"text\", true / false; "
        "+ - * / %, comparisons, and / or / not, contains, is missing. A comparison with a missing "
        "value is false, so such rows are dropped unless the formula asks with 'is missing'.");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Rows kept"), PortType::Table}};
    t.params = {
        ParamSpec{QStringLiteral("formula"),
                  QStringLiteral("Formula"),
                  QStringLiteral("A condition over the columns; the rows where it holds are kept."),
                  ParamType::String,
                  QString(),
                  {},
                  {},
                  {},
                  {},
                  {},
                  true},
    };
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const core::Table &table = inputTable(in);
        const QString formula = in.params.value(QStringLiteral("formula")).toString();
        if (formula.trimmed().isEmpty())
            return core::Error{QStringLiteral("parameter 'formula': no formula given")};
        auto expression = core::Expression::compileCondition(formula, table);
        if (!expression) {
            // "parameter 'formula', column 7: expected a value after '>'"
            const core::Error &e = expression.error();
            const QString where =
                e.line > 1 ? QStringLiteral("line %1, column %2").arg(e.line).arg(e.column)
                           : QStringLiteral("column %1").arg(e.column);
            return core::Error{QStringLiteral("parameter 'formula', %1: %2").arg(where, e.message)};
        }
        auto rows = expression->selectRows(table, ctx);
        if (!rows)
            return rows.error();
        return tableOutput(table.take(*rows));
    };
    return t;
}

} // namespace flowline::flows

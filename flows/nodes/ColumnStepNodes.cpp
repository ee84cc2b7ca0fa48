// Column steps recorded in the recipe: cast, set role, derive, split text, date parts.

#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/Cast.h"
#include "prep/ColumnSteps.h"
#include "prep/DateParts.h"
#include "prep/Derive.h"
#include "prep/SplitText.h"

namespace flowline::flows {

namespace {

NodeType columnStep(const char *id, const char *name, QString help)
{
    NodeType t;
    t.id = QString::fromLatin1(id);
    t.displayName = QString::fromLatin1(name);
    t.category = QStringLiteral("Prepare");
    t.help = std::move(help);
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    return t;
}

ParamSpec choice(const char *key, const char *label, const char *help, QStringList choices)
{
    ParamSpec p{QString::fromLatin1(key), QString::fromLatin1(label), QString::fromLatin1(help),
                ParamType::Choice, choices.front()};
    p.choices = std::move(choices);
    return p;
}

} // namespace

NodeType castNode()
{
    NodeType t = columnStep(
        "prep.cast", "Change Column Type",
        QStringLiteral(
            "Changes the kind of columns, in place. To numeric: texts are parsed, booleans give "
            "0/1, dates milliseconds since 1970 UTC. To text: the value as displayed. To "
            "categorical: the displayed values become categories. To boolean: numbers 0/1, "
            "texts true/false, yes/no, 1/0. To datetime: ISO and common date texts, or "
            "milliseconds since 1970. Missing values stay missing. A value that does not "
            "convert stops the node with an error naming the column, the first such row and "
            "its value (default), or becomes missing. Nothing is learned from the data."));
    t.keywords = {QStringLiteral("convert"), QStringLiteral("type"), QStringLiteral("astype"),
                  QStringLiteral("parse")};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The columns to convert (required)."), ParamType::ColumnList,
                      QStringList()};
    columns.required = true;
    t.params = {
        columns,
        choice("to", "New type", "numeric, text (default), categorical, boolean or datetime.",
               {QStringLiteral("text"), QStringLiteral("numeric"), QStringLiteral("categorical"),
                QStringLiteral("boolean"), QStringLiteral("datetime")}),
        choice("failures", "Values that do not convert",
               "error (default) stops with the column, row and value; missing makes "
               "them missing.",
               {QStringLiteral("error"), QStringLiteral("missing")})};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::CastSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.to = core::kindFromName(in.params.value(QStringLiteral("to")).toString())
                      .value_or(core::ColumnKind::Text);
        spec.failures =
            in.params.value(QStringLiteral("failures")).toString() == QStringLiteral("missing")
                ? core::prep::CastFailures::Missing
                : core::prep::CastFailures::Error;
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitCast(table, spec, c);
        });
    };
    return t;
}

NodeType setRoleNode()
{
    NodeType t = columnStep(
        "prep.set_role", "Set Column Role",
        QStringLiteral("Marks columns as feature, target (default), identifier or ignored. "
                       "Steps and models read roles: scaling and encoding leave the target "
                       "alone, training uses the features. Values are not changed."));
    t.keywords = {QStringLiteral("target"), QStringLiteral("label"), QStringLiteral("identifier"),
                  QStringLiteral("ignore")};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The columns (required)."), ParamType::ColumnList,
                      QStringList()};
    columns.required = true;
    t.params = {columns, choice("role", "Role", "target (default), feature, identifier or ignored.",
                                {QStringLiteral("target"), QStringLiteral("feature"),
                                 QStringLiteral("identifier"), QStringLiteral("ignored")})};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::SetRoleSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        spec.role = core::roleFromName(in.params.value(QStringLiteral("role")).toString())
                        .value_or(core::ColumnRole::Target);
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitSetRole(table, spec, c);
        });
    };
    return t;
}

NodeType deriveNode()
{
    NodeType t = columnStep(
        "prep.derive", "Derive Column",
        QStringLiteral("Adds a column computed from a formula over the other columns, e.g. "
                       "monthly_charges * tenure_months, or replaces the column of that name. "
                       "Arithmetic with a missing value gives missing; see the formula help "
                       "for functions. An error in the formula shows its line and column."));
    t.keywords = {QStringLiteral("formula"), QStringLiteral("compute"),
                  QStringLiteral("expression"), QStringLiteral("feature engineering")};
    ParamSpec name{QStringLiteral("name"), QStringLiteral("New column"),
                   QStringLiteral("The name of the column (required)."), ParamType::String,
                   QString()};
    name.required = true;
    ParamSpec formula{QStringLiteral("formula"), QStringLiteral("Formula"),
                      QStringLiteral("The formula (required)."), ParamType::String, QString()};
    formula.required = true;
    t.params = {name, formula};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const core::prep::DeriveSpec spec{in.params.value(QStringLiteral("name")).toString(),
                                          in.params.value(QStringLiteral("formula")).toString()};
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitDerive(table, spec, c);
        });
    };
    return t;
}

NodeType splitTextNode()
{
    NodeType t = columnStep(
        "prep.split_text", "Split Text Column",
        QStringLiteral("Splits a text or categorical column at a delimiter (default \",\") into "
                       "columns column_1 ... column_k, added at the end. k is the number of "
                       "parts asked for, or (0, default) the largest number of pieces in this "
                       "node's input, kept when applied later; the last column keeps the rest. "
                       "A row with fewer pieces, or a missing value, gets missing pieces."));
    t.learnsFromData = true;
    t.keywords = {QStringLiteral("split"), QStringLiteral("delimiter"), QStringLiteral("tokens")};
    ParamSpec column{QStringLiteral("column"), QStringLiteral("Column"),
                     QStringLiteral("The column to split (required)."), ParamType::Column,
                     QString()};
    column.required = true;
    column.columnKinds = {core::ColumnKind::Text, core::ColumnKind::Categorical};
    ParamSpec parts{QStringLiteral("parts"), QStringLiteral("Parts"),
                    QStringLiteral("How many columns (default: 0, as many as found)."),
                    ParamType::Int, 0};
    parts.min = 0;
    parts.max = 1000;
    t.params = {column,
                ParamSpec{QStringLiteral("delimiter"), QStringLiteral("Delimiter"),
                          QStringLiteral("Where to split (default: \",\")."), ParamType::String,
                          QStringLiteral(",")},
                parts};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::SplitTextSpec spec;
        spec.column = in.params.value(QStringLiteral("column")).toString();
        spec.delimiter = in.params.value(QStringLiteral("delimiter")).toString();
        spec.parts = in.params.value(QStringLiteral("parts")).toInt();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitSplitText(table, spec, c);
        });
    };
    return t;
}

NodeType datePartsNode()
{
    NodeType t = columnStep(
        "prep.date_parts", "Date Parts",
        QStringLiteral("Adds numeric columns from a date column (UTC), named column_part: year, "
                       "month, day, weekday (Monday = 0) (default), hour, days_since (days "
                       "since the reference date, default 1970-01-01). A missing date gives "
                       "missing parts. Nothing is learned from the data."));
    t.keywords = {QStringLiteral("date"), QStringLiteral("time"), QStringLiteral("year"),
                  QStringLiteral("weekday"), QStringLiteral("datetime features")};
    ParamSpec column{QStringLiteral("column"), QStringLiteral("Date column"),
                     QStringLiteral("The datetime column (required)."), ParamType::Column,
                     QString()};
    column.required = true;
    column.columnKinds = {core::ColumnKind::Datetime};
    t.params = {column,
                ParamSpec{QStringLiteral("parts"), QStringLiteral("Parts"),
                          QStringLiteral("Comma-separated, from year, month, day, weekday, hour, "
                                         "days_since (default: year, month, day, weekday)."),
                          ParamType::String, QStringLiteral("year, month, day, weekday")},
                ParamSpec{QStringLiteral("reference"), QStringLiteral("Reference date"),
                          QStringLiteral("For days_since, an ISO date (default: 1970-01-01)."),
                          ParamType::String, QStringLiteral("1970-01-01")}};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::DatePartsSpec spec;
        spec.column = in.params.value(QStringLiteral("column")).toString();
        spec.parts.clear();
        for (const QString &p : in.params.value(QStringLiteral("parts"))
                                    .toString()
                                    .split(QLatin1Char(','), Qt::SkipEmptyParts))
            spec.parts << p.trimmed();
        spec.reference = in.params.value(QStringLiteral("reference")).toString();
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitDateParts(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

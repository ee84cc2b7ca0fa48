#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "prep/OrdinalEncode.h"

namespace flowline::flows {

namespace {

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    }
    return out;
}

// "a, b, c" (for every chosen column) or "plan: basic, premium; size: S, M, L".
core::Result<QMap<QString, QStringList>> parseOrders(const QString &text,
                                                     const QStringList &columns)
{
    QMap<QString, QStringList> orders;
    if (text.trimmed().isEmpty())
        return orders;
    if (!text.contains(QLatin1Char(':'))) {
        if (columns.isEmpty())
            return core::Error{QStringLiteral("parameter 'order': choose the columns it is for, "
                                              "or write \"column: a, b, c\"")};
        for (const QString &c : columns)
            orders.insert(c, splitList(text));
        return orders;
    }
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const auto colon = part.indexOf(QLatin1Char(':'));
        if (colon < 0)
            return core::Error{QStringLiteral("parameter 'order': \"%1\" should read "
                                              "\"column: a, b, c\"")
                                   .arg(part.trimmed())};
        orders.insert(part.left(colon).trimmed(), splitList(part.mid(colon + 1)));
    }
    return orders;
}

} // namespace

NodeType ordinalEncodeNode()
{
    NodeType t;
    t.id = QStringLiteral("prep.ordinal");
    t.displayName = QStringLiteral("Ordinal Encode");
    t.category = QStringLiteral("Prepare");
    t.keywords = {QStringLiteral("ordinal encoder"), QStringLiteral("label encode"),
                  QStringLiteral("rank"), QStringLiteral("order"), QStringLiteral("categorical")};
    t.help = QStringLiteral(
        "Replaces each categorical (or boolean) column, in place, by the position of its "
        "category in an order: 0, 1, ..., k-1, as scikit-learn's OrdinalEncoder. The order is "
        "the one given (\"low, medium, high\" for every chosen column, or \"size: S, M, L; "
        "plan: basic, premium\" per column), else the categories learned from this node's "
        "input, sorted (default). Applied later, the same numbers are used. Missing values "
        "stay missing. A category not in the order (not seen when learning, or left out of "
        "the order) becomes missing (default) or stops the node with an error naming the "
        "column, row and value.");
    t.learnsFromData = true;
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Encoded"), PortType::Table}};
    ParamSpec columns{QStringLiteral("columns"), QStringLiteral("Columns"),
                      QStringLiteral("The categorical or boolean columns to encode (default: "
                                     "every categorical and boolean feature column)."),
                      ParamType::ColumnList, QStringList()};
    columns.columnKinds = {core::ColumnKind::Categorical, core::ColumnKind::Boolean};
    ParamSpec order{QStringLiteral("order"), QStringLiteral("Order"),
                    QStringLiteral("The categories from lowest to highest, separated by commas "
                                   "(default: empty, sorted)."),
                    ParamType::String, QString()};
    ParamSpec unseen{QStringLiteral("unseen"), QStringLiteral("Categories not in the order"),
                     QStringLiteral("missing (default) makes them missing; error stops."),
                     ParamType::Choice, QStringLiteral("missing")};
    unseen.choices = {QStringLiteral("missing"), QStringLiteral("error")};
    t.params = {columns, order, unseen};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        core::prep::OrdinalSpec spec;
        spec.columns = in.params.value(QStringLiteral("columns")).toStringList();
        auto orders =
            parseOrders(in.params.value(QStringLiteral("order")).toString(), spec.columns);
        if (!orders)
            return orders.error();
        spec.orders = *orders;
        spec.unseen =
            in.params.value(QStringLiteral("unseen")).toString() == QStringLiteral("error")
                ? core::prep::OrdinalUnseen::Error
                : core::prep::OrdinalUnseen::Missing;
        return fitAndApply(in, ctx, [&](const core::Table &table, core::JobContext &c) {
            return core::prep::fitOrdinal(table, spec, c);
        });
    };
    return t;
}

} // namespace flowline::flows

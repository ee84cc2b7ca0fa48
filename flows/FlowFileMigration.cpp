#include "FlowFileMigration.h"

#include "FlowFile.h"

#include <QJsonArray>

#include <array>

namespace flowline::flows {

using core::Error;
using core::Result;

namespace {

// "node 'import1'" when the node has a usable id, otherwise its place: "nodes[3]".
QString nodeName(const QJsonObject &node, qsizetype index)
{
    const QJsonValue id = node.value(QStringLiteral("id"));
    if (id.isString() && !id.toString().isEmpty())
        return QStringLiteral("node '%1'").arg(id.toString());
    return QStringLiteral("nodes[%1]").arg(index);
}

Result<QJsonObject> migrateNode0(QJsonObject node, qsizetype index)
{
    const QString name = nodeName(node, index);
    if (node.contains(QStringLiteral("kind"))) {
        if (node.contains(QStringLiteral("type")))
            return Error{name + QStringLiteral(": has both 'kind' and 'type'")};
        node.insert(QStringLiteral("type"), node.take(QStringLiteral("kind")));
    }
    if (node.contains(QStringLiteral("x")) || node.contains(QStringLiteral("y"))) {
        if (node.contains(QStringLiteral("position")))
            return Error{name + QStringLiteral(": has both 'x' / 'y' and 'position'")};
        QJsonArray position;
        for (const auto *key : {"x", "y"}) {
            const QJsonValue v = node.take(QLatin1String(key));
            if (!v.isUndefined() && !v.isDouble())
                return Error{name +
                             QStringLiteral(": '%1' must be a number").arg(QLatin1String(key))};
            position.append(v.toDouble());
        }
        node.insert(QStringLiteral("position"), position);
    }
    return node;
}

Result<QJsonObject> migrateLink0(QJsonObject link, qsizetype index)
{
    for (const auto *end : {"from", "to"}) {
        const QJsonValue v = link.take(QLatin1String(end));
        const QString text = v.toString();
        const qsizetype dot = text.indexOf(QLatin1Char('.'));
        if (!v.isString() || dot <= 0 || dot == text.size() - 1)
            return Error{QStringLiteral("links[%1]: '%2' must be \"node.port\"")
                             .arg(index)
                             .arg(QLatin1String(end))};
        link.insert(QLatin1String(end) + QStringLiteral("Node"), text.left(dot));
        link.insert(QLatin1String(end) + QStringLiteral("Port"), text.mid(dot + 1));
    }
    return link;
}

} // namespace

Result<QJsonObject> migrate0to1(QJsonObject flow)
{
    const QJsonValue version = flow.take(QStringLiteral("version"));
    if (!version.isUndefined() && !(version.isDouble() && version.toDouble() == 0))
        return Error{QStringLiteral("'version' must be 0 in a flow without 'format'")};
    flow.remove(QStringLiteral("format"));

    if (flow.value(QStringLiteral("nodes")).isArray()) {
        QJsonArray nodes = flow.value(QStringLiteral("nodes")).toArray();
        for (qsizetype i = 0; i < nodes.size(); ++i) {
            if (!nodes[i].isObject())
                continue; // the format-1 reader names it
            auto node = migrateNode0(nodes[i].toObject(), i);
            if (!node)
                return node.error();
            nodes[i] = *node;
        }
        flow.insert(QStringLiteral("nodes"), nodes);
    }
    if (flow.value(QStringLiteral("links")).isArray()) {
        QJsonArray links = flow.value(QStringLiteral("links")).toArray();
        for (qsizetype i = 0; i < links.size(); ++i) {
            if (!links[i].isObject())
                continue;
            auto link = migrateLink0(links[i].toObject(), i);
            if (!link)
                return link.error();
            links[i] = *link;
        }
        flow.insert(QStringLiteral("links"), links);
    }
    flow.insert(QStringLiteral("format"), 1);
    return flow;
}

Result<QJsonObject> migrateFlow(QJsonObject flow, int format)
{
    // steps[n] turns format n into format n + 1.
    using Step = Result<QJsonObject> (*)(QJsonObject);
    static constexpr std::array<Step, 1> steps{&migrate0to1};
    static_assert(steps.size() == FlowFile::kFormat, "one migration step per older format");
    for (auto n = static_cast<std::size_t>(format); n < steps.size(); ++n) {
        auto next = steps[n](std::move(flow));
        if (!next)
            return next.error();
        flow = std::move(*next);
    }
    return flow;
}

} // namespace flowline::flows

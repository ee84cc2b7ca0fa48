#include "FlowDocument.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <functional>
#include <queue>

namespace flowline::flows {

using core::Error;
using core::Result;

FlowDocument::FlowDocument(const NodeRegistry &registry, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
{}

const Node *FlowDocument::node(const QString &id) const
{
    for (const auto &n : m_nodes) {
        if (n.id == id)
            return &n;
    }
    return nullptr;
}

Node *FlowDocument::mutableNode(const QString &id)
{
    return const_cast<Node *>(std::as_const(*this).node(id));
}

const NodeType *FlowDocument::typeOf(const QString &id) const
{
    const Node *n = node(id);
    return n ? m_registry.find(n->type) : nullptr;
}

Result<QString> FlowDocument::addNode(const QString &type, QPointF position,
                                      const QVariantMap &params, const QString &id)
{
    const NodeType *t = m_registry.find(type);
    if (!t)
        return Error{QStringLiteral("unknown node type '%1'").arg(type)};
    QString nodeId = id;
    if (nodeId.isEmpty()) {
        const QString base = t->id.section(QLatin1Char('.'), -1).remove(QLatin1Char('_'));
        for (int n = 1;; ++n) {
            nodeId = base + QString::number(n);
            if (!node(nodeId))
                break;
        }
    } else {
        static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_\\-]*$"));
        if (!valid.match(nodeId).hasMatch())
            return Error{QStringLiteral("'%1' is not a valid node id (letters, digits, _ and -, "
                                        "not starting with a digit)")
                             .arg(nodeId)};
        if (node(nodeId))
            return Error{QStringLiteral("a node called '%1' exists already").arg(nodeId)};
    }
    Node n{nodeId, t->id, t->defaultParams(), position, {}, {}};
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParamSpec *spec = t->param(it.key());
        if (!spec)
            return Error{
                QStringLiteral("node '%1': %2 has no parameter '%3'").arg(nodeId, t->id, it.key())};
        auto value = spec->coerce(it.value());
        if (!value)
            return Error{QStringLiteral("node '%1': parameter '%2': %3")
                             .arg(nodeId, it.key(), value.error().message)};
        n.params.insert(it.key(), *value);
    }
    m_nodes.push_back(std::move(n));
    Q_EMIT nodeAdded(nodeId);
    return nodeId;
}

bool FlowDocument::removeNode(const QString &nodeId)
{
    const QString id = nodeId; // a copy: `nodeId` may live in the node erased below
    const auto it =
        std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; });
    if (it == m_nodes.end())
        return false;
    for (const auto &l : linksInto(id))
        disconnect(l);
    for (const auto &l : linksFrom(id))
        disconnect(l);
    m_nodes.erase(
        std::find_if(m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.id == id; }));
    Q_EMIT nodeRemoved(id);
    return true;
}

Result<bool> FlowDocument::setParam(const QString &id, const QString &key, const QVariant &value)
{
    Node *n = mutableNode(id);
    if (!n)
        return Error{QStringLiteral("no node '%1'").arg(id)};
    const NodeType *t = m_registry.find(n->type);
    const ParamSpec *spec = t ? t->param(key) : nullptr;
    if (!spec)
        return Error{QStringLiteral("node '%1': %2 has no parameter '%3'").arg(id, n->type, key)};
    auto coerced = spec->coerce(value);
    if (!coerced)
        return Error{
            QStringLiteral("node '%1': parameter '%2': %3").arg(id, key, coerced.error().message)};
    if (n->params.value(key) == *coerced)
        return false;
    n->params.insert(key, *coerced);
    Q_EMIT paramsChanged(id, key);
    return true;
}

bool FlowDocument::moveNode(const QString &id, QPointF position)
{
    Node *n = mutableNode(id);
    if (!n || n->position == position)
        return false;
    n->position = position;
    Q_EMIT nodeMoved(id);
    return true;
}

bool FlowDocument::setLabel(const QString &id, const QString &label)
{
    Node *n = mutableNode(id);
    if (!n || n->label == label)
        return false;
    n->label = label;
    Q_EMIT labelChanged(id);
    return true;
}

bool FlowDocument::setNotes(const QString &id, const QString &notes)
{
    Node *n = mutableNode(id);
    if (!n || n->notes == notes)
        return false;
    n->notes = notes;
    Q_EMIT labelChanged(id);
    return true;
}

std::vector<Link> FlowDocument::linksInto(const QString &id) const
{
    std::vector<Link> out;
    std::copy_if(m_links.begin(), m_links.end(), std::back_inserter(out),
                 [&](const Link &l) { return l.toNode == id; });
    return out;
}

std::vector<Link> FlowDocument::linksFrom(const QString &id) const
{
    std::vector<Link> out;
    std::copy_if(m_links.begin(), m_links.end(), std::back_inserter(out),
                 [&](const Link &l) { return l.fromNode == id; });
    return out;
}

namespace {

// Every node reachable from `start` along the links (forward or backward), start included.
QSet<QString> reachable(const std::vector<Link> &links, const QString &start, bool forward)
{
    QSet<QString> seen{start};
    QStringList stack{start};
    while (!stack.isEmpty()) {
        const QString n = stack.takeLast();
        for (const auto &l : links) {
            const QString &from = forward ? l.fromNode : l.toNode;
            const QString &to = forward ? l.toNode : l.fromNode;
            if (from == n && !seen.contains(to)) {
                seen.insert(to);
                stack << to;
            }
        }
    }
    return seen;
}

QStringList inOrder(const QStringList &order, const QSet<QString> &wanted)
{
    QStringList out;
    for (const auto &n : order) {
        if (wanted.contains(n))
            out << n;
    }
    return out;
}

} // namespace

bool FlowDocument::reaches(const QString &from, const QString &to) const
{
    return reachable(m_links, from, true).contains(to);
}

std::optional<QString> FlowDocument::canConnect(const Link &link) const
{
    const NodeType *from = typeOf(link.fromNode);
    const NodeType *to = typeOf(link.toNode);
    if (!from)
        return QStringLiteral("no node '%1'").arg(link.fromNode);
    if (!to)
        return QStringLiteral("no node '%1'").arg(link.toNode);
    const int out = from->outputIndex(link.fromPort);
    const int in = to->inputIndex(link.toPort);
    if (out < 0)
        return QStringLiteral("%1 has no output '%2'").arg(link.fromNode, link.fromPort);
    if (in < 0)
        return QStringLiteral("%1 has no input '%2'").arg(link.toNode, link.toPort);
    const auto outType = from->outputs[out].type;
    const auto inType = to->inputs[in].type;
    if (outType != inType)
        return QStringLiteral("an output of type %1 cannot feed an input of type %2")
            .arg(portTypeName(outType), portTypeName(inType));
    if (link.fromNode == link.toNode || reaches(link.toNode, link.fromNode))
        return QStringLiteral("the link would make a cycle");
    for (const auto &l : m_links) {
        if (l == link)
            return QStringLiteral("these ports are linked already");
        if (!to->inputs[in].multiple && l.toNode == link.toNode && l.toPort == link.toPort)
            return QStringLiteral("input '%1' of %2 takes one link and has one from %3")
                .arg(link.toPort, link.toNode, l.fromNode);
    }
    return std::nullopt;
}

Result<bool> FlowDocument::connect(const Link &link)
{
    if (auto reason = canConnect(link))
        return Error{*reason};
    m_links.push_back(link);
    Q_EMIT linkAdded(link);
    return true;
}

bool FlowDocument::disconnect(const Link &linkRef)
{
    const Link link = linkRef; // a copy: `linkRef` may live in m_links
    const auto it = std::find(m_links.begin(), m_links.end(), link);
    if (it == m_links.end())
        return false;
    m_links.erase(it);
    Q_EMIT linkRemoved(link);
    return true;
}

QString FlowDocument::addAnnotation(const QString &text, QPointF position, QSizeF size,
                                    const QString &id)
{
    QString annotationId = id;
    for (int n = 1; annotationId.isEmpty() ||
                    std::any_of(m_annotations.begin(), m_annotations.end(),
                                [&](const Annotation &a) { return a.id == annotationId; });
         ++n)
        annotationId = QStringLiteral("note%1").arg(n);
    m_annotations.push_back(Annotation{annotationId, text, position, size});
    Q_EMIT annotationAdded(annotationId);
    return annotationId;
}

bool FlowDocument::removeAnnotation(const QString &annotationId)
{
    const QString id = annotationId; // a copy: `annotationId` may live in the annotation erased
    const auto it = std::find_if(m_annotations.begin(), m_annotations.end(),
                                 [&](const Annotation &a) { return a.id == id; });
    if (it == m_annotations.end())
        return false;
    m_annotations.erase(it);
    Q_EMIT annotationRemoved(id);
    return true;
}

bool FlowDocument::setAnnotationText(const QString &id, const QString &text)
{
    for (auto &a : m_annotations) {
        if (a.id == id && a.text != text) {
            a.text = text;
            Q_EMIT annotationChanged(id);
            return true;
        }
    }
    return false;
}

bool FlowDocument::setAnnotationGeometry(const QString &id, QPointF position, QSizeF size)
{
    for (auto &a : m_annotations) {
        if (a.id == id && (a.position != position || a.size != size)) {
            a.position = position;
            a.size = size;
            Q_EMIT annotationChanged(id);
            return true;
        }
    }
    return false;
}

const Annotation *FlowDocument::annotation(const QString &id) const
{
    for (const auto &a : m_annotations) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

QStringList FlowDocument::topologicalOrder() const
{
    // Kahn's algorithm taking the smallest ready id first (a heap), so the order is the same
    // on every run; each link is followed once: O((nodes + links) log nodes).
    QHash<QString, int> pending;
    QHash<QString, QStringList> next;
    for (const auto &n : m_nodes)
        pending.insert(n.id, 0);
    for (const auto &l : m_links) {
        ++pending[l.toNode];
        next[l.fromNode] << l.toNode;
    }
    std::priority_queue<QString, std::vector<QString>, std::greater<QString>> ready;
    for (auto it = pending.begin(); it != pending.end(); ++it) {
        if (it.value() == 0)
            ready.push(it.key());
    }
    QStringList order;
    order.reserve(pending.size());
    while (!ready.empty()) {
        const QString n = ready.top();
        ready.pop();
        order << n;
        for (const QString &to : next.value(n)) {
            if (--pending[to] == 0)
                ready.push(to);
        }
    }
    return order;
}

QStringList FlowDocument::downstreamOf(const QString &id) const
{
    if (!node(id))
        return {};
    return inOrder(topologicalOrder(), reachable(m_links, id, true));
}

QStringList FlowDocument::upstreamOf(const QString &id) const
{
    if (!node(id))
        return {};
    return inOrder(topologicalOrder(), reachable(m_links, id, false));
}

QStringList FlowDocument::problems(const QString &id) const
{
    QStringList out;
    const NodeType *t = typeOf(id);
    if (!t)
        return {QStringLiteral("unknown node type")};
    for (const auto &in : t->inputs) {
        if (in.optional)
            continue;
        const auto links = linksInto(id);
        if (std::none_of(links.begin(), links.end(),
                         [&](const Link &l) { return l.toPort == in.key; }))
            out << QStringLiteral("input '%1' is not connected").arg(in.key);
    }
    if (t->resamples) {
        // Resampling changes which rows exist: on a held-out part it would fake the scores.
        for (const QString &up : upstreamOf(id)) {
            const NodeType *split = typeOf(up);
            if (up == id || !split || split->trainingOutputs.isEmpty())
                continue;
            for (const Link &l : linksFrom(up)) {
                if (split->trainingOutputs.contains(l.fromPort))
                    continue;
                if (downstreamOf(l.toNode).contains(id))
                    out << QStringLiteral("resampling on the '%1' part of '%2' is refused: "
                                          "resample only the training part (link it to '%2'.%3)")
                               .arg(l.fromPort, up, split->trainingOutputs.front());
            }
        }
    }
    return out;
}

QStringList FlowDocument::warnings(const QString &id) const
{
    const NodeType *t = typeOf(id);
    if (!t || !t->learnsFromData)
        return {};
    QStringList out;
    for (const QString &down : downstreamOf(id)) {
        const NodeType *split = typeOf(down);
        if (down == id || !split || split->trainingOutputs.isEmpty())
            continue;
        // The split shares these rows out. It matters when a model trains on one part.
        QString trainer;
        for (const QString &after : downstreamOf(down)) {
            const NodeType *a = typeOf(after);
            if (a && a->trains) {
                trainer = after;
                break;
            }
        }
        if (trainer.isEmpty())
            continue;
        out << QStringLiteral("'%1' learns from rows that '%2' later shares out to both the "
                              "training and the held-out parts, so the scores of '%3' would see "
                              "the test data: move '%1' after '%2', onto its '%4' output (the "
                              "model applies it to the other parts by itself)")
                   .arg(id, down, trainer, split->trainingOutputs.front());
    }
    return out;
}

void FlowDocument::clear()
{
    while (!m_annotations.empty())
        removeAnnotation(m_annotations.back().id);
    while (!m_nodes.empty())
        removeNode(m_nodes.back().id);
}

} // namespace flowline::flows

#pragma once

#include "NodeRegistry.h"
#include "util/Error.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QSizeF>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace flowline::flows {

// A link from one node's output port to another node's input port, by value ids.
struct Link
{
    QString fromNode;
    QString fromPort;
    QString toNode;
    QString toPort;
    friend bool operator==(const Link &, const Link &) = default;
};

struct Node
{
    QString id;   // stable within the document: "import1"
    QString type; // the node type's (current) id
    QVariantMap params;
    QPointF position;
    QString label; // empty: the type's display name
    QString notes;
};

struct Annotation
{
    QString id;
    QString text;
    QPointF position;
    QSizeF size;
};

// A flow: nodes, links and text annotations. A plain QObject whose signals (past tense) let
// views mirror it; it holds no graphics and computes nothing. Every edit is validated here and
// refused with the reason: unknown type or parameter, a value out of range, incompatible port
// types, a cycle, an occupied single input.
class FlowDocument : public QObject
{
    Q_OBJECT

public:
    explicit FlowDocument(const NodeRegistry &registry = NodeRegistry::builtin(),
                          QObject *parent = nullptr);

    const NodeRegistry &registry() const { return m_registry; }

    // Adds a node of `type` with its default parameters (overridden by `params`). An empty id
    // picks a fresh one from the type ("sample1", "sample2", ...).
    core::Result<QString> addNode(const QString &type, QPointF position = {},
                                  const QVariantMap &params = {}, const QString &id = {});
    // Removes the node and its links.
    bool removeNode(const QString &id);
    core::Result<bool> setParam(const QString &node, const QString &key, const QVariant &value);
    bool moveNode(const QString &id, QPointF position);
    bool setLabel(const QString &id, const QString &label);
    bool setNotes(const QString &id, const QString &notes);

    // Why the link cannot be made, or nothing when it can.
    std::optional<QString> canConnect(const Link &link) const;
    core::Result<bool> connect(const Link &link);
    bool disconnect(const Link &link);

    QString addAnnotation(const QString &text, QPointF position, QSizeF size = {},
                          const QString &id = {});
    bool removeAnnotation(const QString &id);
    bool setAnnotationText(const QString &id, const QString &text);
    // Moves and resizes an annotation (an empty size: fit the text).
    bool setAnnotationGeometry(const QString &id, QPointF position, QSizeF size);

    const std::vector<Node> &nodes() const { return m_nodes; }
    const Node *node(const QString &id) const;
    const NodeType *typeOf(const QString &node) const;
    const std::vector<Link> &links() const { return m_links; }
    std::vector<Link> linksInto(const QString &node) const;
    std::vector<Link> linksFrom(const QString &node) const;
    const std::vector<Annotation> &annotations() const { return m_annotations; }
    const Annotation *annotation(const QString &id) const;

    // Nodes in an order where every node comes after all nodes it depends on (ties by id).
    QStringList topologicalOrder() const;
    // The node and everything that depends on it, directly or not.
    QStringList downstreamOf(const QString &node) const;
    // The node and everything it depends on.
    QStringList upstreamOf(const QString &node) const;

    // Problems that keep a node from running: a required input left unconnected, resampling on
    // a held-out branch of a split.
    QStringList problems(const QString &node) const;
    // What is wrong with the flow around a node without stopping it (the leakage guard): a step
    // that learns from data running on rows that a later split shares out to both training and
    // held-out parts that feed a model. Each warning says what to move where.
    QStringList warnings(const QString &node) const;

    // Removes everything.
    void clear();

Q_SIGNALS:
    void nodeAdded(const QString &id);
    void nodeRemoved(const QString &id);
    void paramsChanged(const QString &id, const QString &key);
    void nodeMoved(const QString &id);
    void labelChanged(const QString &id);
    void linkAdded(const flowline::flows::Link &link);
    void linkRemoved(const flowline::flows::Link &link);
    void annotationAdded(const QString &id);
    void annotationRemoved(const QString &id);
    void annotationChanged(const QString &id);

private:
    Node *mutableNode(const QString &id);
    bool reaches(const QString &from, const QString &to) const;

    const NodeRegistry &m_registry;
    std::vector<Node> m_nodes;
    std::vector<Link> m_links;
    std::vector<Annotation> m_annotations;
};

} // namespace flowline::flows

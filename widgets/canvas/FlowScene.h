#pragma once

#include "Executor.h"
#include "FlowDocument.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>

#include <optional>

namespace flowline::widgets {

class AnnotationItem;
class LinkItem;
class NodeItem;
class PortItem;

// Positions of moved items before and after a move, by id.
struct MoveSet
{
    QHash<QString, QPointF> nodesFrom, nodesTo;
    QHash<QString, QPointF> annotationsFrom, annotationsTo;
    bool isEmpty() const { return nodesTo.isEmpty() && annotationsTo.isEmpty(); }
};

// The canvas scene. It mirrors a FlowDocument (items are built from its signals and keyed by
// the document's ids) and an Executor (state badges, progress), and never changes either: what
// the person does comes out as intents (signals ending in Requested) that the editor turns into
// undo commands. While a link is drawn, the scene asks the document whether the target would
// be accepted and shows the document's reason when it would not.
class FlowScene : public QGraphicsScene
{
    Q_OBJECT

public:
    FlowScene(const flows::FlowDocument &doc, const flows::Executor *executor,
              QObject *parent = nullptr);
    ~FlowScene() override;

    const flows::FlowDocument &document() const { return m_doc; }

    NodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    AnnotationItem *annotationItem(const QString &id) const { return m_annotations.value(id); }
    LinkItem *linkItem(const flows::Link &link) const;
    int linkItemCount() const { return static_cast<int>(m_links.size()); }

    QStringList selectedNodes() const;
    QStringList selectedAnnotations() const;
    std::vector<flows::Link> selectedLinks() const;
    void selectItems(const QStringList &nodes, const QStringList &annotations = {});
    // The bounding rectangle of everything, with a margin.
    QRectF contentsRect() const;

    bool snapToGrid() const { return m_snap; }
    // Items snap while the mouse moves them, not when the document places them.
    bool snapsNow() const { return m_snap && m_moveStart.has_value(); }
    void setSnapToGrid(bool snap) { m_snap = snap; }
    static QPointF snapped(QPointF p);

    // Why the last link drawn was refused (empty when it was made).
    QString lastRefusal() const { return m_lastRefusal; }

    // Called by the items.
    void nodeItemMoved(NodeItem *item);
    void annotationItemEdited(AnnotationItem *item);

Q_SIGNALS:
    void connectRequested(const flowline::flows::Link &link);
    void moveRequested(const flowline::widgets::MoveSet &moves, bool nudge);
    void annotationTextRequested(const QString &id, const QString &text);
    void openResultRequested(const QString &node);
    // A right click: on a node (its id) or on the empty canvas (empty id).
    void contextMenuRequested(const QString &node, QPointF scenePos, QPoint screenPos);
    void linkRefused(const QString &reason);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void addNodeItem(const QString &id);
    void removeNodeItem(const QString &id);
    void addLinkItem(const flows::Link &link);
    void removeLinkItem(const flows::Link &link);
    void addAnnotationItem(const QString &id);
    void syncAnnotation(const QString &id);
    void routeLinks(const QString &node);
    void refreshProblems(const QString &node);

    PortItem *portAt(QPointF scenePos) const;
    NodeItem *nodeAt(QPointF scenePos) const;
    // The link a drag from `start` would make when dropped at `scenePos`, and why not if refused.
    std::optional<flows::Link> linkFor(PortItem *start, QPointF scenePos,
                                       QString *refusal = nullptr) const;
    void clearHighlights();
    MoveSet positionsOfSelection() const;

    const flows::FlowDocument &m_doc;
    QPointer<const flows::Executor> m_executor;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, AnnotationItem *> m_annotations;
    std::vector<LinkItem *> m_links;
    QMultiHash<QString, LinkItem *> m_linksByNode; // both ends
    bool m_snap = true;
    bool m_refreshQueued = false;

    // Link drawing.
    PortItem *m_dragPort = nullptr;
    LinkItem *m_dragLink = nullptr;
    PortItem *m_hoverTarget = nullptr;
    QString m_lastRefusal;

    // Moving.
    std::optional<MoveSet> m_moveStart;
};

} // namespace flowline::widgets

Q_DECLARE_METATYPE(flowline::widgets::MoveSet)

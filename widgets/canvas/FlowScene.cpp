#include "FlowScene.h"

#include "AnnotationItem.h"
#include "CanvasStyle.h"
#include "LinkItem.h"
#include "NodeItem.h"
#include "PortItem.h"

#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QTimer>
#include <QToolTip>

#include <cmath>

namespace flowline::widgets {

FlowScene::FlowScene(const flows::FlowDocument &doc, const flows::Executor *executor,
                     QObject *parent)
    : QGraphicsScene(parent)
    , m_doc(doc)
    , m_executor(executor)
{
    qRegisterMetaType<MoveSet>();
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    for (const auto &n : doc.nodes())
        addNodeItem(n.id);
    for (const auto &l : doc.links())
        addLinkItem(l);
    for (const auto &a : doc.annotations())
        addAnnotationItem(a.id);

    connect(&doc, &flows::FlowDocument::nodeAdded, this, &FlowScene::addNodeItem);
    connect(&doc, &flows::FlowDocument::nodeRemoved, this, [this](const QString &id) {
        removeNodeItem(id);
        refreshProblems(id);
    });
    connect(&doc, &flows::FlowDocument::nodeMoved, this, [this](const QString &id) {
        if (NodeItem *item = m_nodes.value(id))
            item->setPos(m_doc.node(id)->position);
    });
    connect(&doc, &flows::FlowDocument::labelChanged, this, [this](const QString &id) {
        if (NodeItem *item = m_nodes.value(id))
            item->setTitle(m_doc.node(id)->label);
    });
    connect(&doc, &flows::FlowDocument::linkAdded, this, &FlowScene::addLinkItem);
    connect(&doc, &flows::FlowDocument::linkRemoved, this, &FlowScene::removeLinkItem);
    connect(&doc, &flows::FlowDocument::annotationAdded, this, &FlowScene::addAnnotationItem);
    connect(&doc, &flows::FlowDocument::annotationRemoved, this,
            [this](const QString &id) { delete m_annotations.take(id); });
    connect(&doc, &flows::FlowDocument::annotationChanged, this, &FlowScene::syncAnnotation);

    if (executor) {
        connect(executor, &flows::Executor::stateChanged, this,
                [this](const QString &id, flows::NodeState state) {
                    if (NodeItem *item = m_nodes.value(id))
                        item->setState(state, m_executor->message(id));
                });
        connect(executor, &flows::Executor::progressChanged, this,
                [this](const QString &id, double fraction, const QString &) {
                    if (NodeItem *item = m_nodes.value(id))
                        item->setProgress(fraction);
                });
    }
}

FlowScene::~FlowScene()
{
    // Items go before the maps that index them, and without calling back into this scene.
    m_dragLink = nullptr;
    m_dragPort = nullptr;
    m_hoverTarget = nullptr;
    clear();
}

QPointF FlowScene::snapped(QPointF p)
{
    return QPointF(std::round(p.x() / CanvasStyle::kGrid) * CanvasStyle::kGrid,
                   std::round(p.y() / CanvasStyle::kGrid) * CanvasStyle::kGrid);
}

void FlowScene::addNodeItem(const QString &id)
{
    const flows::Node *node = m_doc.node(id);
    const flows::NodeType *type = m_doc.typeOf(id);
    if (!node || !type || m_nodes.contains(id))
        return;
    auto *item = new NodeItem(*type, id);
    item->setTitle(node->label);
    m_nodes.insert(id, item); // before setPos: the move handler looks it up
    addItem(item);
    item->setPos(node->position);
    if (m_executor)
        item->setState(m_executor->state(id), m_executor->message(id));
    refreshProblems(id);
}

void FlowScene::removeNodeItem(const QString &id)
{
    NodeItem *item = m_nodes.take(id);
    if (!item)
        return;
    if (m_dragPort && m_dragPort->parentItem() == item) {
        delete m_dragLink;
        m_dragLink = nullptr;
        m_dragPort = nullptr;
    }
    if (m_hoverTarget && m_hoverTarget->parentItem() == item)
        m_hoverTarget = nullptr;
    if (m_moveStart) {
        m_moveStart->nodesFrom.remove(id);
        m_moveStart->nodesTo.remove(id);
    }
    delete item;
}

LinkItem *FlowScene::linkItem(const flows::Link &link) const
{
    for (LinkItem *item : m_linksByNode.values(link.toNode)) {
        if (item->link() == link)
            return item;
    }
    return nullptr;
}

void FlowScene::addLinkItem(const flows::Link &link)
{
    NodeItem *from = m_nodes.value(link.fromNode);
    NodeItem *to = m_nodes.value(link.toNode);
    if (!from || !to || linkItem(link))
        return;
    PortItem *out = from->port(link.fromPort, false);
    PortItem *in = to->port(link.toPort, true);
    if (!out || !in)
        return;
    auto *item = new LinkItem(link, CanvasStyle::portColor(out->portType()));
    item->setEnds(out->anchor(), in->anchor());
    addItem(item);
    m_links.push_back(item);
    m_linksByNode.insert(link.fromNode, item);
    m_linksByNode.insert(link.toNode, item);
    refreshProblems(link.toNode);
}

void FlowScene::removeLinkItem(const flows::Link &link)
{
    LinkItem *item = linkItem(link);
    if (!item)
        return;
    m_links.erase(std::find(m_links.begin(), m_links.end(), item));
    m_linksByNode.remove(link.fromNode, item);
    m_linksByNode.remove(link.toNode, item);
    delete item;
    refreshProblems(link.toNode);
}

void FlowScene::refreshProblems(const QString &node)
{
    if (NodeItem *item = m_nodes.value(node))
        item->setWarning((m_doc.problems(node) + m_doc.warnings(node)).join(QStringLiteral("; ")));
    // The leakage guard looks at the whole flow: every node again, once the edits settle.
    if (!m_refreshQueued) {
        m_refreshQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_refreshQueued = false;
            for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
                it.value()->setWarning((m_doc.problems(it.key()) + m_doc.warnings(it.key()))
                                           .join(QStringLiteral("; ")));
        });
    }
}

void FlowScene::addAnnotationItem(const QString &id)
{
    if (m_annotations.contains(id) || !m_doc.annotation(id))
        return;
    auto *item = new AnnotationItem(id);
    m_annotations.insert(id, item);
    addItem(item);
    syncAnnotation(id);
}

void FlowScene::syncAnnotation(const QString &id)
{
    AnnotationItem *item = m_annotations.value(id);
    const flows::Annotation *a = m_doc.annotation(id);
    if (!item || !a)
        return;
    if (!item->isEditing() && item->toPlainText() != a->text)
        item->setPlainText(a->text);
    item->setFixedSize(a->size);
    item->setPos(a->position);
}

void FlowScene::nodeItemMoved(NodeItem *item)
{
    if (m_nodes.value(item->id()) == item)
        routeLinks(item->id());
}

void FlowScene::routeLinks(const QString &node)
{
    for (LinkItem *link : m_linksByNode.values(node)) {
        const NodeItem *from = m_nodes.value(link->link().fromNode);
        const NodeItem *to = m_nodes.value(link->link().toNode);
        const PortItem *out = from ? from->port(link->link().fromPort, false) : nullptr;
        const PortItem *in = to ? to->port(link->link().toPort, true) : nullptr;
        if (out && in)
            link->setEnds(out->anchor(), in->anchor());
    }
}

void FlowScene::annotationItemEdited(AnnotationItem *item)
{
    Q_EMIT annotationTextRequested(item->id(), item->toPlainText());
}

QStringList FlowScene::selectedNodes() const
{
    QStringList ids;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NodeItem::Type)
            ids << static_cast<NodeItem *>(item)->id();
    }
    ids.sort();
    return ids;
}

QStringList FlowScene::selectedAnnotations() const
{
    QStringList ids;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == AnnotationItem::Type)
            ids << static_cast<AnnotationItem *>(item)->id();
    }
    ids.sort();
    return ids;
}

std::vector<flows::Link> FlowScene::selectedLinks() const
{
    std::vector<flows::Link> links;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == LinkItem::Type)
            links.push_back(static_cast<LinkItem *>(item)->link());
    }
    return links;
}

void FlowScene::selectItems(const QStringList &nodes, const QStringList &annotations)
{
    clearSelection();
    for (const auto &id : nodes) {
        if (NodeItem *item = m_nodes.value(id))
            item->setSelected(true);
    }
    for (const auto &id : annotations) {
        if (AnnotationItem *item = m_annotations.value(id))
            item->setSelected(true);
    }
}

QRectF FlowScene::contentsRect() const
{
    QRectF rect;
    for (const NodeItem *item : m_nodes)
        rect |= item->sceneBoundingRect();
    for (const AnnotationItem *item : m_annotations)
        rect |= item->sceneBoundingRect();
    return rect.isNull() ? QRectF(-200, -150, 400, 300) : rect.adjusted(-40, -40, 40, 40);
}

PortItem *FlowScene::portAt(QPointF scenePos) const
{
    for (QGraphicsItem *item : items(scenePos)) {
        if (item->type() == PortItem::Type)
            return static_cast<PortItem *>(item);
    }
    return nullptr;
}

NodeItem *FlowScene::nodeAt(QPointF scenePos) const
{
    for (QGraphicsItem *item : items(scenePos)) {
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
        if (item->type() == PortItem::Type)
            return static_cast<NodeItem *>(item->parentItem());
    }
    return nullptr;
}

std::optional<flows::Link> FlowScene::linkFor(PortItem *start, QPointF scenePos,
                                              QString *refusal) const
{
    const auto makeLink = [&](const PortItem *other) {
        return start->isInput()
                   ? flows::Link{other->node(), other->key(), start->node(), start->key()}
                   : flows::Link{start->node(), start->key(), other->node(), other->key()};
    };
    QString reason;
    if (PortItem *target = portAt(scenePos); target && target != start) {
        if (target->isInput() == start->isInput()) {
            reason = target->isInput() ? tr("both ports are inputs: link an output to an input")
                                       : tr("both ports are outputs: link an output to an input");
        } else {
            const flows::Link link = makeLink(target);
            const auto why = m_doc.canConnect(link);
            if (!why)
                return link;
            reason = *why;
        }
    } else if (NodeItem *node = nodeAt(scenePos); node && node->id() != start->node()) {
        // Dropped on a node's body: the first of its opposite ports that accepts the link.
        for (PortItem *p : node->ports()) {
            if (p->isInput() == start->isInput())
                continue;
            const flows::Link link = makeLink(p);
            const auto why = m_doc.canConnect(link);
            if (!why)
                return link;
            if (reason.isEmpty())
                reason = *why;
        }
        if (reason.isEmpty())
            reason = start->isInput() ? tr("'%1' has no output").arg(node->id())
                                      : tr("'%1' has no input").arg(node->id());
    }
    if (refusal)
        *refusal = reason;
    return std::nullopt;
}

void FlowScene::clearHighlights()
{
    if (m_hoverTarget)
        m_hoverTarget->setHighlight(std::nullopt);
    m_hoverTarget = nullptr;
}

MoveSet FlowScene::positionsOfSelection() const
{
    MoveSet set;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NodeItem::Type)
            set.nodesFrom.insert(static_cast<NodeItem *>(item)->id(), item->pos());
        else if (item->type() == AnnotationItem::Type)
            set.annotationsFrom.insert(static_cast<AnnotationItem *>(item)->id(), item->pos());
    }
    return set;
}

void FlowScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        if (PortItem *port = portAt(event->scenePos())) {
            m_dragPort = port;
            m_dragLink = new LinkItem(flows::Link{}, CanvasStyle::portColor(port->portType()));
            m_dragLink->setDashed(true);
            m_dragLink->setFlag(QGraphicsItem::ItemIsSelectable, false);
            m_dragLink->setZValue(10);
            addItem(m_dragLink);
            m_dragLink->setEnds(port->anchor(), event->scenePos());
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
    if (event->button() == Qt::LeftButton)
        m_moveStart = positionsOfSelection();
}

void FlowScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_dragLink) {
        const QPointF at = event->scenePos();
        if (m_dragPort->isInput())
            m_dragLink->setEnds(at, m_dragPort->anchor());
        else
            m_dragLink->setEnds(m_dragPort->anchor(), at);
        PortItem *target = portAt(at);
        if (target != m_hoverTarget) {
            clearHighlights();
            if (target && target != m_dragPort) {
                m_hoverTarget = target;
                target->setHighlight(linkFor(m_dragPort, at).has_value());
            }
        }
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void FlowScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_dragLink) {
        PortItem *start = m_dragPort;
        delete m_dragLink;
        m_dragLink = nullptr;
        m_dragPort = nullptr;
        clearHighlights();
        QString reason;
        if (const auto link = linkFor(start, event->scenePos(), &reason)) {
            m_lastRefusal.clear();
            Q_EMIT connectRequested(*link);
        } else if (!reason.isEmpty()) {
            m_lastRefusal = reason;
            QToolTip::showText(event->screenPos(), tr("Cannot link: %1").arg(reason));
            Q_EMIT linkRefused(reason);
        }
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && m_moveStart) {
        MoveSet moves = *m_moveStart;
        m_moveStart.reset();
        MoveSet changed;
        for (auto it = moves.nodesFrom.begin(); it != moves.nodesFrom.end(); ++it) {
            const NodeItem *item = m_nodes.value(it.key());
            if (item && item->pos() != it.value()) {
                changed.nodesFrom.insert(it.key(), it.value());
                changed.nodesTo.insert(it.key(), item->pos());
            }
        }
        for (auto it = moves.annotationsFrom.begin(); it != moves.annotationsFrom.end(); ++it) {
            const AnnotationItem *item = m_annotations.value(it.key());
            if (item && item->pos() != it.value()) {
                changed.annotationsFrom.insert(it.key(), it.value());
                changed.annotationsTo.insert(it.key(), item->pos());
            }
        }
        if (!changed.isEmpty())
            Q_EMIT moveRequested(changed, false);
    }
}

void FlowScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (NodeItem *node = nodeAt(event->scenePos()); node && !portAt(event->scenePos())) {
        Q_EMIT openResultRequested(node->id());
        event->accept();
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void FlowScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    NodeItem *node = nodeAt(event->scenePos());
    if (node && !node->isSelected()) {
        clearSelection();
        node->setSelected(true);
    }
    Q_EMIT contextMenuRequested(node ? node->id() : QString(), event->scenePos(),
                                event->screenPos());
    event->accept();
}

void FlowScene::keyPressEvent(QKeyEvent *event)
{
    // Arrow keys nudge the selection by one grid step (merged into one undo step).
    const bool editingText = focusItem() && focusItem()->type() == AnnotationItem::Type &&
                             static_cast<AnnotationItem *>(focusItem())->isEditing();
    QPointF delta;
    switch (event->key()) {
    case Qt::Key_Left:
        delta = {-CanvasStyle::kGrid, 0};
        break;
    case Qt::Key_Right:
        delta = {CanvasStyle::kGrid, 0};
        break;
    case Qt::Key_Up:
        delta = {0, -CanvasStyle::kGrid};
        break;
    case Qt::Key_Down:
        delta = {0, CanvasStyle::kGrid};
        break;
    default:
        break;
    }
    if (!editingText && !delta.isNull()) {
        MoveSet moves = positionsOfSelection();
        for (auto it = moves.nodesFrom.begin(); it != moves.nodesFrom.end(); ++it)
            moves.nodesTo.insert(it.key(), it.value() + delta);
        for (auto it = moves.annotationsFrom.begin(); it != moves.annotationsFrom.end(); ++it)
            moves.annotationsTo.insert(it.key(), it.value() + delta);
        if (!moves.isEmpty()) {
            Q_EMIT moveRequested(moves, true);
            event->accept();
            return;
        }
    }
    QGraphicsScene::keyPressEvent(event);
}

} // namespace flowline::widgets

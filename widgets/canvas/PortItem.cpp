#include "PortItem.h"

#include "CanvasStyle.h"

#include <QPainter>

namespace flowline::widgets {

PortItem::PortItem(const QString &node, const QString &key, const QString &label,
                   flows::PortType type, bool input, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_node(node)
    , m_key(key)
    , m_label(label)
    , m_portType(type)
    , m_input(input)
{
    setAcceptHoverEvents(true);
    setToolTip(QStringLiteral("%1 (%2 %3)")
                   .arg(label, flows::portTypeName(type),
                        input ? QObject::tr("input") : QObject::tr("output")));
    setZValue(1);
}

QRectF PortItem::boundingRect() const
{
    const double r = CanvasStyle::kPortRadius + 4;
    return QRectF(-r, -r, 2 * r, 2 * r);
}

QPainterPath PortItem::shape() const
{
    QPainterPath path;
    const double r = CanvasStyle::kPortRadius + 3; // a little larger than drawn: easier to hit
    path.addEllipse(QPointF(0, 0), r, r);
    return path;
}

void PortItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QColor color = CanvasStyle::portColor(m_portType);
    double r = CanvasStyle::kPortRadius;
    if (m_hover || m_highlight.value_or(false))
        r += 2;
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(color.darker(130), 1.5);
    if (m_highlight.has_value())
        pen = QPen(*m_highlight ? QColor(0x2e, 0xa0, 0x4f) : QColor(0xd1, 0x3b, 0x34), 2.5);
    painter->setPen(pen);
    painter->setBrush(color);
    painter->drawEllipse(QPointF(0, 0), r, r);
}

void PortItem::setHighlight(std::optional<bool> accept)
{
    if (m_highlight != accept) {
        m_highlight = accept;
        update();
    }
}

void PortItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void PortItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace flowline::widgets

#include "LinkItem.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QWidget>

#include <cmath>

namespace flowline::widgets {

LinkItem::LinkItem(const flows::Link &link, const QColor &color)
    : m_link(link)
    , m_color(color)
{
    setFlags(ItemIsSelectable);
    setZValue(-1);
    setAcceptHoverEvents(true);
    setToolTip(QStringLiteral("%1.%2 → %3.%4")
                   .arg(link.fromNode, link.fromPort, link.toNode, link.toPort));
}

QPainterPath LinkItem::curve(QPointF from, QPointF to)
{
    // Horizontal tangents at both ends; the handles grow with the distance, and a link that
    // runs backwards loops out far enough to stay readable.
    const double dx = to.x() - from.x();
    const double handle = std::max(40.0, std::abs(dx) * 0.5 + (dx < 0 ? 60 : 0));
    QPainterPath path(from);
    path.cubicTo(from + QPointF(handle, 0), to - QPointF(handle, 0), to);
    return path;
}

void LinkItem::setEnds(QPointF from, QPointF to)
{
    setPath(curve(from, to));
}

void LinkItem::setDashed(bool dashed)
{
    m_dashed = dashed;
    update();
}

QPainterPath LinkItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path());
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const QPalette palette = widget ? widget->palette() : QApplication::palette();
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= 0.45)
        painter->setRenderHint(QPainter::Antialiasing);
    if (isSelected()) {
        QColor glow = palette.color(QPalette::Highlight);
        glow.setAlphaF(0.45);
        painter->setPen(QPen(glow, 7, Qt::SolidLine, Qt::RoundCap));
        painter->drawPath(path());
    }
    QPen pen(m_color, isSelected() ? 3 : 2.2);
    if (m_dashed)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
}

} // namespace flowline::widgets

#pragma once

#include "FlowDocument.h"

#include <QGraphicsPathItem>

namespace flowline::widgets {

// A link drawn as a curve from an output port to an input port, in the port type's colour.
// Selectable (to delete it); the scene re-routes it when either node moves. Also used, without
// a Link, for the curve that follows the mouse while a link is being drawn.
class LinkItem : public QGraphicsPathItem
{
public:
    enum { Type = UserType + 3 };

    LinkItem(const flows::Link &link, const QColor &color);

    int type() const override { return Type; }
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const flows::Link &link() const { return m_link; }
    void setEnds(QPointF from, QPointF to);
    void setDashed(bool dashed);

    static QPainterPath curve(QPointF from, QPointF to);

private:
    flows::Link m_link;
    QColor m_color;
    bool m_dashed = false;
};

} // namespace flowline::widgets

#pragma once

#include "PortValue.h"

#include <QGraphicsItem>

namespace flowline::widgets {

// A port on a node's edge: a dot coloured by the port's type. Hovering enlarges it and shows
// its name; the scene starts a link drag when one is pressed.
class PortItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    PortItem(const QString &node, const QString &key, const QString &label, flows::PortType type,
             bool input, QGraphicsItem *parent);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString node() const { return m_node; }
    QString key() const { return m_key; }
    QString label() const { return m_label; }
    flows::PortType portType() const { return m_portType; }
    bool isInput() const { return m_input; }
    // Where links attach, in scene coordinates.
    QPointF anchor() const { return scenePos(); }
    // Marks the port as a possible (true) or refused (false) target of the link being drawn.
    void setHighlight(std::optional<bool> accept);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    QString m_node;
    QString m_key;
    QString m_label;
    flows::PortType m_portType;
    bool m_input;
    bool m_hover = false;
    std::optional<bool> m_highlight;
};

} // namespace flowline::widgets

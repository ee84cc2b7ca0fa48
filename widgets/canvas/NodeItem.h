#pragma once

#include "Executor.h"
#include "NodeType.h"

#include <QGraphicsItem>
#include <QIcon>

namespace flowline::widgets {

class PortItem;

// A node on the canvas: icon, title, type name, a state badge, its ports (inputs left, outputs
// right, named beside them) and a progress bar while it runs. It mirrors the document and the
// executor; moving it is reported to the scene, which turns finished moves into intents.
class NodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    NodeItem(const flows::NodeType &type, const QString &id);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString id() const { return m_id; }
    const flows::NodeType &nodeType() const { return m_type; }
    void setTitle(const QString &title);
    QString title() const { return m_title; }
    void setState(flows::NodeState state, const QString &message);
    flows::NodeState state() const { return m_state; }
    void setProgress(double fraction);
    double progress() const { return m_progress; }
    void setWarning(const QString &warning); // a problem that keeps it from running, or empty

    PortItem *port(const QString &key, bool input) const;
    const QList<PortItem *> &ports() const { return m_ports; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    double height() const;
    void updateToolTip();

    const flows::NodeType &m_type;
    QString m_id;
    QString m_title;
    QIcon m_icon;
    QList<PortItem *> m_ports;
    flows::NodeState m_state = flows::NodeState::Idle;
    QString m_message;
    QString m_warning;
    double m_progress = 0;
};

} // namespace flowline::widgets

#include "NodeItem.h"

#include "CanvasStyle.h"
#include "FlowScene.h"
#include "NodeIcons.h"
#include "PortItem.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QWidget>

#include <cmath>

namespace flowline::widgets {

namespace {
constexpr double kRadius = 8;
constexpr double kBadge = 16;
} // namespace

NodeItem::NodeItem(const flows::NodeType &type, const QString &id)
    : m_type(type)
    , m_id(id)
    , m_title(type.displayName)
    , m_icon(nodeIcon(type))
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
    const auto addPorts = [&](const QList<flows::PortSpec> &specs, bool input) {
        for (int i = 0; i < specs.size(); ++i) {
            auto *p = new PortItem(id, specs[i].key, specs[i].label, specs[i].type, input, this);
            p->setPos(input ? 0 : CanvasStyle::kNodeWidth,
                      CanvasStyle::kNodeHeaderHeight + (i + 0.5) * CanvasStyle::kPortSpacing);
            m_ports << p;
        }
    };
    addPorts(type.inputs, true);
    addPorts(type.outputs, false);
    updateToolTip();
}

double NodeItem::height() const
{
    const auto rows = std::max(m_type.inputs.size(), m_type.outputs.size());
    return CanvasStyle::kNodeHeaderHeight +
           std::max<qsizetype>(rows, 1) * CanvasStyle::kPortSpacing + 8;
}

QRectF NodeItem::boundingRect() const
{
    // Room for the badge that overhangs the top-right corner and the selection outline.
    return QRectF(-3, -kBadge / 2 - 2, CanvasStyle::kNodeWidth + kBadge / 2 + 5,
                  height() + kBadge / 2 + 5);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRoundedRect(QRectF(0, 0, CanvasStyle::kNodeWidth, height()), kRadius, kRadius);
    return path;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    const QPalette palette = widget ? widget->palette() : QApplication::palette();
    const QRectF body(0, 0, CanvasStyle::kNodeWidth, height());
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QColor stateColor = CanvasStyle::stateColor(m_state);
    const QColor border =
        isSelected() ? CanvasStyle::selectionColor(palette) : CanvasStyle::nodeBorder(palette);

    if (lod < CanvasStyle::kDetailScale) { // far away: a box in the state's colour, no text
        painter->setPen(QPen(border, isSelected() ? 4 : 1.5));
        painter->setBrush(CanvasStyle::nodeFill(palette));
        painter->drawRect(body);
        painter->fillRect(QRectF(0, 0, body.width(), 10), stateColor);
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(border, isSelected() ? 2.5 : 1.2));
    painter->setBrush(CanvasStyle::nodeFill(palette));
    painter->drawRoundedRect(body, kRadius, kRadius);

    // A stripe on the left in the state's colour: stale amber, done green, failed red.
    if (m_state != flows::NodeState::Idle) {
        QPainterPath stripe;
        stripe.addRoundedRect(QRectF(0, 0, 2 * kRadius, body.height()), kRadius, kRadius);
        QPainterPath clip;
        clip.addRect(QRectF(0, 0, 4, body.height()));
        painter->fillPath(stripe.intersected(clip), stateColor);
    }

    m_icon.paint(painter, QRect(12, 9, 28, 28));
    QFont font = painter->font();
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(palette.color(QPalette::Text));
    const QFontMetricsF fm(font);
    const double textWidth = body.width() - 52 - 10;
    painter->drawText(QPointF(48, 21), fm.elidedText(m_title, Qt::ElideRight, textWidth));
    font.setBold(false);
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    QColor grey = palette.color(QPalette::Text);
    grey.setAlphaF(0.6);
    painter->setPen(grey);
    const QFontMetricsF small(font);
    const QString subtitle = m_warning.isEmpty() ? m_type.displayName : m_warning;
    if (!m_warning.isEmpty())
        painter->setPen(CanvasStyle::stateColor(flows::NodeState::Stale).darker(120));
    painter->drawText(QPointF(48, 37), small.elidedText(subtitle, Qt::ElideRight, textWidth));

    // Port names beside their dots.
    painter->setPen(grey);
    for (const PortItem *p : m_ports) {
        const double y = p->pos().y() + small.ascent() / 2 - 1;
        const QString name = small.elidedText(p->label(), Qt::ElideRight, body.width() / 2 - 14);
        if (p->isInput())
            painter->drawText(QPointF(12, y), name);
        else
            painter->drawText(QPointF(body.width() - 12 - small.horizontalAdvance(name), y), name);
    }

    if (m_state == flows::NodeState::Running) {
        const QRectF track(10, body.height() - 7, body.width() - 20, 4);
        painter->setPen(Qt::NoPen);
        painter->setBrush(CanvasStyle::nodeBorder(palette));
        painter->drawRoundedRect(track, 2, 2);
        painter->setBrush(stateColor);
        painter->drawRoundedRect(
            QRectF(track.topLeft(), QSizeF(track.width() * std::clamp(m_progress, 0.0, 1.0), 4)), 2,
            2);
    }

    const QString glyph = CanvasStyle::stateGlyph(m_state);
    if (!glyph.isEmpty()) {
        const QRectF badge(body.width() - kBadge / 2 - 2, -kBadge / 2, kBadge, kBadge);
        painter->setPen(QPen(CanvasStyle::nodeFill(palette), 1.5));
        painter->setBrush(stateColor);
        painter->drawEllipse(badge);
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, glyph);
    }
}

void NodeItem::setTitle(const QString &title)
{
    const QString t = title.isEmpty() ? m_type.displayName : title;
    if (t != m_title) {
        m_title = t;
        updateToolTip();
        update();
    }
}

void NodeItem::setState(flows::NodeState state, const QString &message)
{
    if (state != m_state || message != m_message) {
        m_state = state;
        m_message = message;
        if (state != flows::NodeState::Running)
            m_progress = 0;
        updateToolTip();
        update();
    }
}

void NodeItem::setProgress(double fraction)
{
    if (std::abs(fraction - m_progress) >= 0.005) {
        m_progress = fraction;
        update();
    }
}

void NodeItem::setWarning(const QString &warning)
{
    if (warning != m_warning) {
        m_warning = warning;
        updateToolTip();
        update();
    }
}

PortItem *NodeItem::port(const QString &key, bool input) const
{
    for (PortItem *p : m_ports) {
        if (p->key() == key && p->isInput() == input)
            return p;
    }
    return nullptr;
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    auto *flowScene = qobject_cast<FlowScene *>(scene());
    if (change == ItemPositionChange && flowScene && flowScene->snapsNow())
        return FlowScene::snapped(value.toPointF());
    if (change == ItemPositionHasChanged && flowScene)
        flowScene->nodeItemMoved(this);
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::updateToolTip()
{
    QString tip = QStringLiteral("<b>%1</b> <span style='color:gray'>%2 · %3</span>")
                      .arg(m_title.toHtmlEscaped(), m_id, m_type.id);
    tip += QStringLiteral("<br>") + flows::nodeStateName(m_state);
    if (!m_message.isEmpty())
        tip += QStringLiteral(": ") + m_message.toHtmlEscaped();
    if (!m_warning.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(m_warning.toHtmlEscaped());
    setToolTip(tip);
}

} // namespace flowline::widgets

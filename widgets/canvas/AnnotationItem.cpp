#include "AnnotationItem.h"

#include "CanvasStyle.h"
#include "FlowScene.h"

#include <QApplication>
#include <QKeyEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTextCursor>
#include <QWidget>

namespace flowline::widgets {

AnnotationItem::AnnotationItem(const QString &id)
    : m_id(id)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setTextInteractionFlags(Qt::NoTextInteraction);
    setZValue(-2);
}

void AnnotationItem::setFixedSize(QSizeF size)
{
    setTextWidth(size.isEmpty() ? -1 : size.width());
}

QRectF AnnotationItem::boundingRect() const
{
    return QGraphicsTextItem::boundingRect().adjusted(-4, -4, 4, 4);
}

void AnnotationItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
                           QWidget *widget)
{
    const QPalette palette = widget ? widget->palette() : QApplication::palette();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(isSelected() ? QPen(palette.color(QPalette::Highlight), 2)
                                 : QPen(CanvasStyle::annotationFill(palette).darker(125), 1));
    painter->setBrush(CanvasStyle::annotationFill(palette));
    painter->drawRoundedRect(boundingRect().adjusted(1, 1, -1, -1), 4, 4);
    if (defaultTextColor() != palette.color(QPalette::Text))
        setDefaultTextColor(palette.color(QPalette::Text));
    // The base class would draw its own dashed selection frame: leave the state out.
    QStyleOptionGraphicsItem plain(*option);
    plain.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus);
    QGraphicsTextItem::paint(painter, &plain, widget);
}

void AnnotationItem::startEditing()
{
    m_textBeforeEdit = toPlainText();
    setTextInteractionFlags(Qt::TextEditorInteraction);
    setFocus(Qt::MouseFocusReason);
    QTextCursor cursor = textCursor();
    cursor.select(QTextCursor::Document);
    setTextCursor(cursor);
}

bool AnnotationItem::isEditing() const
{
    return textInteractionFlags() & Qt::TextEditorInteraction;
}

void AnnotationItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (!isEditing())
        startEditing();
    QGraphicsTextItem::mouseDoubleClickEvent(event);
}

void AnnotationItem::focusOutEvent(QFocusEvent *event)
{
    QGraphicsTextItem::focusOutEvent(event);
    finishEditing();
}

void AnnotationItem::keyPressEvent(QKeyEvent *event)
{
    if (isEditing() && event->key() == Qt::Key_Escape) {
        setPlainText(m_textBeforeEdit);
        finishEditing();
        return;
    }
    QGraphicsTextItem::keyPressEvent(event);
}

void AnnotationItem::finishEditing()
{
    if (!isEditing())
        return;
    setTextInteractionFlags(Qt::NoTextInteraction);
    QTextCursor cursor = textCursor();
    cursor.clearSelection();
    setTextCursor(cursor);
    if (auto *flowScene = qobject_cast<FlowScene *>(scene());
        flowScene && toPlainText() != m_textBeforeEdit)
        flowScene->annotationItemEdited(this);
}

QVariant AnnotationItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    auto *flowScene = qobject_cast<FlowScene *>(scene());
    if (change == ItemPositionChange && flowScene && flowScene->snapsNow())
        return FlowScene::snapped(value.toPointF());
    return QGraphicsTextItem::itemChange(change, value);
}

} // namespace flowline::widgets

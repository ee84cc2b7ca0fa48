#pragma once

#include <QGraphicsTextItem>

namespace flowline::widgets {

// A text note on the canvas. Movable and selectable; double-click edits the text in place, and
// leaving the editor reports the new text to the scene (which turns it into an intent).
class AnnotationItem : public QGraphicsTextItem
{
    Q_OBJECT

public:
    enum { Type = UserType + 4 };

    explicit AnnotationItem(const QString &id);

    int type() const override { return Type; }
    QString id() const { return m_id; }
    void setFixedSize(QSizeF size); // empty: fit the text
    void startEditing();
    bool isEditing() const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void finishEditing();

    QString m_id;
    QString m_textBeforeEdit;
};

} // namespace flowline::widgets

#pragma once

#include "FlowFile.h"

#include <QGraphicsView>

class QMimeData;

namespace flowline::widgets {

class FlowScene;

// The canvas view: a dotted grid, zoom with the wheel (around the cursor) or Ctrl +/−, F to fit,
// pan with the middle button or Space + drag, rubber-band selection. Drops of node types from
// the palette and of files are reported as intents.
class FlowView : public QGraphicsView
{
    Q_OBJECT

public:
    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 3.0;

    explicit FlowView(QWidget *parent = nullptr);

    FlowScene *flowScene() const;
    double zoom() const;
    void setZoom(double zoom);
    void zoomBy(double factor);
    void fitToContents();
    // What the view shows, for saving with the flow, and back.
    flows::FlowView viewState() const;
    void setViewState(const flows::FlowView &state);

Q_SIGNALS:
    void nodeDropRequested(const QString &type, QPointF scenePos);
    void filesDropRequested(const QStringList &paths, QPointF scenePos);
    void zoomChanged(double zoom);

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    bool acceptsDrop(const QMimeData *mime) const;

    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_panLast;
};

} // namespace flowline::widgets

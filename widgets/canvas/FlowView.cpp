#include "FlowView.h"

#include "CanvasStyle.h"
#include "FlowScene.h"
#include "MimeTypes.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace flowline::widgets {

FlowView::FlowView(QWidget *parent)
    : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("canvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    // A large scene rect so panning is never stopped by the edge of the content.
    setSceneRect(-50'000, -50'000, 100'000, 100'000);
}

FlowScene *FlowView::flowScene() const
{
    return qobject_cast<FlowScene *>(scene());
}

double FlowView::zoom() const
{
    return transform().m11();
}

void FlowView::setZoom(double z)
{
    z = std::clamp(z, kMinZoom, kMaxZoom);
    if (std::abs(z - zoom()) < 1e-9)
        return;
    setTransform(QTransform::fromScale(z, z));
    Q_EMIT zoomChanged(z);
}

void FlowView::zoomBy(double factor)
{
    setZoom(zoom() * factor);
}

void FlowView::fitToContents()
{
    const FlowScene *s = flowScene();
    if (!s)
        return;
    const QRectF rect = s->contentsRect();
    const QRectF port = viewport()->rect();
    const double z = std::min({port.width() / rect.width(), port.height() / rect.height(), 1.0});
    setTransform(QTransform::fromScale(std::clamp(z, kMinZoom, kMaxZoom),
                                       std::clamp(z, kMinZoom, kMaxZoom)));
    centerOn(rect.center());
    Q_EMIT zoomChanged(zoom());
}

flows::FlowView FlowView::viewState() const
{
    return flows::FlowView{mapToScene(viewport()->rect().center()), zoom()};
}

void FlowView::setViewState(const flows::FlowView &state)
{
    setZoom(state.zoom > 0 ? state.zoom : 1.0);
    centerOn(state.center);
}

void FlowView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, CanvasStyle::canvasBackground(palette()));
    // Dots on the grid; every fifth step when zoomed out, none when very far.
    double step = CanvasStyle::kGrid;
    while (step * zoom() < 12)
        step *= 5;
    if (step * zoom() > 200)
        return;
    painter->setPen(QPen(CanvasStyle::gridColor(palette()), 2.0 / zoom()));
    const double left = std::floor(rect.left() / step) * step;
    const double top = std::floor(rect.top() / step) * step;
    QVector<QPointF> points;
    for (double x = left; x < rect.right(); x += step) {
        for (double y = top; y < rect.bottom(); y += step)
            points << QPointF(x, y);
    }
    painter->drawPoints(points.constData(), static_cast<int>(points.size()));
}

void FlowView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ShiftModifier) { // Shift + wheel scrolls sideways
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - event->angleDelta().y());
        return;
    }
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.15, steps));
    event->accept();
}

void FlowView::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (ctrl && (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)) {
        zoomBy(1.25);
        return;
    }
    if (ctrl && event->key() == Qt::Key_Minus) {
        zoomBy(0.8);
        return;
    }
    if (ctrl && event->key() == Qt::Key_0) {
        setZoom(1.0);
        return;
    }
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
    }
    QGraphicsView::keyPressEvent(event);
}

void FlowView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
    }
    QGraphicsView::keyReleaseEvent(event);
}

void FlowView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void FlowView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panLast;
        m_panLast = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void FlowView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

bool FlowView::acceptsDrop(const QMimeData *mime) const
{
    return mime && (mime->hasFormat(QLatin1String(kNodeTypeMime)) || mime->hasUrls());
}

void FlowView::dragEnterEvent(QDragEnterEvent *event)
{
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
    else
        QGraphicsView::dragEnterEvent(event);
}

void FlowView::dragMoveEvent(QDragMoveEvent *event)
{
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
    else
        QGraphicsView::dragMoveEvent(event);
}

void FlowView::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    const QPointF at = mapToScene(event->position().toPoint());
    if (mime->hasFormat(QLatin1String(kNodeTypeMime))) {
        Q_EMIT nodeDropRequested(QString::fromUtf8(mime->data(QLatin1String(kNodeTypeMime))), at);
        event->acceptProposedAction();
        return;
    }
    if (mime->hasUrls()) {
        QStringList paths;
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile())
                paths << url.toLocalFile();
        }
        if (!paths.isEmpty()) {
            Q_EMIT filesDropRequested(paths, at);
            event->acceptProposedAction();
            return;
        }
    }
    QGraphicsView::dropEvent(event);
}

} // namespace flowline::widgets

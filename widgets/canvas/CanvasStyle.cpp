#include "CanvasStyle.h"

namespace flowline::widgets {

QColor CanvasStyle::portColor(flows::PortType type)
{
    switch (type) {
    case flows::PortType::Table:
        return QColor(0x2f, 0x7b, 0xd9);
    case flows::PortType::Model:
        return QColor(0x1f, 0x9e, 0x6e);
    case flows::PortType::Evaluation:
        return QColor(0xc7, 0x42, 0x3c);
    case flows::PortType::Report:
        return QColor(0x8a, 0x4f, 0xd1);
    }
    return Qt::gray;
}

QColor CanvasStyle::stateColor(flows::NodeState state)
{
    switch (state) {
    case flows::NodeState::Idle:
        return QColor(0x8a, 0x93, 0x9e);
    case flows::NodeState::Stale:
        return QColor(0xe0, 0x9a, 0x1e);
    case flows::NodeState::Queued:
        return QColor(0x8a, 0x93, 0x9e);
    case flows::NodeState::Running:
        return QColor(0x2f, 0x7b, 0xd9);
    case flows::NodeState::Done:
        return QColor(0x2e, 0xa0, 0x4f);
    case flows::NodeState::Failed:
        return QColor(0xd1, 0x3b, 0x34);
    case flows::NodeState::Canceled:
        return QColor(0x6b, 0x77, 0x85);
    }
    return Qt::gray;
}

QString CanvasStyle::stateGlyph(flows::NodeState state)
{
    switch (state) {
    case flows::NodeState::Idle:
        return QString();
    case flows::NodeState::Stale:
        return QStringLiteral("•");
    case flows::NodeState::Queued:
        return QStringLiteral("…");
    case flows::NodeState::Running:
        return QStringLiteral("▸");
    case flows::NodeState::Done:
        return QStringLiteral("✓");
    case flows::NodeState::Failed:
        return QStringLiteral("!");
    case flows::NodeState::Canceled:
        return QStringLiteral("×");
    }
    return QString();
}

bool CanvasStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor CanvasStyle::canvasBackground(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x23, 0x26, 0x2b) : QColor(0xf4, 0xf5, 0xf7);
}

QColor CanvasStyle::gridColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x36, 0x3a, 0x41) : QColor(0xdc, 0xdf, 0xe4);
}

QColor CanvasStyle::nodeFill(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x31, 0x35, 0x3c) : QColor(0xff, 0xff, 0xff);
}

QColor CanvasStyle::nodeBorder(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x4d, 0x53, 0x5c) : QColor(0xb8, 0xbe, 0xc7);
}

QColor CanvasStyle::selectionColor(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

QColor CanvasStyle::annotationFill(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x4a, 0x44, 0x2a) : QColor(0xff, 0xf6, 0xc8);
}

} // namespace flowline::widgets

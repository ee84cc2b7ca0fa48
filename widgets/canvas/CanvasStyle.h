#pragma once

#include "Executor.h"
#include "PortValue.h"

#include <QColor>
#include <QPalette>

namespace flowline::widgets {

// Sizes and colours of the canvas, in one place. Colours follow the application palette, so
// the light and dark themes both read well.
struct CanvasStyle
{
    static constexpr double kNodeWidth = 196;
    static constexpr double kNodeHeaderHeight = 46;
    static constexpr double kPortSpacing = 22;
    static constexpr double kPortRadius = 6;
    static constexpr double kGrid = 20;
    // Below this scale nodes are drawn as plain boxes without text (fast when zoomed out).
    static constexpr double kDetailScale = 0.45;

    static QColor portColor(flows::PortType type);
    static QColor stateColor(flows::NodeState state);
    static QString stateGlyph(flows::NodeState state); // "✓", "!", ...
    static bool isDark(const QPalette &palette);
    static QColor canvasBackground(const QPalette &palette);
    static QColor gridColor(const QPalette &palette);
    static QColor nodeFill(const QPalette &palette);
    static QColor nodeBorder(const QPalette &palette);
    static QColor selectionColor(const QPalette &palette);
    static QColor annotationFill(const QPalette &palette);
};

} // namespace flowline::widgets

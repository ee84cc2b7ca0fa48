#pragma once

#include "FlowDocument.h"

#include <QHash>
#include <QPointF>

namespace flowline::widgets {

// Positions that lay a flow out in layers from left to right: each node one layer right of its
// furthest input, nodes in a layer ordered by where their inputs sit (so links cross little),
// every layer centred on the same line. Sources (and unlinked nodes) form the first layer, in
// their current top-to-bottom order. The flow's top-left corner stays where it was.
QHash<QString, QPointF> tidyLayout(const flows::FlowDocument &doc);

} // namespace flowline::widgets

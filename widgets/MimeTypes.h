#pragma once

namespace flowline::widgets {

// A node type dragged from the palette; the payload is the type id in UTF-8.
inline constexpr char kNodeTypeMime[] = "application/x-flowline-node-type";
// Copied canvas items: a .flow document holding just them (also put on the clipboard as text).
inline constexpr char kFlowFragmentMime[] = "application/x-flowline-fragment";

} // namespace flowline::widgets

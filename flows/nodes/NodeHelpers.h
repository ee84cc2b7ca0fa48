#pragma once

#include "NodeType.h"

namespace flowline::flows {

// The Table on input `port` (the executor checks types, so this only unwraps).
const core::Table &inputTable(const NodeInputs &inputs, int port = 0);
// One Table output.
NodeOutputs tableOutput(core::Table table);
// Resolves a file parameter against the flow's folder.
QString resolvePath(const NodeInputs &inputs, const QString &key);

} // namespace flowline::flows

#pragma once

#include "util/Error.h"

#include <QJsonObject>

namespace flowline::flows {

// Upgrades of .flow JSON written in older formats, one function per step, applied in memory
// when a flow is read (the file itself is never rewritten). Each step checks what it changes
// and names the node or link it cannot convert; everything else is left for the reader of the
// newest format to check.

// Format 0 (pre-release builds): `"version": 0` and no `format`; a node had `kind` for its type
// and `x` / `y` for its position; a link was {"from": "node.port", "to": "node.port"}; no
// annotations and no view state.
core::Result<QJsonObject> migrate0to1(QJsonObject flow);

// `flow`, written in `format` (0 <= format <= FlowFile::kFormat), brought to the newest format.
core::Result<QJsonObject> migrateFlow(QJsonObject flow, int format);

} // namespace flowline::flows

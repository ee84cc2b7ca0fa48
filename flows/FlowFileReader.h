#pragma once

#include "FlowFile.h"

#include <QJsonObject>

namespace flowline::flows {

// The parts of FlowFile::fromJson that read parsed JSON (used by FlowFile only).

// The format a flow says it is in (a missing `format` is format 0); refuses a newer one.
core::Result<int> readFlowFormat(const QJsonObject &flow);

// Reads a flow in the newest format into an empty document, checking every field; errors name
// the node, link, annotation or field ("node 'sample1': parameter 'fraction': ...").
core::Result<FlowView> readFlow(const QJsonObject &flow, FlowDocument &doc, const QString &flowDir);

} // namespace flowline::flows

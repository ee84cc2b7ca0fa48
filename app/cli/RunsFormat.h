#pragma once

// Runs as the CLI prints them: plain-text tables and JSON.

#include "store/RunTypes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace flowline::app {

QJsonObject runSummaryJson(const core::store::RunSummary &run);
QJsonObject runDetailsJson(const core::store::RunDetails &run);
QString runDetailsText(const core::store::RunDetails &run);

QJsonObject comparisonJson(const core::store::RunComparison &comparison);
QString comparisonText(const core::store::RunComparison &comparison);
QJsonArray curvesJson(const std::vector<core::store::MetricCurve> &curves);
QString curvesText(const std::vector<core::store::MetricCurve> &curves);

} // namespace flowline::app

#pragma once

#include "NodeType.h"
#include "prep/Recipe.h"

namespace flowline::flows {

// The Table on input `port` (the executor checks types, so this only unwraps).
const core::Table &inputTable(const NodeInputs &inputs, int port = 0);
// One Table output.
NodeOutputs tableOutput(core::Table table);
// Fits a data-prep step on the input table and applies it, recording it in the output's recipe.
template <typename Fit>
core::Result<NodeOutputs> fitAndApply(const NodeInputs &inputs, core::JobContext &ctx, Fit fit)
{
    const core::Table &table = inputTable(inputs);
    auto fitted = fit(table, ctx);
    if (!fitted)
        return fitted.error();
    auto out = core::prep::applyAndRecord(*fitted, table, ctx);
    if (!out)
        return out.error();
    return tableOutput(std::move(*out));
}
// The random seed parameter every seeded node has: "seed", default 42.
ParamSpec seedParam();
// Resolves a file parameter against the flow's folder.
QString resolvePath(const NodeInputs &inputs, const QString &key);

} // namespace flowline::flows

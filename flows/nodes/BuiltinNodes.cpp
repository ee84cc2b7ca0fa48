#include "BuiltinNodes.h"

#include "NodeRegistry.h"

namespace flowline::flows {

void registerBuiltinNodes(NodeRegistry &registry)
{
    registry.add(csvImportNode());
    registry.add(profileNode());
    registry.add(selectColumnsNode());
    registry.add(filterRowsNode());
    registry.add(sampleNode());
    registry.add(standardizeNode());
}

} // namespace flowline::flows

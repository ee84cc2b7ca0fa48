#pragma once

namespace flowline::flows {

class NodeRegistry;
struct NodeType;

// Registers every built-in node type. One function per node type, one file each.
void registerBuiltinNodes(NodeRegistry &registry);

NodeType csvImportNode();
NodeType profileNode();
NodeType selectColumnsNode();
NodeType filterRowsNode();
NodeType sampleNode();

// Prepare (core/prep steps).
NodeType standardizeNode();

} // namespace flowline::flows

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
NodeType dropDuplicatesNode();
NodeType dropMissingNode();
NodeType sortNode();

// Combine.
NodeType joinNode();
NodeType concatRowsNode();
NodeType addColumnsNode();

// Split.
NodeType trainTestSplitNode();
NodeType trainValidationTestSplitNode();
NodeType kFoldNode();

// Prepare (core/prep steps).
NodeType standardizeNode();
NodeType resampleNode();
NodeType pcaNode();
NodeType selectFeaturesNode();
NodeType textVectorizeNode();
NodeType oneHotNode();
NodeType ordinalEncodeNode();
NodeType rareCategoriesNode();
NodeType targetEncodeNode();
NodeType castNode();
NodeType setRoleNode();
NodeType deriveNode();
NodeType splitTextNode();
NodeType datePartsNode();
NodeType imputeNode();
NodeType minMaxNode();
NodeType robustScaleNode();
NodeType logNode();
NodeType yeoJohnsonNode();
NodeType binNode();
NodeType outliersNode();
NodeType polynomialNode();

// Model and evaluate (core/ml, core/eval): one train node per estimator.
void registerModelNodes(NodeRegistry &registry);
NodeType predictNode();
NodeType evaluateNode();
NodeType crossValidateNode();
NodeType registerModelNode();

// Export (core/artifact).
NodeType modelSaveNode();
NodeType exportOnnxNode();

} // namespace flowline::flows

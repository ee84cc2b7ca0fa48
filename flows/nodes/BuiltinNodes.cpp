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
    registry.add(dropDuplicatesNode());
    registry.add(dropMissingNode());
    registry.add(sortNode());
    registry.add(standardizeNode());
    registry.add(resampleNode());
    registry.add(pcaNode());
    registry.add(selectFeaturesNode());
    registry.add(textVectorizeNode());
    registry.add(oneHotNode());
    registry.add(ordinalEncodeNode());
    registry.add(rareCategoriesNode());
    registry.add(targetEncodeNode());
    registry.add(castNode());
    registry.add(setRoleNode());
    registry.add(deriveNode());
    registry.add(splitTextNode());
    registry.add(datePartsNode());
    registry.add(imputeNode());
    registry.add(minMaxNode());
    registry.add(robustScaleNode());
    registry.add(logNode());
    registry.add(yeoJohnsonNode());
    registry.add(binNode());
    registry.add(outliersNode());
    registry.add(polynomialNode());
    registry.add(joinNode());
    registry.add(concatRowsNode());
    registry.add(addColumnsNode());
    registry.add(trainTestSplitNode());
    registry.add(trainValidationTestSplitNode());
    registry.add(kFoldNode());
    registerModelNodes(registry);
    registry.add(modelSaveNode());
    registry.add(exportOnnxNode());
}

} // namespace flowline::flows

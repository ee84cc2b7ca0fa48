#pragma once

// The fitted estimator as ONNX nodes, from the feature matrix X (double [N, F]) to the graph
// outputs:
// - classification: "label" (string [N], the class label) and "probabilities" (double [N, K],
//   columns in the pipeline's class order); the linear SVM has "scores" (its margins) instead
//   of probabilities;
// - regression: "prediction" (double [N]).
// Internal to the exporter (OnnxExport.h).

#include "OnnxGraph.h"
#include "ml/Pipeline.h"

namespace flowline::core::artifact::onnx_export {

// The output names, claimed before anything else so no input can take them.
void claimOutputNames(Graph &graph);

// Adds the estimator. An estimator without a mapping is an Error saying why.
Result<bool> exportEstimator(Graph &graph, const ml::Pipeline &pipeline, const Name &X);

// Whether the estimator maps, without building anything (empty: it does), for messages.
QString estimatorProblem(const ml::Pipeline &pipeline);

} // namespace flowline::core::artifact::onnx_export

#pragma once

// ONNX export of a whole trained pipeline: the fitted recipe and the estimator in one graph
// (ai.onnx opset 15, ai.onnx.ml opset 3, IR version 8), built with Debian's libonnx protobuf
// classes.
//
// Inputs: one per raw column the model uses, named after it, shape [N, 1]:
//   numeric → double (NaN for missing), categorical and boolean → string ("" for missing,
//   booleans as "true" / "false"). Double, not float, so the graph sees the numbers the
//   pipeline sees.
// Outputs: classification → "label" (string [N]) and "probabilities" (double [N, K], in the
//   pipeline's class order; the linear SVM gives "scores", its margins, instead);
//   regression → "prediction" (double [N]).
//
// Mapped recipe steps: impute (numeric and categorical, without indicator columns),
// standardize, minmax, robust_scale, one_hot, ordinal, select and set_role. Mapped estimators:
// linear, ridge, lasso and elastic net regression, logistic regression, linear SVM, naive Bayes
// (gaussian and multinomial), the MLP (MatMul, Add and its activations), decision tree, random
// forest and gradient boosting (ONNX-ML TreeEnsembleRegressor). Not mapped: k-NN, clustering and
// anomaly detection. Anything that does not map is an Error listing every such part and why.

#include "ml/Pipeline.h"
#include "util/Error.h"

#include <QByteArray>
#include <QStringList>

namespace flowline::core::artifact {

struct OnnxExport
{
    QByteArray bytes;   // a serialized onnx.ModelProto
    QStringList inputs; // the graph's inputs (raw column names), in order
    QStringList outputs;
};

Result<OnnxExport> exportOnnx(const ml::Pipeline &pipeline);
// Writes an export to `path` atomically (temporary file, sync, rename).
Result<bool> writeOnnx(const OnnxExport &exported, const QString &path);
// exportOnnx then writeOnnx; an Error names `path`.
Result<OnnxExport> saveOnnx(const ml::Pipeline &pipeline, const QString &path);

} // namespace flowline::core::artifact

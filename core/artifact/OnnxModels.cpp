#include "OnnxModels.h"

#include "ml/BoostedTrees.h"
#include "ml/MlpModel.h"
#include "ml/ModelJson.h"
#include "ml/TreeEnsembleModel.h"

#include <QJsonObject>

#include <cmath>
#include <numbers>

namespace flowline::core::artifact::onnx_export {

namespace {

using onnx::TensorProto;

const Name kLabel = "label";
const Name kProbabilities = "probabilities";
const Name kScores = "scores";
const Name kPrediction = "prediction";

std::vector<double> flatRowMajor(const Eigen::MatrixXd &m)
{
    std::vector<double> out;
    out.reserve(std::size_t(m.size()));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            out.push_back(m(r, c));
    return out;
}

// [N, 1] → [N]
Name squeeze(Graph &g, const Name &t)
{
    return g.op("Squeeze", {t, g.int64s("axes", {1}, {1})}, "squeezed");
}

void publish(Graph &g, const Name &tensor, const Name &output, int type,
             const std::vector<std::int64_t> &dims)
{
    g.node("Identity", {tensor}, {output});
    g.output(output, type, dims);
}

// The label output from class indices (int64 [N]).
void labels(Graph &g, const ml::Pipeline &p, const Name &index)
{
    std::vector<std::string> classes;
    for (const QString &c : p.classes)
        classes.push_back(c.toStdString());
    const Name table = g.strings("classes", classes, {std::int64_t(classes.size())});
    Name gathered = g.fresh("label");
    setInt(g.node("Gather", {table, index}, {gathered}), "axis", 0);
    publish(g, gathered, kLabel, TensorProto::STRING, {kBatch});
}

Name argmax(Graph &g, const Name &scores)
{
    const Name out = g.fresh("argmax");
    auto &n = g.node("ArgMax", {scores}, {out});
    setInt(n, "axis", 1);
    setInt(n, "keepdims", 0);
    return out;
}

// Class 1 where the single score is > 0 (binary models), as int64 [N].
Name positive(Graph &g, const Name &score)
{
    const Name above = g.op("Greater", {score, g.doubles("zero", {0.0}, {1})}, "positive");
    return squeeze(g, g.cast(above, TensorProto::INT64));
}

// Binary probabilities [1 - p, p] from one logit column, with the label from its sign.
void sigmoidOutputs(Graph &g, const ml::Pipeline &p, const Name &logit)
{
    const Name p1 = g.op("Sigmoid", {logit}, "p1");
    const Name p0 = g.op("Sub", {g.doubles("one", {1.0}, {1}), p1}, "p0");
    const Name proba = g.fresh("proba");
    setInt(g.node("Concat", {p0, p1}, {proba}), "axis", 1);
    publish(g, proba, kProbabilities, TensorProto::DOUBLE, {kBatch, 2});
    labels(g, p, positive(g, logit));
}

void softmaxOutputs(Graph &g, const ml::Pipeline &p, const Name &scores)
{
    const Name proba = g.fresh("proba");
    setInt(g.node("Softmax", {scores}, {proba}), "axis", 1);
    publish(g, proba, kProbabilities, TensorProto::DOUBLE,
            {kBatch, std::int64_t(p.classes.size())});
    labels(g, p, argmax(g, scores));
}

Result<bool> exportLinear(Graph &g, const ml::Pipeline &p, const Name &X)
{
    const QJsonObject json = p.model->toJson();
    auto coef = ml::matrixFromJson(json.value(QStringLiteral("coefficients")),
                                   QStringLiteral("coefficients"));
    auto icpt =
        ml::vectorFromJson(json.value(QStringLiteral("intercepts")), QStringLiteral("intercepts"));
    if (!coef || !icpt)
        return Error{QStringLiteral("%1: unreadable coefficients").arg(p.algorithm)};
    const Eigen::Index rows = coef->rows(), features = coef->cols();
    const Eigen::MatrixXd wt = coef->transpose(); // [F, R]
    const Name w = g.doubles("weights", flatRowMajor(wt), {features, rows});
    const Name b =
        g.doubles("intercepts", std::vector<double>(icpt->data(), icpt->data() + rows), {rows});
    const Name scores = g.op("Add", {g.op("MatMul", {X, w}, "xw"), b}, "scores");
    if (p.task == ml::Task::Regression) {
        publish(g, squeeze(g, scores), kPrediction, TensorProto::DOUBLE, {kBatch});
        return true;
    }
    const QString link = json.value(QStringLiteral("link")).toString();
    if (link == QLatin1String("logistic")) {
        if (rows == 1)
            sigmoidOutputs(g, p, scores);
        else
            softmaxOutputs(g, p, scores);
        return true;
    }
    // Margins (linear SVM): no probabilities.
    publish(g, scores, kScores, TensorProto::DOUBLE, {kBatch, rows});
    labels(g, p, rows == 1 ? positive(g, scores) : argmax(g, scores));
    return true;
}

// The ONNX-ML tree ensemble attributes, tree by tree.
struct EnsembleAttributes
{
    std::vector<std::int64_t> treeIds, nodeIds, featureIds, trueIds, falseIds;
    std::vector<std::string> modes;
    std::vector<double> values;
    std::vector<std::int64_t> targetTree, targetNode, targetId;
    std::vector<double> weights;

    template <class TreeT>
    void add(std::int64_t tree, const TreeT &t, int outputs, int target,
             const std::vector<double> &leafValues)
    {
        for (std::size_t n = 0; n < t.feature.size(); ++n) {
            const bool leaf = t.feature[n] < 0;
            treeIds.push_back(tree);
            nodeIds.push_back(std::int64_t(n));
            featureIds.push_back(leaf ? 0 : t.feature[n]);
            modes.push_back(leaf ? "LEAF" : "BRANCH_LEQ");
            values.push_back(leaf ? 0.0 : t.threshold[n]);
            trueIds.push_back(leaf ? 0 : t.left[n]);
            falseIds.push_back(leaf ? 0 : t.right[n]);
            if (!leaf)
                continue;
            for (int k = 0; k < outputs; ++k) {
                targetTree.push_back(tree);
                targetNode.push_back(std::int64_t(n));
                targetId.push_back(outputs == 1 ? target : k);
                weights.push_back(leafValues[n * std::size_t(outputs) + std::size_t(k)]);
            }
        }
    }

    // TreeEnsembleRegressor with double thresholds and weights; output float [N, targets].
    Name emit(Graph &g, const Name &X, int targets, const char *aggregate,
              const std::vector<double> &base) const
    {
        const Name out = g.fresh("ensemble");
        auto &n = g.node("TreeEnsembleRegressor", {X}, {out}, kMlDomain);
        setString(n, "aggregate_function", aggregate);
        setInt(n, "n_targets", targets);
        setString(n, "post_transform", "NONE");
        setInts(n, "nodes_treeids", treeIds);
        setInts(n, "nodes_nodeids", nodeIds);
        setInts(n, "nodes_featureids", featureIds);
        setStrings(n, "nodes_modes", modes);
        setDoubleTensor(n, "nodes_values_as_tensor", values);
        setInts(n, "nodes_truenodeids", trueIds);
        setInts(n, "nodes_falsenodeids", falseIds);
        setInts(n, "target_treeids", targetTree);
        setInts(n, "target_nodeids", targetNode);
        setInts(n, "target_ids", targetId);
        setDoubleTensor(n, "target_weights_as_tensor", weights);
        if (!base.empty())
            setDoubleTensor(n, "base_values_as_tensor", base);
        return g.cast(out, TensorProto::DOUBLE);
    }
};

// Decision trees and random forests: leaves hold class probabilities (or means), averaged
// over the trees. Our trees compare float(x) with a double threshold, so the rows are rounded
// to float and back to double, and the thresholds stay double: the runtime then makes the same
// comparison.
Result<bool> exportForest(Graph &g, const ml::Pipeline &p, const ml::TreeEnsembleModel &m,
                          const Name &X)
{
    const int outputs = p.task == ml::Task::Classification ? m.classCount() : 1;
    EnsembleAttributes a;
    for (std::size_t t = 0; t < m.trees().size(); ++t) {
        const ml::Tree &tree = m.trees()[t];
        if (tree.outputs != outputs)
            return Error{QStringLiteral("%1: tree %2 has %3 outputs, expected %4")
                             .arg(p.algorithm)
                             .arg(t)
                             .arg(tree.outputs)
                             .arg(outputs)};
        a.add(std::int64_t(t), tree, outputs, 0, tree.value);
    }
    // double(float(x)): the runtime takes double thresholds only with double rows.
    const Name rounded = g.cast(g.cast(X, TensorProto::FLOAT), TensorProto::DOUBLE);
    const Name mean = a.emit(g, rounded, outputs, "AVERAGE", {});
    if (p.task == ml::Task::Regression) {
        publish(g, squeeze(g, mean), kPrediction, TensorProto::DOUBLE, {kBatch});
        return true;
    }
    publish(g, mean, kProbabilities, TensorProto::DOUBLE, {kBatch, outputs});
    labels(g, p, argmax(g, mean));
    return true;
}

// Gradient boosting: a baseline per output plus the sum of the trees (tree t serves output
// t % outputs), compared in double; then the sigmoid or softmax of the raw scores.
Result<bool> exportBoosting(Graph &g, const ml::Pipeline &p, const ml::BoostedTreesModel &m,
                            const Name &X)
{
    const int outputs = m.outputs();
    const Eigen::VectorXd base = m.learned().intercepts;
    EnsembleAttributes a;
    for (std::size_t t = 0; t < m.trees().size(); ++t) {
        const ml::BoostTree &tree = m.trees()[t];
        a.add(std::int64_t(t), tree, 1, int(t % std::size_t(outputs)), tree.value);
    }
    const Name raw =
        a.emit(g, X, outputs, "SUM", std::vector<double>(base.data(), base.data() + base.size()));
    if (p.task == ml::Task::Regression)
        publish(g, squeeze(g, raw), kPrediction, TensorProto::DOUBLE, {kBatch});
    else if (outputs == 1)
        sigmoidOutputs(g, p, raw);
    else
        softmaxOutputs(g, p, raw);
    return true;
}

// Naive Bayes: the joint log-likelihood per class, then softmax (= exp(jll - logsumexp)).
Result<bool> exportNaiveBayes(Graph &g, const ml::Pipeline &p, const Name &X)
{
    const QJsonObject json = p.model->toJson();
    auto a = ml::matrixFromJson(json.value(QStringLiteral("a")), QStringLiteral("a"));
    auto prior =
        ml::vectorFromJson(json.value(QStringLiteral("log_prior")), QStringLiteral("log_prior"));
    if (!a || !prior)
        return Error{QStringLiteral("naive_bayes: unreadable model")};
    const Eigen::Index K = a->rows(), F = a->cols();
    Name jll;
    if (json.value(QStringLiteral("distribution")).toString() == QLatin1String("gaussian")) {
        auto var = ml::matrixFromJson(json.value(QStringLiteral("b")), QStringLiteral("b"), K, F);
        if (!var)
            return Error{QStringLiteral("naive_bayes: unreadable variances")};
        std::vector<double> constant(static_cast<std::size_t>(K));
        for (Eigen::Index c = 0; c < K; ++c)
            constant[std::size_t(c)] =
                (*prior)[c] == -INFINITY
                    ? -INFINITY
                    : (*prior)[c] +
                          -0.5 * (2.0 * std::numbers::pi * var->row(c).array()).log().sum();
        const Name x3 = g.op("Unsqueeze", {X, g.int64s("axes", {1}, {1})}, "x3");
        const Name diff = g.op("Sub", {x3, g.doubles("means", flatRowMajor(*a), {K, F})}, "diff");
        const Name q = g.op(
            "Div",
            {g.op("Mul", {diff, diff}, "sq"), g.doubles("variances", flatRowMajor(*var), {K, F})},
            "q");
        const Name sum = g.fresh("sum");
        setInt(g.node("ReduceSum", {q, g.int64s("axes", {2}, {1})}, {sum}), "keepdims", 0);
        jll = g.op("Add",
                   {g.op("Mul", {sum, g.doubles("half", {-0.5}, {1})}, "scaled"),
                    g.doubles("constant", constant, {K})},
                   "jll");
    } else {
        const Eigen::MatrixXd at = a->transpose();
        jll = g.op("Add",
                   {g.op("MatMul", {X, g.doubles("logprob", flatRowMajor(at), {F, K})}, "xa"),
                    g.doubles("prior", std::vector<double>(prior->data(), prior->data() + K), {K})},
                   "jll");
    }
    softmaxOutputs(g, p, jll);
    return true;
}

// The multi-layer perceptron: per layer h = f(h · W + b) (W is fan_in × fan_out), the hidden
// activation between layers; the output is identity (regression), the logistic (binary: one
// unit, class 1 when it is > 0.5) or softmax.
Result<bool> exportMlp(Graph &g, const ml::Pipeline &p, const ml::MlpModel &m, const Name &X)
{
    const ml::MlpParameters &params = m.parameters();
    const ml::MlpSpec &spec = m.spec();
    const char *hidden = nullptr;
    switch (spec.hidden) {
    case ml::MlpActivation::Relu:
        hidden = "Relu";
        break;
    case ml::MlpActivation::Tanh:
        hidden = "Tanh";
        break;
    case ml::MlpActivation::Logistic:
        hidden = "Sigmoid";
        break;
    case ml::MlpActivation::Identity:
        break;
    }
    Name h = X;
    for (int layer = 0; layer < params.layerCount(); ++layer) {
        const Eigen::MatrixXd w = params.weights(layer);
        const Eigen::VectorXd b = params.biases(layer);
        const Name weights = g.doubles("weights", flatRowMajor(w), {w.rows(), w.cols()});
        const Name bias =
            g.doubles("bias", std::vector<double>(b.data(), b.data() + b.size()), {b.size()});
        h = g.op("Add", {g.op("MatMul", {h, weights}, "hw"), bias}, "z");
        if (layer + 1 < params.layerCount() && hidden)
            h = g.op(hidden, {h}, "h");
    }
    const std::int64_t outputs = params.units().back();
    switch (spec.output) {
    case ml::MlpOutput::Identity:
        if (p.task != ml::Task::Regression)
            return Error{QStringLiteral("mlp: an identity output for classification")};
        publish(g, squeeze(g, h), kPrediction, TensorProto::DOUBLE, {kBatch});
        return true;
    case ml::MlpOutput::Logistic: {
        const Name p1 = g.op("Sigmoid", {h}, "p1");
        const Name p0 = g.op("Sub", {g.doubles("one", {1.0}, {1}), p1}, "p0");
        const Name proba = g.fresh("proba");
        setInt(g.node("Concat", {p0, p1}, {proba}), "axis", 1);
        publish(g, proba, kProbabilities, TensorProto::DOUBLE, {kBatch, 2});
        const Name above = g.op("Greater", {p1, g.doubles("half", {0.5}, {1})}, "positive");
        labels(g, p, squeeze(g, g.cast(above, TensorProto::INT64)));
        return true;
    }
    case ml::MlpOutput::Softmax: {
        const Name proba = g.fresh("proba");
        setInt(g.node("Softmax", {h}, {proba}), "axis", 1);
        publish(g, proba, kProbabilities, TensorProto::DOUBLE, {kBatch, outputs});
        labels(g, p, argmax(g, proba));
        return true;
    }
    }
    return Error{QStringLiteral("mlp: unknown output layer")};
}

bool isLinear(const QString &algorithm)
{
    static const QStringList ids = {QStringLiteral("linear_regression"),
                                    QStringLiteral("ridge"),
                                    QStringLiteral("lasso"),
                                    QStringLiteral("elastic_net"),
                                    QStringLiteral("logistic_regression"),
                                    QStringLiteral("linear_svm")};
    return ids.contains(algorithm);
}

} // namespace

void claimOutputNames(Graph &graph)
{
    for (const Name &n : {kLabel, kProbabilities, kScores, kPrediction})
        graph.claim(n);
}

QString estimatorProblem(const ml::Pipeline &p)
{
    if (p.task != ml::Task::Classification && p.task != ml::Task::Regression)
        return QStringLiteral("%1: %2 models are not exported to ONNX (only classification and "
                              "regression)")
            .arg(p.algorithm, ml::taskName(p.task));
    if (isLinear(p.algorithm) || p.algorithm == QLatin1String("naive_bayes") ||
        dynamic_cast<const ml::MlpModel *>(p.model.get()))
        return {};
    if (dynamic_cast<const ml::TreeEnsembleModel *>(p.model.get()) ||
        dynamic_cast<const ml::BoostedTreesModel *>(p.model.get()))
        return {};
    if (p.algorithm == QLatin1String("knn"))
        return QStringLiteral("knn: not supported by the ONNX exporter yet (the graph would carry "
                              "the whole training set, and ONNX's TopK breaks distance ties "
                              "differently from ours)");
    return QStringLiteral("%1: not supported by the ONNX exporter yet").arg(p.algorithm);
}

Result<bool> exportEstimator(Graph &g, const ml::Pipeline &p, const Name &X)
{
    if (const QString why = estimatorProblem(p); !why.isEmpty())
        return Error{why};
    if (isLinear(p.algorithm))
        return exportLinear(g, p, X);
    if (p.algorithm == QLatin1String("naive_bayes"))
        return exportNaiveBayes(g, p, X);
    if (const auto *mlp = dynamic_cast<const ml::MlpModel *>(p.model.get()))
        return exportMlp(g, p, *mlp, X);
    if (const auto *forest = dynamic_cast<const ml::TreeEnsembleModel *>(p.model.get()))
        return exportForest(g, p, *forest, X);
    return exportBoosting(g, p, static_cast<const ml::BoostedTreesModel &>(*p.model), X);
}

} // namespace flowline::core::artifact::onnx_export

#include "BoostedTrees.h"

#include "ModelJson.h"
#include "jobs/Parallel.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("gradient_boosting");
constexpr int kMaxTrees = 1 << 20;
constexpr int kMaxNodes = 1 << 24;

// rows × outputs raw scores: baseline plus every tree of each output, in parallel over row blocks.
Eigen::MatrixXd rawScores(const Eigen::MatrixXd &X, const Eigen::VectorXd &baseline,
                          const std::vector<BoostTree> &trees, JobContext &ctx)
{
    const int k = int(baseline.size());
    Eigen::MatrixXd raw(X.rows(), k);
    for (int j = 0; j < k; ++j)
        raw.col(j).setConstant(baseline[j]);
    constexpr Eigen::Index kBlock = 1024;
    const Eigen::Index blocks = (X.rows() + kBlock - 1) / kBlock;
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock, end = std::min(X.rows(), begin + kBlock);
        for (std::size_t t = 0; t < trees.size(); ++t) {
            double *out = raw.col(Eigen::Index(t % std::size_t(k))).data();
            for (Eigen::Index r = begin; r < end; ++r)
                out[r] += trees[t].predictRow(X, r);
        }
    });
    return raw;
}

QJsonObject treeToJson(const BoostTree &t)
{
    return QJsonObject{{QStringLiteral("feature"), intsToJson(t.feature)},
                       {QStringLiteral("threshold"), vectorToJson(t.threshold)},
                       {QStringLiteral("left"), intsToJson(t.left)},
                       {QStringLiteral("right"), intsToJson(t.right)},
                       {QStringLiteral("value"), vectorToJson(t.value)}};
}

Result<BoostTree> treeFromJson(const QJsonValue &json, int featureCount)
{
    const QJsonObject o = json.toObject();
    const QJsonArray features = o.value(QStringLiteral("feature")).toArray();
    if (!json.isObject() || features.isEmpty() || features.size() > kMaxNodes)
        return Error{
            QStringLiteral("model field 'trees': a tree needs 1 to %1 nodes").arg(kMaxNodes)};
    const Eigen::Index n = features.size();
    BoostTree t;
    auto feature = intsFromJson(o.value(QStringLiteral("feature")), QStringLiteral("feature"), n);
    auto threshold =
        stdVectorFromJson(o.value(QStringLiteral("threshold")), QStringLiteral("threshold"), n);
    auto left = intsFromJson(o.value(QStringLiteral("left")), QStringLiteral("left"), n);
    auto right = intsFromJson(o.value(QStringLiteral("right")), QStringLiteral("right"), n);
    auto value = stdVectorFromJson(o.value(QStringLiteral("value")), QStringLiteral("value"), n);
    if (!feature)
        return feature.error();
    if (!threshold)
        return threshold.error();
    if (!left)
        return left.error();
    if (!right)
        return right.error();
    if (!value)
        return value.error();
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto f = (*feature)[std::size_t(i)];
        const auto l = (*left)[std::size_t(i)], r = (*right)[std::size_t(i)];
        const bool leaf = f == -1 && l == -1 && r == -1;
        // Children after their parent: no cycles, and every walk ends at a leaf.
        const bool split = f >= 0 && f < featureCount && l > i && l < n && r > i && r < n;
        if (!leaf && !split)
            return Error{QStringLiteral("model field 'trees': node %1 is malformed").arg(i)};
    }
    t.feature = std::move(*feature);
    t.threshold = std::move(*threshold);
    t.left = std::move(*left);
    t.right = std::move(*right);
    t.value = std::move(*value);
    return t;
}

} // namespace

double BoostTree::predictRow(const Eigen::MatrixXd &X, Eigen::Index row) const
{
    std::size_t node = 0;
    while (feature[node] >= 0)
        node = std::size_t(X(row, feature[node]) <= threshold[node] ? left[node] : right[node]);
    return value[node];
}

BoostedTreesModel::BoostedTreesModel(Task task, int featureCount, int classCount,
                                     Eigen::VectorXd baseline, std::vector<BoostTree> trees,
                                     BoostingSummary summary)
    : m_task(task)
    , m_featureCount(featureCount)
    , m_classCount(classCount)
    , m_baseline(std::move(baseline))
    , m_trees(std::move(trees))
    , m_summary(std::move(summary))
{}

QString BoostedTreesModel::algorithm() const
{
    return kId;
}

Eigen::MatrixXd BoostedTreesModel::decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    return rawScores(X, m_baseline, m_trees, ctx);
}

Eigen::MatrixXd BoostedTreesModel::predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    if (m_task != Task::Classification)
        return {};
    const Eigen::MatrixXd raw = rawScores(X, m_baseline, m_trees, ctx);
    Eigen::MatrixXd p(X.rows(), m_classCount);
    if (raw.cols() == 1) {
        for (Eigen::Index r = 0; r < X.rows(); ++r) {
            p(r, 1) = 1.0 / (1.0 + std::exp(-raw(r, 0)));
            p(r, 0) = 1.0 - p(r, 1);
        }
        return p;
    }
    for (Eigen::Index r = 0; r < X.rows(); ++r) {
        const double top = raw.row(r).maxCoeff();
        double sum = 0;
        for (Eigen::Index k = 0; k < raw.cols(); ++k)
            sum += (p(r, k) = std::exp(raw(r, k) - top));
        p.row(r) /= sum;
    }
    return p;
}

Eigen::VectorXd BoostedTreesModel::predict(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    const Eigen::MatrixXd raw = rawScores(X, m_baseline, m_trees, ctx);
    if (m_task != Task::Classification)
        return raw.col(0);
    Eigen::VectorXd out(X.rows());
    for (Eigen::Index r = 0; r < X.rows(); ++r) {
        if (raw.cols() == 1) {
            out[r] = raw(r, 0) > 0 ? 1 : 0;
        } else {
            Eigen::Index k = 0;
            raw.row(r).maxCoeff(&k); // the first largest, as numpy's argmax
            out[r] = double(k);
        }
    }
    return out;
}

Learned BoostedTreesModel::learned() const
{
    Learned l;
    l.importances = m_summary.importances;
    l.loss = m_summary.loss;
    l.validation = m_summary.validation;
    l.lossName = m_summary.lossName;
    if (!l.validation.empty())
        l.validationName = QStringLiteral("validation ") + m_summary.lossName;
    l.intercepts = m_baseline;
    l.extra = QJsonObject{{QStringLiteral("iterations"), m_summary.iterations},
                          {QStringLiteral("trees"), int(m_trees.size())},
                          {QStringLiteral("baseline_loss"), numberToJson(m_summary.baselineLoss)},
                          {QStringLiteral("split_counts"), intsToJson(m_summary.splitCounts)}};
    return l;
}

QJsonObject BoostedTreesModel::toJson() const
{
    QJsonArray trees;
    for (const BoostTree &t : m_trees)
        trees.append(treeToJson(t));
    return QJsonObject{{QStringLiteral("algorithm"), kId},
                       {QStringLiteral("task"), taskName(m_task)},
                       {QStringLiteral("feature_count"), m_featureCount},
                       {QStringLiteral("class_count"), m_classCount},
                       {QStringLiteral("baseline"), vectorToJson(m_baseline)},
                       {QStringLiteral("trees"), trees},
                       {QStringLiteral("loss"), vectorToJson(m_summary.loss)},
                       {QStringLiteral("validation"), vectorToJson(m_summary.validation)},
                       {QStringLiteral("loss_name"), m_summary.lossName},
                       {QStringLiteral("importances"), vectorToJson(m_summary.importances)},
                       {QStringLiteral("split_counts"), intsToJson(m_summary.splitCounts)},
                       {QStringLiteral("baseline_loss"), numberToJson(m_summary.baselineLoss)},
                       {QStringLiteral("iterations"), m_summary.iterations}};
}

Result<ModelPtr> BoostedTreesModel::fromJson(const QJsonObject &json)
{
    const QString taskText = json.value(QStringLiteral("task")).toString();
    Task task;
    if (taskText == taskName(Task::Regression))
        task = Task::Regression;
    else if (taskText == taskName(Task::Classification))
        task = Task::Classification;
    else
        return Error{QStringLiteral("model field 'task': expected regression or classification")};
    auto features = intFromJson(json, QStringLiteral("feature_count"), 1, kMaxNodes);
    auto classes = intFromJson(json, QStringLiteral("class_count"), 0, 1 << 16);
    auto iterations = intFromJson(json, QStringLiteral("iterations"), 0, kMaxTrees);
    if (!features)
        return features.error();
    if (!classes)
        return classes.error();
    if (!iterations)
        return iterations.error();
    if ((task == Task::Classification) != (*classes >= 2))
        return Error{QStringLiteral("model field 'class_count': does not fit the task")};
    const int outputs = *classes > 2 ? int(*classes) : 1;
    auto baseline =
        vectorFromJson(json.value(QStringLiteral("baseline")), QStringLiteral("baseline"), outputs);
    if (!baseline)
        return baseline.error();
    if (!json.value(QStringLiteral("trees")).isArray())
        return Error{QStringLiteral("model field 'trees': expected an array")};
    const QJsonArray treeArray = json.value(QStringLiteral("trees")).toArray();
    if (treeArray.size() > kMaxTrees || treeArray.size() % outputs != 0)
        return Error{
            QStringLiteral("model field 'trees': expected a multiple of %1 trees").arg(outputs)};
    std::vector<BoostTree> trees;
    for (const QJsonValue &t : treeArray) {
        auto tree = treeFromJson(t, int(*features));
        if (!tree)
            return tree.error();
        trees.push_back(std::move(*tree));
    }
    BoostingSummary s;
    s.iterations = int(*iterations);
    auto loss = stdVectorFromJson(json.value(QStringLiteral("loss")), QStringLiteral("loss"));
    auto validation =
        stdVectorFromJson(json.value(QStringLiteral("validation")), QStringLiteral("validation"));
    auto importances = vectorFromJson(json.value(QStringLiteral("importances")),
                                      QStringLiteral("importances"), *features);
    auto counts = intsFromJson(json.value(QStringLiteral("split_counts")),
                               QStringLiteral("split_counts"), *features);
    auto baseLoss = numberFromJson(json.value(QStringLiteral("baseline_loss")),
                                   QStringLiteral("baseline_loss"));
    if (!loss)
        return loss.error();
    if (!validation)
        return validation.error();
    if (!importances)
        return importances.error();
    if (!counts)
        return counts.error();
    if (!baseLoss)
        return baseLoss.error();
    s.loss = std::move(*loss);
    s.validation = std::move(*validation);
    s.importances = std::move(*importances);
    s.splitCounts = std::move(*counts);
    s.baselineLoss = *baseLoss;
    s.lossName = json.value(QStringLiteral("loss_name")).toString();
    return ModelPtr(std::make_shared<BoostedTreesModel>(
        task, int(*features), int(*classes), std::move(*baseline), std::move(trees), std::move(s)));
}

} // namespace flowline::core::ml

#include "TreeEnsembleModel.h"

#include "ModelJson.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <QJsonArray>

namespace flowline::core::ml {

TreeEnsembleModel::TreeEnsembleModel(QString algorithm, Task task, int featureCount, int classCount,
                                     std::vector<Tree> trees, Eigen::VectorXd importances,
                                     QJsonObject extra)
    : m_algorithm(std::move(algorithm))
    , m_task(task)
    , m_featureCount(featureCount)
    , m_classCount(classCount)
    , m_trees(std::move(trees))
    , m_importances(std::move(importances))
    , m_extra(std::move(extra))
{}

Eigen::MatrixXd TreeEnsembleModel::average(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    const int outputs = m_task == Task::Classification ? m_classCount : 1;
    const FloatRows rows = toFloatRows(X);
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(X.rows(), outputs);
    constexpr Eigen::Index kBlock = 1024;
    const Eigen::Index blocks = (X.rows() + kBlock - 1) / kBlock;
    const double scale = 1.0 / double(m_trees.size());
    // Tree by tree over a block of rows, so a tree's nodes stay in cache; each row still sums
    // its trees in order.
    parallelFor(ctx, blocks, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock;
        const Eigen::Index end = std::min<Eigen::Index>(X.rows(), begin + kBlock);
        for (const Tree &t : m_trees)
            for (Eigen::Index i = begin; i < end; ++i) {
                const double *v = t.valueOf(t.leaf(rows.data() + i * rows.cols()));
                for (int k = 0; k < outputs; ++k)
                    out(i, k) += v[k];
            }
        out.middleRows(begin, end - begin) *= scale;
    });
    return out;
}

Eigen::VectorXd TreeEnsembleModel::predict(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    const Eigen::MatrixXd a = average(X, ctx);
    if (m_task != Task::Classification)
        return a.col(0);
    Eigen::VectorXd out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        Eigen::Index best = 0;
        a.row(i).maxCoeff(&best); // the first maximum on ties, as numpy's argmax
        out[i] = double(best);
    }
    return out;
}

Eigen::MatrixXd TreeEnsembleModel::predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    if (m_task != Task::Classification)
        return {};
    return average(X, ctx);
}

QJsonObject treeShape(const std::vector<Tree> &trees)
{
    double nodes = 0, leaves = 0;
    int depth = 0;
    for (const Tree &t : trees) {
        nodes += t.nodeCount();
        leaves += t.leafCount();
        depth = std::max(depth, t.depth());
    }
    return QJsonObject{{QStringLiteral("trees"), double(trees.size())},
                       {QStringLiteral("node_count"), nodes},
                       {QStringLiteral("leaf_count"), leaves},
                       {QStringLiteral("depth"), depth}};
}

Learned TreeEnsembleModel::learned() const
{
    Learned l;
    l.importances = m_importances;
    l.extra = treeShape(m_trees);
    for (auto it = m_extra.begin(); it != m_extra.end(); ++it)
        l.extra.insert(it.key(), it.value());
    return l;
}

QJsonObject TreeEnsembleModel::toJson() const
{
    QJsonArray trees;
    for (const Tree &t : m_trees)
        trees.append(t.toJson());
    return QJsonObject{{QStringLiteral("algorithm"), m_algorithm},
                       {QStringLiteral("task"), taskName(m_task)},
                       {QStringLiteral("features"), m_featureCount},
                       {QStringLiteral("classes"), m_classCount},
                       {QStringLiteral("trees"), trees},
                       {QStringLiteral("importances"), vectorToJson(m_importances)},
                       {QStringLiteral("extra"), m_extra}};
}

Result<ModelPtr> TreeEnsembleModel::fromJson(const QJsonObject &json)
{
    auto parsedTask = supervisedTaskFromJson(json);
    if (!parsedTask)
        return parsedTask.error();
    const Task task = *parsedTask;
    auto features = intFromJson(json, QStringLiteral("features"), 1, 1 << 24);
    if (!features)
        return features.error();
    auto classes = classCountFromJson(json, task, 1 << 16);
    if (!classes)
        return classes.error();
    const QJsonValue treesJson = json.value(QStringLiteral("trees"));
    if (!treesJson.isArray() || treesJson.toArray().isEmpty() ||
        treesJson.toArray().size() > 100000)
        return Error{QStringLiteral("model field 'trees': expected 1 to 100000 trees")};
    const int outputs = task == Task::Classification ? int(*classes) : 1;
    std::vector<Tree> trees;
    const QJsonArray arr = treesJson.toArray();
    for (qsizetype i = 0; i < arr.size(); ++i) {
        auto t =
            Tree::fromJson(arr[i], int(*features), outputs, QStringLiteral("trees[%1]").arg(i));
        if (!t)
            return t.error();
        trees.push_back(std::move(*t));
    }
    auto imp = vectorFromJson(json.value(QStringLiteral("importances")),
                              QStringLiteral("importances"), *features);
    if (!imp)
        return imp.error();
    return ModelPtr(std::make_shared<TreeEnsembleModel>(
        json.value(QStringLiteral("algorithm")).toString(), task, int(*features), int(*classes),
        std::move(trees), std::move(*imp), json.value(QStringLiteral("extra")).toObject()));
}

} // namespace flowline::core::ml

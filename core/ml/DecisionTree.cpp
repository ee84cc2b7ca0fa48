#include "DecisionTree.h"

#include "TreeEnsembleModel.h"
#include "TreeParams.h"
#include "jobs/JobContext.h"

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("decision_tree");

Result<ModelPtr> fitDecisionTree(const Dataset &data, const Params &params, Task task,
                                 JobContext &ctx)
{
    if (task != Task::Classification && task != Task::Regression)
        return Error{QStringLiteral("a decision tree does classification or regression")};
    if (data.rows() < 1 || data.cols() < 1)
        return Error{QStringLiteral("a decision tree needs at least one row and one feature")};
    if (data.rows() >= (std::int64_t(1) << 32))
        return Error{QStringLiteral("too many rows for a decision tree")};
    auto settings = cartSettings(params, task, int(data.cols()));
    if (!settings)
        return settings.error();
    ctx.setProgress(0.0, QStringLiteral("growing the tree"));
    const TreeData treeData = TreeData::from(data, task);
    std::vector<double> weight(std::size_t(data.rows()), 1.0);
    if (data.weighted())
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            weight[std::size_t(i)] = data.weight[i];
    BuiltTree built = buildTree(treeData, weight, *settings, mixSeed(ctx.seed(), 0));
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    ctx.setProgress(1.0);
    std::vector<Tree> trees;
    trees.push_back(std::move(built.tree));
    return ModelPtr(std::make_shared<TreeEnsembleModel>(
        kId, task, int(data.cols()), task == Task::Classification ? data.classCount : 0,
        std::move(trees), std::move(built.importances), QJsonObject{}));
}

} // namespace

EstimatorInfo decisionTreeEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Decision tree");
    e.help = QStringLiteral(
        "A single tree of yes/no questions on the features (scikit-learn's "
        "DecisionTreeClassifier / DecisionTreeRegressor, CART). Easy to read and needs no "
        "scaling, but overfits unless limited by max_depth, min_samples_leaf or "
        "max_leaf_nodes.");
    e.tasks = {Task::Classification, Task::Regression};
    e.params = cartParams(
        QStringLiteral("all"),
        QStringLiteral("Features tried at each split: all (default), sqrt, log2, a fraction "
                       "such as 0.5, or a count such as 3. Fewer features make a more random "
                       "tree."));
    e.params.push_back(classWeightParam());
    e.fit = fitDecisionTree;
    e.fromJson = [](const QJsonObject &json) { return TreeEnsembleModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

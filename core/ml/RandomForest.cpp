#include "RandomForest.h"

#include "ModelJson.h"
#include "TreeEnsembleModel.h"
#include "TreeParams.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "util/SplitMix64.h"

#include <atomic>
#include <cmath>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("random_forest");

// How many times each row is drawn into tree `index`'s bootstrap sample (scikit-learn draws
// n_samples_bootstrap rows with replacement).
std::vector<std::uint32_t> bootstrapCounts(std::uint64_t seed, std::int64_t rows,
                                           std::int64_t draws)
{
    SplitMix64 rng{seed};
    std::vector<std::uint32_t> counts(std::size_t(rows), 0);
    for (std::int64_t i = 0; i < draws; ++i)
        ++counts[std::size_t(rng.below(std::uint64_t(rows)))];
    return counts;
}

struct Oob
{
    double score = 0;
    Eigen::MatrixXd prediction; // rows × outputs
    std::int64_t neverOut = 0;
};

// Out-of-bag predictions as scikit-learn: each row averages the trees whose bootstrap left it
// out (a row no tree left out gets zeros), then accuracy / R² against the target (unweighted).
Oob outOfBag(const Dataset &data, Task task, const std::vector<Tree> &trees,
             const std::vector<std::vector<std::uint64_t>> &inBag, JobContext &ctx)
{
    const int outputs = task == Task::Classification ? data.classCount : 1;
    const FloatRows rows = toFloatRows(data.X);
    Oob oob;
    oob.prediction = Eigen::MatrixXd::Zero(data.rows(), outputs);
    std::vector<std::int32_t> used(std::size_t(data.rows()), 0);
    constexpr Eigen::Index kBlock = 1024;
    parallelFor(ctx, (data.rows() + kBlock - 1) / kBlock, [&](std::int64_t b) {
        const Eigen::Index begin = b * kBlock;
        const Eigen::Index end = std::min<Eigen::Index>(data.rows(), begin + kBlock);
        for (std::size_t t = 0; t < trees.size(); ++t)
            for (Eigen::Index i = begin; i < end; ++i) {
                if (inBag[t][std::size_t(i) / 64] >> (std::size_t(i) % 64) & 1u)
                    continue;
                const double *v = trees[t].valueOf(trees[t].leaf(rows.data() + i * rows.cols()));
                for (int k = 0; k < outputs; ++k)
                    oob.prediction(i, k) += v[k];
                ++used[std::size_t(i)];
            }
        for (Eigen::Index i = begin; i < end; ++i)
            if (used[std::size_t(i)] > 0)
                oob.prediction.row(i) /= double(used[std::size_t(i)]);
    });
    for (std::int32_t u : used)
        oob.neverOut += u == 0;
    if (task == Task::Classification) {
        std::int64_t right = 0;
        for (Eigen::Index i = 0; i < data.rows(); ++i) {
            Eigen::Index best = 0;
            oob.prediction.row(i).maxCoeff(&best);
            right += double(best) == data.y[i];
        }
        oob.score = double(right) / double(data.rows());
    } else {
        const double mean = data.y.mean();
        const double ssRes = (data.y - oob.prediction.col(0)).squaredNorm();
        const double ssTot = (data.y.array() - mean).square().sum();
        oob.score = ssTot > 0 ? 1.0 - ssRes / ssTot : (ssRes == 0 ? 1.0 : 0.0);
    }
    return oob;
}

Result<ModelPtr> fitRandomForest(const Dataset &data, const Params &params, Task task,
                                 JobContext &ctx)
{
    if (task != Task::Classification && task != Task::Regression)
        return Error{QStringLiteral("a random forest does classification or regression")};
    if (data.rows() < 1 || data.cols() < 1)
        return Error{QStringLiteral("a random forest needs at least one row and one feature")};
    if (data.rows() >= (std::int64_t(1) << 32))
        return Error{QStringLiteral("too many rows for a random forest")};
    auto settings = cartSettings(params, task, int(data.cols()));
    if (!settings)
        return settings.error();
    const int treeCount = int(params.integer(QStringLiteral("n_estimators")));
    const bool bootstrap = params.flag(QStringLiteral("bootstrap"));
    const bool wantOob = params.flag(QStringLiteral("oob_score"));
    if (wantOob && !bootstrap)
        return Error{QStringLiteral("parameter 'oob_score': needs bootstrap on")};
    const double maxSamples = params.real(QStringLiteral("max_samples"));
    if (maxSamples < 1.0 && !bootstrap)
        return Error{QStringLiteral("parameter 'max_samples': only applies with bootstrap on")};
    const std::int64_t draws =
        std::max<std::int64_t>(1, std::llround(double(data.rows()) * maxSamples));

    const TreeData treeData = TreeData::from(data, task);
    std::vector<Tree> trees(static_cast<std::size_t>(treeCount));
    std::vector<Eigen::VectorXd> importances(static_cast<std::size_t>(treeCount));
    std::vector<std::vector<std::uint64_t>> inBag(wantOob ? std::size_t(treeCount) : 0);
    std::atomic<int> done{0};
    ctx.setProgress(0.0, QStringLiteral("growing trees"));
    parallelFor(ctx, treeCount, [&](std::int64_t t) {
        const std::uint64_t seed = mixSeed(ctx.seed(), std::uint64_t(t));
        std::vector<double> weight(std::size_t(data.rows()), 1.0);
        if (data.weighted())
            for (Eigen::Index i = 0; i < data.rows(); ++i)
                weight[std::size_t(i)] = data.weight[i];
        if (bootstrap) {
            const auto counts = bootstrapCounts(mixSeed(seed, 1), data.rows(), draws);
            for (std::size_t i = 0; i < counts.size(); ++i)
                weight[i] *= counts[i];
            if (wantOob) {
                auto &bits = inBag[std::size_t(t)];
                bits.assign((counts.size() + 63) / 64, 0);
                for (std::size_t i = 0; i < counts.size(); ++i)
                    if (counts[i] > 0)
                        bits[i / 64] |= std::uint64_t(1) << (i % 64);
            }
        }
        BuiltTree built = buildTree(treeData, weight, *settings, mixSeed(seed, 2));
        trees[std::size_t(t)] = std::move(built.tree);
        importances[std::size_t(t)] = std::move(built.importances);
        const int n = ++done;
        ctx.setProgress(0.95 * n / treeCount,
                        QStringLiteral("tree %1 of %2").arg(n).arg(treeCount));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};

    // Mean of the importances of the trees that split at all, renormalised (scikit-learn).
    Eigen::VectorXd imp = Eigen::VectorXd::Zero(data.cols());
    int splitting = 0;
    for (int t = 0; t < treeCount; ++t)
        if (trees[std::size_t(t)].nodeCount() > 1) {
            imp += importances[std::size_t(t)];
            ++splitting;
        }
    if (splitting > 0) {
        imp /= double(splitting);
        if (imp.sum() > 0)
            imp /= imp.sum();
    }

    QJsonObject extra;
    if (wantOob) {
        ctx.setProgress(0.95, QStringLiteral("out-of-bag score"));
        const Oob oob = outOfBag(data, task, trees, inBag, ctx);
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        if (oob.neverOut > 0)
            ctx.log(QStringLiteral("%1 rows were in every bootstrap sample: too few trees for a "
                                   "reliable out-of-bag score")
                        .arg(oob.neverOut));
        extra.insert(QStringLiteral("oob_score"), oob.score);
        if (task == Task::Classification)
            extra.insert(QStringLiteral("oob_decision_function"), matrixToJson(oob.prediction));
        else
            extra.insert(QStringLiteral("oob_prediction"),
                         vectorToJson(Eigen::VectorXd(oob.prediction.col(0))));
    }
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<TreeEnsembleModel>(
        kId, task, int(data.cols()), task == Task::Classification ? data.classCount : 0,
        std::move(trees), std::move(imp), std::move(extra)));
}

} // namespace

EstimatorInfo randomForestEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Random forest");
    e.help = QStringLiteral(
        "Many decision trees, each grown on a bootstrap sample of the rows and trying a random "
        "subset of the features at each split, averaged (scikit-learn's "
        "RandomForestClassifier / RandomForestRegressor). Strong out of the box, needs no "
        "scaling, reports feature importances and, optionally, an out-of-bag score.");
    e.tasks = {Task::Classification, Task::Regression};
    e.params = {ParamInfo{QStringLiteral("n_estimators"), QStringLiteral("Trees"),
                          QStringLiteral("How many trees to grow (default 100)."), ParamKind::Int,
                          100, 1.0, 100000.0}};
    const std::vector<ParamInfo> cart = cartParams(
        QStringLiteral("auto"),
        QStringLiteral("Features tried at each split. auto (default): sqrt for classification, "
                       "all for regression (scikit-learn 1.2's defaults); or sqrt, log2, all, a "
                       "fraction such as 0.5, or a count such as 3."));
    e.params.insert(e.params.end(), cart.begin(), cart.end());
    e.params.push_back(ParamInfo{QStringLiteral("bootstrap"), QStringLiteral("Bootstrap"),
                                 QStringLiteral("Grow each tree on rows drawn with replacement "
                                                "(default: on). Off: every tree sees all rows."),
                                 ParamKind::Bool, true});
    e.params.push_back(ParamInfo{QStringLiteral("max_samples"),
                                 QStringLiteral("Bootstrap sample size"),
                                 QStringLiteral("Rows drawn per tree, as a fraction of the "
                                                "training rows (default 1: as many as there are)."),
                                 ParamKind::Double, 1.0, 1e-9, 1.0});
    e.params.push_back(ParamInfo{QStringLiteral("oob_score"), QStringLiteral("Out-of-bag score"),
                                 QStringLiteral("Score each row with the trees that did not see "
                                                "it (accuracy or R²; default: off)."),
                                 ParamKind::Bool, false});
    e.params.push_back(classWeightParam());
    e.fit = fitRandomForest;
    e.fromJson = [](const QJsonObject &json) { return TreeEnsembleModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

#include "GradientBoosting.h"

#include "BoostedTrees.h"
#include "BoostingLoss.h"
#include "HistBinning.h"
#include "HistTreeGrower.h"
#include "jobs/JobContext.h"
#include "util/SplitMix64.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("gradient_boosting");

void shuffle(std::vector<Eigen::Index> &v, SplitMix64 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[std::size_t(rng.below(i))]);
}

// A seeded split into training and validation rows, stratified by class for classification,
// with ceil(fraction · n) validation rows as scikit-learn's train_test_split. Classes share the
// validation rows in proportion (largest remainders first). Both lists come back in row order.
void validationSplit(const Dataset &data, Task task, double fraction, std::uint64_t seed,
                     std::vector<Eigen::Index> &train, std::vector<Eigen::Index> &validation)
{
    const Eigen::Index n = data.rows();
    const auto nVal = Eigen::Index(std::ceil(fraction * double(n)));
    SplitMix64 rng{seed ^ 0x76616C69ULL};
    std::vector<std::vector<Eigen::Index>> groups(
        task == Task::Classification ? std::size_t(data.classCount) : 1);
    for (Eigen::Index i = 0; i < n; ++i)
        groups[task == Task::Classification ? std::size_t(data.y[i]) : 0].push_back(i);
    std::vector<Eigen::Index> take(groups.size());
    std::vector<std::pair<double, std::size_t>> remainders;
    Eigen::Index given = 0;
    for (std::size_t c = 0; c < groups.size(); ++c) {
        const double share = double(nVal) * double(groups[c].size()) / double(n);
        take[c] = Eigen::Index(std::floor(share));
        given += take[c];
        remainders.push_back({-(share - double(take[c])), c});
    }
    std::stable_sort(remainders.begin(), remainders.end());
    for (std::size_t i = 0; given < nVal && i < remainders.size(); ++i, ++given)
        ++take[remainders[i].second];
    std::vector<char> isVal(std::size_t(n), 0);
    for (std::size_t c = 0; c < groups.size(); ++c) {
        shuffle(groups[c], rng);
        for (Eigen::Index i = 0; i < take[c]; ++i)
            isVal[std::size_t(groups[c][std::size_t(i)])] = 1;
    }
    for (Eigen::Index i = 0; i < n; ++i)
        (isVal[std::size_t(i)] ? validation : train).push_back(i);
}

// scikit-learn's _should_stop on losses: stop when none of the last `patience` losses is below
// the one before them minus tol.
bool shouldStop(const std::vector<double> &losses, int patience, double tol)
{
    if (int(losses.size()) < patience + 1)
        return false;
    const double reference = losses[losses.size() - std::size_t(patience) - 1] - tol;
    for (std::size_t i = losses.size() - std::size_t(patience); i < losses.size(); ++i)
        if (losses[i] < reference)
            return false;
    return true;
}

Result<ModelPtr> fitGradientBoosting(const Dataset &data, const Params &params, Task task,
                                     JobContext &ctx)
{
    const Eigen::Index n = data.rows();
    const int d = int(data.cols());
    if (n < 2 || d < 1)
        return Error{QStringLiteral("gradient boosting needs at least two rows and one feature")};
    if (data.y.size() != n || (data.weighted() && data.weight.size() != n))
        return Error{QStringLiteral("gradient boosting: target or weights do not match the rows")};
    if (n > Eigen::Index(0xFFFFFFFFLL))
        return Error{QStringLiteral("gradient boosting: more than 2^32 - 1 rows")};
    if (task == Task::Classification && data.classCount < 2)
        return Error{QStringLiteral("gradient boosting needs at least two classes")};
    const QString stopping = params.text(QStringLiteral("early_stopping"));
    const bool early =
        stopping == QLatin1String("on") || (stopping == QLatin1String("auto") && n > 10000);
    const int maxIter = int(params.integer(QStringLiteral("max_iter")));
    const int patience = int(params.integer(QStringLiteral("n_iter_no_change")));
    const double tol = params.real(QStringLiteral("tol"));
    GrowerParams gp;
    gp.maxLeafNodes = int(params.integer(QStringLiteral("max_leaf_nodes")));
    gp.maxDepth = int(params.integer(QStringLiteral("max_depth")));
    gp.minSamplesLeaf = int(params.integer(QStringLiteral("min_samples_leaf")));
    gp.l2 = params.real(QStringLiteral("l2_regularization"));
    gp.minHessian = params.real(QStringLiteral("min_child_weight"));
    gp.shrinkage = params.real(QStringLiteral("learning_rate"));

    if (gp.maxLeafNodes == 1)
        return Error{QStringLiteral("gradient boosting: max_leaf_nodes must be 0 (no limit) or "
                                    "at least 2")};
    std::vector<Eigen::Index> trainRows, valRows;
    if (early) {
        validationSplit(data, task, params.real(QStringLiteral("validation_fraction")), ctx.seed(),
                        trainRows, valRows);
        if (trainRows.size() < 2 || valRows.empty())
            return Error{QStringLiteral("gradient boosting: too few rows for a validation split; "
                                        "turn early stopping off")};
    } else {
        trainRows.resize(std::size_t(n));
        std::iota(trainRows.begin(), trainRows.end(), Eigen::Index(0));
    }
    ctx.setProgress(0.0, QStringLiteral("binning features"));
    const HistBinning binning = HistBinning::fit(
        data.X, trainRows, int(params.integer(QStringLiteral("max_bins"))), ctx.seed(), ctx);
    const BinnedMatrix train =
        binning.transform(data.X, early ? trainRows : std::vector<Eigen::Index>{}, ctx);
    const BinnedMatrix val = early ? binning.transform(data.X, valRows, ctx) : BinnedMatrix{};
    auto take = [&](const std::vector<Eigen::Index> &rows, const Eigen::VectorXd &v) {
        std::vector<double> out;
        if (v.size() > 0)
            for (Eigen::Index r : rows)
                out.push_back(v[r]);
        return out;
    };
    const std::vector<double> yTrain = take(trainRows, data.y), yVal = take(valRows, data.y);
    const std::vector<double> wTrain = take(trainRows, data.weight),
                              wVal = take(valRows, data.weight);

    const BoostingLoss loss(task == Task::Regression ? BoostingLoss::Kind::SquaredError
                            : data.classCount == 2   ? BoostingLoss::Kind::Binary
                                                     : BoostingLoss::Kind::Multinomial,
                            data.classCount);
    const int K = loss.outputs();
    const Eigen::VectorXd baseline = loss.baseline(yTrain, wTrain);
    const auto nTrain = Eigen::Index(trainRows.size()), nVal = Eigen::Index(valRows.size());
    std::vector<double> raw(std::size_t(nTrain * K)), rawVal(std::size_t(nVal * K));
    for (int k = 0; k < K; ++k) {
        std::fill_n(raw.begin() + k * nTrain, nTrain, baseline[k]);
        std::fill_n(rawVal.begin() + k * nVal, nVal, baseline[k]);
    }
    std::vector<float> g, h;
    std::vector<BoostTree> trees;
    BoostingSummary summary;
    summary.lossName = loss.name();
    std::vector<double> gains(std::size_t(d), 0.0);
    summary.splitCounts.assign(std::size_t(d), 0);
    std::vector<double> valLosses;
    if (early)
        valLosses.push_back(loss.loss(yVal, wVal, rawVal, ctx));
    HistTreeGrower grower(train, binning, gp);
    for (int it = 0; it < maxIter; ++it) {
        // The training loss at the current scores comes with the gradients.
        const double trainLoss = loss.gradients(yTrain, wTrain, raw, g, h, ctx);
        if (it == 0)
            summary.baselineLoss = trainLoss;
        else
            summary.loss.push_back(trainLoss);
        for (int k = 0; k < K; ++k) {
            GrownTree grown = grower.grow(g.data() + k * nTrain, h.data() + k * nTrain, ctx);
            if (ctx.isCanceled())
                return Error{QStringLiteral("canceled")};
            for (int node = 0; node < grown.tree.size(); ++node) {
                const int f = grown.tree.feature[std::size_t(node)];
                if (f < 0)
                    continue;
                grown.tree.threshold[std::size_t(node)] =
                    binning.thresholds(f)[grown.binThreshold[std::size_t(node)]];
                gains[std::size_t(f)] += grown.gain[std::size_t(node)];
                ++summary.splitCounts[std::size_t(f)];
            }
            grower.addLeafValues(raw.data() + k * nTrain, ctx);
            if (early)
                addBinnedPredictions(grown, val, rawVal.data() + k * nVal, ctx);
            trees.push_back(std::move(grown.tree));
        }
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        summary.iterations = it + 1;
        ctx.setProgress(double(it + 1) / double(maxIter),
                        QStringLiteral("iteration %1 of %2").arg(it + 1).arg(maxIter));
        if (early) {
            valLosses.push_back(loss.loss(yVal, wVal, rawVal, ctx));
            summary.validation.push_back(valLosses.back());
            if (shouldStop(valLosses, patience, tol))
                break;
        }
    }
    summary.loss.push_back(loss.loss(yTrain, wTrain, raw, ctx));
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    const double totalGain = std::accumulate(gains.begin(), gains.end(), 0.0);
    summary.importances = Eigen::VectorXd::Zero(d);
    if (totalGain > 0)
        for (int f = 0; f < d; ++f)
            summary.importances[f] = gains[std::size_t(f)] / totalGain;
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<BoostedTreesModel>(
        task, d, task == Task::Classification ? data.classCount : 0, baseline, std::move(trees),
        std::move(summary)));
}

ParamInfo param(const char *key, const char *label, const char *help, ParamKind kind,
                QVariant value, std::optional<double> min, std::optional<double> max = {})
{
    return ParamInfo{QString::fromLatin1(key),
                     QString::fromLatin1(label),
                     QString::fromLatin1(help),
                     kind,
                     std::move(value),
                     min,
                     max};
}

} // namespace

EstimatorInfo gradientBoostingEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Gradient boosting");
    e.help = QStringLiteral(
        "Histogram gradient boosting (scikit-learn's HistGradientBoostingClassifier / "
        "HistGradientBoostingRegressor, LightGBM-style): each iteration adds small trees that "
        "correct the errors so far, grown on binned features. Usually the most accurate choice "
        "for tables, fast on large data, insensitive to feature scaling.");
    e.tasks = {Task::Classification, Task::Regression};
    e.scaleSensitive = false;
    e.params = {
        param("learning_rate", "Learning rate",
              "How much each tree's correction counts (default 0.1). Smaller: more iterations "
              "needed, often better generalisation.",
              ParamKind::Double, 0.1, 1e-12, 1e6),
        param("max_iter", "Iterations",
              "Boosting iterations: trees per output (default 100); fewer when early stopping "
              "ends training.",
              ParamKind::Int, 100, 1, 100000),
        param("max_leaf_nodes", "Maximum leaves",
              "Leaves per tree, grown best first (default 31; 0: no limit).", ParamKind::Int, 31, 0,
              1e6),
        param("max_depth", "Maximum depth",
              "Splits from the root to a leaf (default 0: no limit beyond the leaf count).",
              ParamKind::Int, 0, 0, 1000),
        param("min_samples_leaf", "Minimum rows per leaf",
              "A split must leave at least this many rows on each side (default 20).",
              ParamKind::Int, 20, 1, 1e9),
        param("l2_regularization", "L2 regularisation",
              "Added to the hessian sum in leaf values and split gains (default 0).",
              ParamKind::Double, 0.0, 0.0, 1e12),
        param("max_bins", "Maximum bins", "Quantile bins per feature, 2 to 255 (default 255).",
              ParamKind::Int, 255, 2, 255),
        ParamInfo{QStringLiteral("early_stopping"),
                  QStringLiteral("Early stopping"),
                  QStringLiteral("Hold out validation_fraction of the rows and stop when the "
                                 "validation loss has not improved by tol for n_iter_no_change "
                                 "iterations. auto (default): on above 10,000 rows."),
                  ParamKind::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  QStringList{QStringLiteral("auto"), QStringLiteral("on"), QStringLiteral("off")}},
        param("validation_fraction", "Validation fraction",
              "Share of rows held out for early stopping (default 0.1; stratified by class).",
              ParamKind::Double, 0.1, 1e-6, 0.999999),
        param("n_iter_no_change", "Patience",
              "Iterations without improvement before early stopping ends training (default 10).",
              ParamKind::Int, 10, 1, 100000),
        param("tol", "Tolerance",
              "Smallest validation loss decrease that counts as an improvement (default 1e-7).",
              ParamKind::Double, 1e-7, 0.0, 1e12),
        param("min_child_weight", "Minimum hessian per leaf",
              "A split must leave at least this hessian sum on each side (default 1e-3; "
              "scikit-learn's internal min_hessian_to_split).",
              ParamKind::Double, 1e-3, 0.0, 1e12),
        classWeightParam()};
    e.fit = fitGradientBoosting;
    e.fromJson = [](const QJsonObject &json) { return BoostedTreesModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

#include "TreeParams.h"

#include <cmath>

namespace flowline::core::ml {

std::vector<ParamInfo> cartParams(const QString &maxFeaturesDefault, const QString &maxFeaturesHelp)
{
    return {
        ParamInfo{QStringLiteral("criterion"),
                  QStringLiteral("Split criterion"),
                  QStringLiteral("How a split is scored. auto (default): gini for classification, "
                                 "squared_error for regression. gini / entropy / log_loss "
                                 "(the same as entropy) are for classification, squared_error "
                                 "(variance reduction) for regression."),
                  ParamKind::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  QStringList{QStringLiteral("auto"), QStringLiteral("gini"),
                              QStringLiteral("entropy"), QStringLiteral("log_loss"),
                              QStringLiteral("squared_error")}},
        ParamInfo{QStringLiteral("max_depth"), QStringLiteral("Maximum depth"),
                  QStringLiteral("The deepest a tree may grow; 0 (default): no limit, leaves "
                                 "grow until pure or too small to split."),
                  ParamKind::Int, 0, 0.0, 100000.0},
        ParamInfo{QStringLiteral("min_samples_split"), QStringLiteral("Minimum rows to split"),
                  QStringLiteral("A node with fewer rows is not split (default 2)."),
                  ParamKind::Int, 2, 2.0, 1e9},
        ParamInfo{QStringLiteral("min_samples_leaf"), QStringLiteral("Minimum rows per leaf"),
                  QStringLiteral("A split must leave at least this many rows on each side "
                                 "(default 1). Larger values smooth the model."),
                  ParamKind::Int, 1, 1.0, 1e9},
        ParamInfo{QStringLiteral("min_weight_fraction_leaf"),
                  QStringLiteral("Minimum weight fraction per leaf"),
                  QStringLiteral("A split must leave at least this fraction of the total sample "
                                 "weight on each side (default 0)."),
                  ParamKind::Double, 0.0, 0.0, 0.5},
        ParamInfo{QStringLiteral("max_features"), QStringLiteral("Features per split"),
                  maxFeaturesHelp, ParamKind::String, maxFeaturesDefault},
        ParamInfo{QStringLiteral("max_leaf_nodes"), QStringLiteral("Maximum leaves"),
                  QStringLiteral("0 (default): no limit. Otherwise the tree grows best-first "
                                 "(the split that lowers impurity most goes first) until it "
                                 "has this many leaves (at least 2)."),
                  ParamKind::Int, 0, 0.0, 1e9},
        ParamInfo{QStringLiteral("min_impurity_decrease"),
                  QStringLiteral("Minimum impurity decrease"),
                  QStringLiteral("A split must lower the weighted impurity by at least this much "
                                 "(as scikit-learn: weighted by the node's share of the weight; "
                                 "default 0)."),
                  ParamKind::Double, 0.0, 0.0, 1e300},
    };
}

Result<int> resolveMaxFeatures(const QString &rawText, Task task, int features)
{
    const QString text = rawText.trimmed().toLower();
    const auto atLeastOne = [](double x) { return std::max(1, int(x)); };
    if (text == QLatin1String("all") || text == QLatin1String("none") || text.isEmpty())
        return features;
    if (text == QLatin1String("auto"))
        return task == Task::Classification ? atLeastOne(std::sqrt(double(features))) : features;
    if (text == QLatin1String("sqrt"))
        return atLeastOne(std::sqrt(double(features)));
    if (text == QLatin1String("log2"))
        return atLeastOne(std::log2(double(features)));
    bool ok = false;
    const double x = text.toDouble(&ok);
    const auto bad = [&] {
        return Error{QStringLiteral("parameter 'max_features': '%1' is not sqrt, log2, all, auto, "
                                    "a fraction in (0, 1] or a feature count in [1, %2]")
                         .arg(rawText)
                         .arg(features)};
    };
    if (!ok || !std::isfinite(x))
        return bad();
    if (text.contains(QLatin1Char('.')) || text.contains(QLatin1Char('e'))) {
        if (x <= 0 || x > 1)
            return bad();
        return atLeastOne(x * features);
    }
    if (x < 1 || x > features || x != std::floor(x))
        return bad();
    return int(x);
}

Result<TreeSettings> cartSettings(const Params &params, Task task, int features)
{
    TreeSettings s;
    const QString c = params.text(QStringLiteral("criterion"));
    const bool classify = task == Task::Classification;
    if (c == QLatin1String("auto"))
        s.criterion = classify ? TreeCriterion::Gini : TreeCriterion::SquaredError;
    else if (c == QLatin1String("gini"))
        s.criterion = TreeCriterion::Gini;
    else if (c == QLatin1String("entropy") || c == QLatin1String("log_loss"))
        s.criterion = TreeCriterion::Entropy;
    else
        s.criterion = TreeCriterion::SquaredError;
    if (classify == (s.criterion == TreeCriterion::SquaredError))
        return Error{
            QStringLiteral("parameter 'criterion': '%1' does not suit %2").arg(c, taskName(task))};
    s.maxDepth = int(params.integer(QStringLiteral("max_depth")));
    s.minSamplesSplit = int(params.integer(QStringLiteral("min_samples_split")));
    s.minSamplesLeaf = int(params.integer(QStringLiteral("min_samples_leaf")));
    s.minWeightFractionLeaf = params.real(QStringLiteral("min_weight_fraction_leaf"));
    s.maxLeafNodes = int(params.integer(QStringLiteral("max_leaf_nodes")));
    if (s.maxLeafNodes == 1)
        return Error{QStringLiteral("parameter 'max_leaf_nodes': must be 0 (no limit) or >= 2")};
    s.minImpurityDecrease = params.real(QStringLiteral("min_impurity_decrease"));
    auto mf = resolveMaxFeatures(params.text(QStringLiteral("max_features")), task, features);
    if (!mf)
        return mf.error();
    s.maxFeatures = *mf;
    return s;
}

} // namespace flowline::core::ml

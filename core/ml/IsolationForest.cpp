#include "IsolationForest.h"

#include "ModelJson.h"
#include "Tree.h"
#include "TreeBuilder.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "util/SplitMix64.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <unordered_set>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("isolation_forest");
constexpr double kFeatureThreshold = 1e-7; // scikit-learn's: closer values are one value

// Grows one isolation tree on `samples` over the features in `features`; each leaf's value is
// its depth plus c(rows in the leaf), the path length a row reaching it is given.
Tree growIsolationTree(const TreeData &data, std::vector<std::uint32_t> samples,
                       std::vector<int> features, int maxDepth, SplitMix64 &rng)
{
    Tree tree;
    tree.outputs = 1;
    struct Pending
    {
        std::size_t start, end;
        int depth, parent;
        bool isLeft;
    };
    std::vector<Pending> stack{{0, samples.size(), 0, -1, true}};
    std::vector<std::uint32_t> tmp(samples.size());
    while (!stack.empty()) {
        const Pending rec = stack.back();
        stack.pop_back();
        const std::size_t n = rec.end - rec.start;
        const double leafValue = rec.depth + averagePathLength(double(n));
        const int id = tree.addNode(&leafValue);
        if (rec.parent >= 0)
            (rec.isLeft ? tree.left : tree.right)[std::size_t(rec.parent)] = id;
        if (rec.depth >= maxDepth || n < 2)
            continue;
        // Draw features until one is not constant here (scikit-learn's RandomSplitter with
        // max_features = 1).
        int remaining = int(features.size());
        int chosen = -1;
        float lo = 0, hi = 0;
        while (remaining > 0 && chosen < 0) {
            const int j = int(rng.below(std::uint64_t(remaining)));
            --remaining;
            std::swap(features[std::size_t(j)], features[std::size_t(remaining)]);
            const int f = features[std::size_t(remaining)];
            const float *col = data.column(f);
            lo = std::numeric_limits<float>::infinity();
            hi = -lo;
            for (std::size_t i = rec.start; i < rec.end; ++i) {
                lo = std::min(lo, col[samples[i]]);
                hi = std::max(hi, col[samples[i]]);
            }
            if (double(hi) > double(lo) + kFeatureThreshold)
                chosen = f;
        }
        if (chosen < 0)
            continue; // every feature is constant: identical rows
        double t = double(lo) + (double(hi) - double(lo)) * rng.uniform();
        if (t == double(hi))
            t = double(lo);
        const float *col = data.column(chosen);
        std::size_t nl = 0, nr = 0;
        for (std::size_t i = rec.start; i < rec.end; ++i) {
            const std::uint32_t s = samples[i];
            if (double(col[s]) <= t)
                samples[rec.start + nl++] = s;
            else
                tmp[nr++] = s;
        }
        std::copy(tmp.begin(), tmp.begin() + std::ptrdiff_t(nr),
                  samples.begin() + std::ptrdiff_t(rec.start + nl));
        tree.feature[std::size_t(id)] = chosen;
        tree.threshold[std::size_t(id)] = t;
        stack.push_back({rec.start + nl, rec.end, rec.depth + 1, id, false});
        stack.push_back({rec.start, rec.start + nl, rec.depth + 1, id, true});
    }
    return tree;
}

class IsolationForestModel : public Model
{
public:
    IsolationForestModel(int featureCount, std::vector<Tree> trees, double subsample,
                         double threshold, QJsonObject extra)
        : m_featureCount(featureCount)
        , m_trees(std::move(trees))
        , m_subsample(subsample)
        , m_threshold(threshold)
        , m_extra(std::move(extra))
    {}

    void setThreshold(double threshold) { m_threshold = threshold; }

    QString algorithm() const override { return kId; }
    Task task() const override { return Task::Anomaly; }
    int featureCount() const override { return m_featureCount; }

    // The anomaly score of each row: 2^(−mean path length / c(subsample)).
    Eigen::VectorXd scores(const Eigen::MatrixXd &X, JobContext &ctx) const
    {
        const FloatRows rows = toFloatRows(X);
        Eigen::VectorXd out(X.rows());
        const double norm = double(m_trees.size()) * averagePathLength(m_subsample);
        constexpr Eigen::Index kBlock = 1024;
        parallelFor(ctx, (X.rows() + kBlock - 1) / kBlock, [&](std::int64_t b) {
            const Eigen::Index begin = b * kBlock;
            const Eigen::Index end = std::min<Eigen::Index>(X.rows(), begin + kBlock);
            Eigen::VectorXd depth = Eigen::VectorXd::Zero(end - begin);
            for (const Tree &t : m_trees) // tree by tree: its nodes stay in cache
                for (Eigen::Index i = begin; i < end; ++i)
                    depth[i - begin] += *t.valueOf(t.leaf(rows.data() + i * rows.cols()));
            for (Eigen::Index i = begin; i < end; ++i)
                out[i] = std::exp2(-depth[i - begin] / norm);
        });
        return out;
    }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        const Eigen::VectorXd s = scores(X, ctx);
        return (s.array() > m_threshold).cast<double>();
    }
    Eigen::MatrixXd decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        return scores(X, ctx);
    }
    Learned learned() const override
    {
        Learned l;
        l.extra = m_extra;
        double nodes = 0;
        int depth = 0;
        for (const Tree &t : m_trees) {
            nodes += t.nodeCount();
            depth = std::max(depth, t.depth());
        }
        l.extra.insert(QStringLiteral("trees"), double(m_trees.size()));
        l.extra.insert(QStringLiteral("node_count"), nodes);
        l.extra.insert(QStringLiteral("depth"), depth);
        l.extra.insert(QStringLiteral("threshold"), m_threshold);
        l.extra.insert(QStringLiteral("max_samples"), m_subsample);
        return l;
    }
    QJsonObject toJson() const override
    {
        QJsonArray trees;
        for (const Tree &t : m_trees)
            trees.append(t.toJson());
        return QJsonObject{{QStringLiteral("algorithm"), kId},
                           {QStringLiteral("task"), taskName(Task::Anomaly)},
                           {QStringLiteral("features"), m_featureCount},
                           {QStringLiteral("max_samples"), m_subsample},
                           {QStringLiteral("threshold"), numberToJson(m_threshold)},
                           {QStringLiteral("trees"), trees},
                           {QStringLiteral("extra"), m_extra}};
    }
    static Result<ModelPtr> fromJson(const QJsonObject &json)
    {
        if (json.value(QStringLiteral("task")).toString() != taskName(Task::Anomaly))
            return Error{QStringLiteral("model field 'task': expected anomaly")};
        auto features = intFromJson(json, QStringLiteral("features"), 1, 1 << 24);
        if (!features)
            return features.error();
        auto subsample = intFromJson(json, QStringLiteral("max_samples"), 1, std::int64_t(1) << 32);
        if (!subsample)
            return subsample.error();
        auto threshold =
            numberFromJson(json.value(QStringLiteral("threshold")), QStringLiteral("threshold"));
        if (!threshold)
            return threshold.error();
        const QJsonValue treesJson = json.value(QStringLiteral("trees"));
        if (!treesJson.isArray() || treesJson.toArray().isEmpty() ||
            treesJson.toArray().size() > 100000)
            return Error{QStringLiteral("model field 'trees': expected 1 to 100000 trees")};
        std::vector<Tree> trees;
        const QJsonArray arr = treesJson.toArray();
        for (qsizetype i = 0; i < arr.size(); ++i) {
            auto t = Tree::fromJson(arr[i], int(*features), 1, QStringLiteral("trees[%1]").arg(i));
            if (!t)
                return t.error();
            trees.push_back(std::move(*t));
        }
        return ModelPtr(std::make_shared<IsolationForestModel>(
            int(*features), std::move(trees), double(*subsample), *threshold,
            json.value(QStringLiteral("extra")).toObject()));
    }

private:
    int m_featureCount;
    std::vector<Tree> m_trees;
    double m_subsample;
    double m_threshold; // anomaly when the score is above it
    QJsonObject m_extra;
};

// numpy's default (linear) percentile of `v`, q in [0, 100].
double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const double pos = q / 100.0 * double(v.size() - 1);
    const std::size_t lo = std::size_t(std::floor(pos));
    const std::size_t hi = std::min(v.size() - 1, lo + 1);
    const double frac = pos - double(lo);
    return v[lo] + (v[hi] - v[lo]) * frac;
}

Result<std::int64_t> resolveMaxSamples(const QString &rawText, std::int64_t rows)
{
    const QString text = rawText.trimmed().toLower();
    if (text == QLatin1String("auto"))
        return std::min<std::int64_t>(256, rows);
    bool ok = false;
    const double x = text.toDouble(&ok);
    const Error bad{QStringLiteral("parameter 'max_samples': '%1' is not auto, a fraction in "
                                   "(0, 1] or a row count")
                        .arg(rawText)};
    if (!ok || !std::isfinite(x))
        return bad;
    if (text.contains(QLatin1Char('.')) || text.contains(QLatin1Char('e'))) {
        if (x <= 0 || x > 1)
            return bad;
        return std::max<std::int64_t>(1, std::int64_t(x * double(rows)));
    }
    if (x < 1 || x != std::floor(x))
        return bad;
    return std::min<std::int64_t>(std::int64_t(x), rows); // more than there are: all of them
}

Result<ModelPtr> fitIsolationForest(const Dataset &data, const Params &params, Task task,
                                    JobContext &ctx)
{
    if (task != Task::Anomaly)
        return Error{QStringLiteral("an isolation forest does anomaly detection")};
    if (data.rows() < 1 || data.cols() < 1)
        return Error{QStringLiteral("an isolation forest needs at least one row and one feature")};
    if (data.rows() >= (std::int64_t(1) << 32))
        return Error{QStringLiteral("too many rows for an isolation forest")};
    auto subsample = resolveMaxSamples(params.text(QStringLiteral("max_samples")), data.rows());
    if (!subsample)
        return subsample.error();
    const QString contaminationText = params.text(QStringLiteral("contamination")).trimmed();
    double contamination = -1; // auto
    if (contaminationText != QLatin1String("auto")) {
        bool ok = false;
        contamination = contaminationText.toDouble(&ok);
        if (!ok || !(contamination > 0 && contamination <= 0.5))
            return Error{QStringLiteral("parameter 'contamination': '%1' is not auto or a "
                                        "fraction in (0, 0.5]")
                             .arg(contaminationText)};
    }
    const int treeCount = int(params.integer(QStringLiteral("n_estimators")));
    const bool bootstrap = params.flag(QStringLiteral("bootstrap"));
    const int featureCount = int(data.cols());
    const int maxFeatures =
        std::max(1, int(params.real(QStringLiteral("max_features")) * double(featureCount)));
    const std::int64_t psi = *subsample;
    const int maxDepth = int(std::ceil(std::log2(double(std::max<std::int64_t>(psi, 2)))));

    const TreeData treeData = TreeData::from(data, Task::Anomaly);
    std::vector<Tree> trees(static_cast<std::size_t>(treeCount));
    std::atomic<int> done{0};
    ctx.setProgress(0.0, QStringLiteral("growing trees"));
    parallelFor(ctx, treeCount, [&](std::int64_t t) {
        SplitMix64 rng{mixSeed(ctx.seed(), std::uint64_t(t))};
        // The tree's features (all unless max_features < 1) and rows, drawn without
        // replacement (partial Fisher-Yates) or, with bootstrap, with replacement.
        std::vector<int> features(static_cast<std::size_t>(featureCount));
        for (int f = 0; f < featureCount; ++f)
            features[std::size_t(f)] = f;
        for (int i = 0; i < maxFeatures && maxFeatures < featureCount; ++i)
            std::swap(features[std::size_t(i)],
                      features[std::size_t(i) + rng.below(std::uint64_t(featureCount - i))]);
        features.resize(std::size_t(maxFeatures));
        std::vector<std::uint32_t> samples;
        samples.reserve(std::size_t(psi));
        if (bootstrap) {
            for (std::int64_t i = 0; i < psi; ++i)
                samples.push_back(std::uint32_t(rng.below(std::uint64_t(data.rows()))));
        } else if (psi == data.rows()) {
            for (std::int64_t i = 0; i < psi; ++i)
                samples.push_back(std::uint32_t(i));
        } else {
            // Floyd's algorithm: psi distinct rows without an n-sized buffer.
            std::vector<std::uint32_t> chosen;
            std::unordered_set<std::uint32_t> taken;
            for (std::int64_t j = data.rows() - psi; j < data.rows(); ++j) {
                const auto r = std::uint32_t(rng.below(std::uint64_t(j + 1)));
                const std::uint32_t pick = taken.insert(r).second ? r : std::uint32_t(j);
                if (pick != r)
                    taken.insert(pick);
                chosen.push_back(pick);
            }
            samples = std::move(chosen);
        }
        trees[std::size_t(t)] =
            growIsolationTree(treeData, std::move(samples), std::move(features), maxDepth, rng);
        const int n = ++done;
        ctx.setProgress(0.9 * n / treeCount, QStringLiteral("tree %1 of %2").arg(n).arg(treeCount));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    auto model = std::make_shared<IsolationForestModel>(featureCount, std::move(trees), double(psi),
                                                        0.5, QJsonObject{});
    if (contamination > 0) {
        // scikit-learn: offset = the contamination percentile of score_samples (= −score).
        const Eigen::VectorXd s = model->scores(data.X, ctx);
        std::vector<double> neg(std::size_t(s.size()));
        for (Eigen::Index i = 0; i < s.size(); ++i)
            neg[std::size_t(i)] = -s[i];
        const double offset = percentile(std::move(neg), 100.0 * contamination);
        model->setThreshold(-offset);
    }
    ctx.setProgress(1.0);
    return ModelPtr(model);
}

} // namespace

double averagePathLength(double n)
{
    if (n <= 1)
        return 0.0;
    if (n <= 2)
        return 1.0;
    constexpr double kEulerGamma = 0.5772156649015329;
    return 2.0 * (std::log(n - 1.0) + kEulerGamma) - 2.0 * (n - 1.0) / n;
}

EstimatorInfo isolationForestEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Isolation forest");
    e.help = QStringLiteral(
        "Flags unusual rows (scikit-learn's IsolationForest): random trees on small samples "
        "isolate outliers in few splits. The score (decision function) is 2^(−mean path "
        "length / c(max_samples)), higher for more unusual rows (scikit-learn's score_samples "
        "with the sign flipped); rows scoring above 0.5 (contamination auto) or above the "
        "training rows' contamination quantile are anomalies.");
    e.tasks = {Task::Anomaly};
    e.params = {
        ParamInfo{QStringLiteral("n_estimators"), QStringLiteral("Trees"),
                  QStringLiteral("How many trees to grow (default 100)."), ParamKind::Int, 100, 1.0,
                  100000.0},
        ParamInfo{QStringLiteral("max_samples"), QStringLiteral("Rows per tree"),
                  QStringLiteral("auto (default): min(256, rows); a fraction such as 0.5; or a "
                                 "row count such as 128."),
                  ParamKind::String, QStringLiteral("auto")},
        ParamInfo{QStringLiteral("contamination"), QStringLiteral("Contamination"),
                  QStringLiteral("auto (default): a row is an anomaly when its score is above "
                                 "0.5. A fraction in (0, 0.5]: that share of the training rows, "
                                 "the highest scoring, is flagged."),
                  ParamKind::String, QStringLiteral("auto")},
        ParamInfo{QStringLiteral("max_features"), QStringLiteral("Feature fraction"),
                  QStringLiteral("Fraction of the features each tree may split on (default 1: "
                                 "all)."),
                  ParamKind::Double, 1.0, 1e-9, 1.0},
        ParamInfo{QStringLiteral("bootstrap"), QStringLiteral("Bootstrap"),
                  QStringLiteral("Draw each tree's rows with replacement (default: off)."),
                  ParamKind::Bool, false},
    };
    e.fit = fitIsolationForest;
    e.fromJson = [](const QJsonObject &json) { return IsolationForestModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

#include "Knn.h"

#include "ModelJson.h"
#include "NeighborIndex.h"
#include "jobs/JobContext.h"

#include <cmath>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("knn");

NeighborAlgorithm algorithmFromName(const QString &name)
{
    if (name == QLatin1String("kd_tree"))
        return NeighborAlgorithm::KdTree;
    if (name == QLatin1String("brute"))
        return NeighborAlgorithm::Brute;
    return NeighborAlgorithm::Auto;
}

struct KnnSettings
{
    int k = 5;
    bool distanceWeights = false;
    int p = 2;
    QString algorithm = QStringLiteral("auto");
    int leafSize = 30;
};

class KnnModel : public Model
{
public:
    KnnModel(Task task, int classCount, KnnSettings s, Eigen::MatrixXd X, Eigen::VectorXd y,
             Eigen::VectorXd weight)
        : m_task(task)
        , m_classCount(classCount)
        , m_s(std::move(s))
        , m_y(std::move(y))
        , m_weight(std::move(weight))
        , m_index(std::move(X), m_s.p == 1 ? Metric::Manhattan : Metric::Euclidean,
                  algorithmFromName(m_s.algorithm), m_s.k, m_s.leafSize)
    {}

    QString algorithm() const override { return kId; }
    Task task() const override { return m_task; }
    int featureCount() const override { return int(m_index.data().cols()); }
    int classCount() const override { return m_classCount; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        if (m_task == Task::Regression)
            return regress(X, ctx);
        const Eigen::MatrixXd p = predictProba(X, ctx);
        Eigen::VectorXd out(X.rows());
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            Eigen::Index best = 0;
            p.row(i).maxCoeff(&best); // the smallest class on ties, as scikit-learn's mode
            out[i] = double(best);
        }
        return out;
    }

    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        if (m_task != Task::Classification)
            return {};
        Eigen::MatrixXi idx;
        Eigen::MatrixXd w;
        neighborWeights(X, ctx, idx, w);
        Eigen::MatrixXd p = Eigen::MatrixXd::Zero(X.rows(), m_classCount);
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            for (Eigen::Index c = 0; c < idx.cols(); ++c)
                p(i, Eigen::Index(m_y[idx(i, c)])) += w(i, c);
            const double total = p.row(i).sum();
            if (total > 0)
                p.row(i) /= total;
            else
                p.row(i).setConstant(1.0 / m_classCount);
        }
        return p;
    }

    Learned learned() const override
    {
        Learned l;
        l.extra =
            QJsonObject{{QStringLiteral("search"),
                         m_index.usesTree() ? QStringLiteral("kd_tree") : QStringLiteral("brute")},
                        {QStringLiteral("training_rows"), double(m_index.data().rows())}};
        return l;
    }

    QJsonObject toJson() const override
    {
        return QJsonObject{{QStringLiteral("algorithm"), kId},
                           {QStringLiteral("task"), taskName(m_task)},
                           {QStringLiteral("classes"), m_classCount},
                           {QStringLiteral("n_neighbors"), m_s.k},
                           {QStringLiteral("weights"), m_s.distanceWeights
                                                           ? QStringLiteral("distance")
                                                           : QStringLiteral("uniform")},
                           {QStringLiteral("p"), m_s.p},
                           {QStringLiteral("search"), m_s.algorithm},
                           {QStringLiteral("leaf_size"), m_s.leafSize},
                           {QStringLiteral("X"), matrixToJson(m_index.data())},
                           {QStringLiteral("y"), vectorToJson(m_y)},
                           {QStringLiteral("sample_weight"), vectorToJson(m_weight)}};
    }

private:
    // Each query's neighbours and their vote weights (queries × k).
    void neighborWeights(const Eigen::MatrixXd &X, JobContext &ctx, Eigen::MatrixXi &idx,
                         Eigen::MatrixXd &w) const
    {
        Eigen::MatrixXd dist;
        m_index.kneighbors(X, m_s.k, idx, dist, ctx);
        w.setOnes(idx.rows(), idx.cols());
        if (m_s.distanceWeights) {
            for (Eigen::Index i = 0; i < idx.rows(); ++i) {
                if ((dist.row(i).array() == 0).any())
                    w.row(i) = (dist.row(i).array() == 0).cast<double>().matrix();
                else
                    w.row(i) = dist.row(i).array().inverse().matrix();
            }
        }
        if (m_weight.size())
            for (Eigen::Index i = 0; i < idx.rows(); ++i)
                for (Eigen::Index c = 0; c < idx.cols(); ++c)
                    w(i, c) *= m_weight[idx(i, c)];
    }

    Eigen::VectorXd regress(const Eigen::MatrixXd &X, JobContext &ctx) const
    {
        Eigen::MatrixXi idx;
        Eigen::MatrixXd w;
        neighborWeights(X, ctx, idx, w);
        Eigen::VectorXd out(X.rows());
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            double sum = 0, total = 0;
            for (Eigen::Index c = 0; c < idx.cols(); ++c) {
                sum += w(i, c) * m_y[idx(i, c)];
                total += w(i, c);
            }
            if (total > 0) {
                out[i] = sum / total;
            } else {
                out[i] = 0;
                for (Eigen::Index c = 0; c < idx.cols(); ++c)
                    out[i] += m_y[idx(i, c)];
                out[i] /= double(idx.cols());
            }
        }
        return out;
    }

    Task m_task;
    int m_classCount;
    KnnSettings m_s;
    Eigen::VectorXd m_y;
    Eigen::VectorXd m_weight;
    NeighborIndex m_index;
};

Result<ModelPtr> fitKnn(const Dataset &data, const Params &params, Task task, JobContext &ctx)
{
    KnnSettings s;
    s.k = int(params.integer(QStringLiteral("n_neighbors")));
    s.distanceWeights = params.text(QStringLiteral("weights")) == QLatin1String("distance");
    s.p = int(params.integer(QStringLiteral("p")));
    s.algorithm = params.text(QStringLiteral("algorithm"));
    s.leafSize = int(params.integer(QStringLiteral("leaf_size")));
    if (task != Task::Classification && task != Task::Regression)
        return Error{QStringLiteral("k-nearest neighbours does classification or regression")};
    if (data.rows() < s.k)
        return Error{QStringLiteral("k-nearest neighbours: n_neighbors = %1 but only %2 "
                                    "training rows")
                         .arg(s.k)
                         .arg(data.rows())};
    if (data.rows() >= (Eigen::Index(1) << 31))
        return Error{QStringLiteral("k-nearest neighbours: too many training rows")};
    if (data.weighted() && (data.weight.array() < 0).any())
        return Error{QStringLiteral("k-nearest neighbours: negative sample weights")};
    ctx.setProgress(0.1, QStringLiteral("indexing the training rows"));
    auto model = std::make_shared<KnnModel>(
        task, task == Task::Classification ? data.classCount : 0, s, data.X, data.y, data.weight);
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    ctx.setProgress(1.0);
    return ModelPtr(std::move(model));
}

Result<ModelPtr> knnFromJson(const QJsonObject &json)
{
    auto parsedTask = supervisedTaskFromJson(json);
    if (!parsedTask)
        return parsedTask.error();
    const Task task = *parsedTask;
    auto classes = classCountFromJson(json, task, 1 << 20);
    if (!classes)
        return classes.error();
    KnnSettings s;
    auto k = intFromJson(json, QStringLiteral("n_neighbors"), 1, 1 << 30);
    auto p = intFromJson(json, QStringLiteral("p"), 1, 2);
    auto leaf = intFromJson(json, QStringLiteral("leaf_size"), 1, 1 << 20);
    if (!k || !p || !leaf)
        return !k ? k.error() : (!p ? p.error() : leaf.error());
    s.k = int(*k);
    s.p = int(*p);
    s.leafSize = int(*leaf);
    const QString weights = json.value(QStringLiteral("weights")).toString();
    if (weights != QLatin1String("uniform") && weights != QLatin1String("distance"))
        return Error{QStringLiteral("model field 'weights': unknown weighting '%1'").arg(weights)};
    s.distanceWeights = weights == QLatin1String("distance");
    s.algorithm = json.value(QStringLiteral("search")).toString();
    if (s.algorithm != QLatin1String("auto") && s.algorithm != QLatin1String("kd_tree") &&
        s.algorithm != QLatin1String("brute"))
        return Error{
            QStringLiteral("model field 'search': unknown algorithm '%1'").arg(s.algorithm)};
    auto X = matrixFromJson(json.value(QStringLiteral("X")), QStringLiteral("X"));
    if (!X)
        return X.error();
    if (X->rows() < s.k || X->cols() < 1 || X->rows() >= (Eigen::Index(1) << 31))
        return Error{QStringLiteral("model field 'X': wrong number of rows or columns")};
    if (!X->allFinite())
        return Error{QStringLiteral("model field 'X': values must be finite")};
    auto y = vectorFromJson(json.value(QStringLiteral("y")), QStringLiteral("y"), X->rows());
    if (!y)
        return y.error();
    if (task == Task::Classification)
        for (Eigen::Index i = 0; i < y->size(); ++i)
            if (!((*y)[i] >= 0 && (*y)[i] < *classes) || (*y)[i] != std::floor((*y)[i]))
                return Error{QStringLiteral("model field 'y': class index out of range")};
    const QJsonArray wJson = json.value(QStringLiteral("sample_weight")).toArray();
    auto w =
        vectorFromJson(wJson, QStringLiteral("sample_weight"), wJson.isEmpty() ? 0 : X->rows());
    if (!w)
        return w.error();
    return ModelPtr(std::make_shared<KnnModel>(task, int(*classes), s, std::move(*X), std::move(*y),
                                               std::move(*w)));
}

} // namespace

EstimatorInfo knnEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("k-nearest neighbours");
    e.help = QStringLiteral(
        "Predicts from the k most similar training rows (scikit-learn's KNeighborsClassifier / "
        "KNeighborsRegressor): their majority class or mean value. No training beyond storing "
        "the rows; good on small, low-dimensional data with meaningful distances. Scale the "
        "features first.");
    e.tasks = {Task::Classification, Task::Regression};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("n_neighbors"), QStringLiteral("Neighbours"),
                  QStringLiteral("How many nearest training rows vote (default 5)."),
                  ParamKind::Int, 5, 1, 1e6},
        ParamInfo{QStringLiteral("weights"),
                  QStringLiteral("Weights"),
                  QStringLiteral("uniform: every neighbour counts the same (default). distance: "
                                 "a neighbour counts 1 / distance; an exact match decides alone."),
                  ParamKind::Choice,
                  QStringLiteral("uniform"),
                  {},
                  {},
                  QStringList{QStringLiteral("uniform"), QStringLiteral("distance")}},
        ParamInfo{QStringLiteral("p"), QStringLiteral("Minkowski power"),
                  QStringLiteral("2: Euclidean distance (default). 1: Manhattan distance."),
                  ParamKind::Int, 2, 1, 2},
        ParamInfo{QStringLiteral("algorithm"),
                  QStringLiteral("Search"),
                  QStringLiteral("How neighbours are found (the answer is the same): auto "
                                 "(default) picks brute force above 15 features, else a k-d "
                                 "tree; kd_tree; brute (blocked matrix products)."),
                  ParamKind::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  QStringList{QStringLiteral("auto"), QStringLiteral("kd_tree"),
                              QStringLiteral("brute")}},
        ParamInfo{QStringLiteral("leaf_size"), QStringLiteral("Leaf size"),
                  QStringLiteral("Rows per k-d tree leaf (default 30): speed only."),
                  ParamKind::Int, 30, 1, 100000},
        classWeightParam(),
    };
    e.fit = fitKnn;
    e.fromJson = knnFromJson;
    return e;
}

} // namespace flowline::core::ml

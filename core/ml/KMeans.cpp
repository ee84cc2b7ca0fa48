#include "KMeans.h"

#include "KMeansLloyd.h"
#include "ModelJson.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <cmath>
#include <optional>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("kmeans");

class KMeansModel : public Model
{
public:
    KMeansModel(Eigen::MatrixXd centers, double inertia, int iterations, std::vector<double> loss)
        : m_centers(std::move(centers))
        , m_inertia(inertia)
        , m_iterations(iterations)
        , m_loss(std::move(loss))
    {}

    QString algorithm() const override { return kId; }
    Task task() const override { return Task::Clustering; }
    int featureCount() const override { return int(m_centers.cols()); }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        const Eigen::MatrixXd d = squaredDistances(X, ctx);
        Eigen::VectorXd out(X.rows());
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            Eigen::Index best = 0;
            d.row(i).minCoeff(&best);
            out[i] = double(best);
        }
        return out;
    }

    Eigen::MatrixXd decisionFunction(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        return squaredDistances(X, ctx).cwiseSqrt();
    }

    Learned learned() const override
    {
        Learned l;
        l.coefficients = m_centers;
        for (Eigen::Index c = 0; c < m_centers.rows(); ++c)
            l.coefficientRows << QStringLiteral("cluster %1").arg(c);
        l.loss = m_loss;
        l.lossName = QStringLiteral("inertia");
        l.extra = QJsonObject{{QStringLiteral("inertia"), m_inertia},
                              {QStringLiteral("iterations"), m_iterations}};
        return l;
    }

    QJsonObject toJson() const override
    {
        return QJsonObject{{QStringLiteral("algorithm"), kId},
                           {QStringLiteral("centers"), matrixToJson(m_centers)},
                           {QStringLiteral("inertia"), numberToJson(m_inertia)},
                           {QStringLiteral("iterations"), m_iterations},
                           {QStringLiteral("loss"), vectorToJson(m_loss)}};
    }

    const Eigen::MatrixXd &centers() const { return m_centers; }

private:
    // Exact squared distances to every centre (rows × k), in parallel over blocks of rows.
    Eigen::MatrixXd squaredDistances(const Eigen::MatrixXd &X, JobContext &ctx) const
    {
        const Eigen::Index n = X.rows(), k = m_centers.rows();
        Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, k);
        constexpr Eigen::Index block = 4096;
        parallelFor(ctx, (n + block - 1) / block, [&](std::int64_t b) {
            const Eigen::Index r0 = b * block, rn = std::min(block, n - r0);
            for (Eigen::Index c = 0; c < k; ++c)
                for (Eigen::Index j = 0; j < X.cols(); ++j) {
                    const double cj = m_centers(c, j);
                    const double *x = X.col(j).data() + r0;
                    double *out = d.col(c).data() + r0;
                    for (Eigen::Index i = 0; i < rn; ++i) {
                        const double t = x[i] - cj;
                        out[i] += t * t;
                    }
                }
        });
        return d;
    }

    Eigen::MatrixXd m_centers;
    double m_inertia;
    int m_iterations;
    std::vector<double> m_loss;
};

// The data centred on its (unweighted) column means, as scikit-learn does before clustering.
struct Prepared
{
    Eigen::MatrixXd X;
    Eigen::RowVectorXd mean;
    Eigen::VectorXd w;
    double tol = 0; // absolute: tol × mean feature variance
};

Result<Prepared> prepare(const Dataset &data, int k, double tol)
{
    if (data.rows() < k)
        return Error{
            QStringLiteral("k-means: n_clusters = %1 but only %2 rows").arg(k).arg(data.rows())};
    if (data.cols() < 1)
        return Error{QStringLiteral("k-means needs at least one feature")};
    Prepared p;
    p.w = data.weighted() ? data.weight : Eigen::VectorXd::Ones(data.rows());
    if ((p.w.array() < 0).any() || p.w.sum() <= 0)
        return Error{QStringLiteral("k-means: sample weights must be non-negative, not all zero")};
    const Eigen::Index n = data.rows();
    p.mean.resize(data.cols());
    p.X.resize(n, data.cols());
    double variance = 0;
    for (Eigen::Index j = 0; j < data.cols(); ++j) {
        p.mean[j] = data.X.col(j).mean();
        p.X.col(j) = data.X.col(j).array() - p.mean[j];
        variance += p.X.col(j).squaredNorm() / double(n);
    }
    p.tol = tol * variance / double(data.cols());
    return p;
}

ModelPtr toModel(LloydResult &r, const Prepared &p)
{
    r.centers.rowwise() += p.mean;
    return std::make_shared<KMeansModel>(std::move(r.centers), r.inertia, r.iterations,
                                         std::move(r.inertiaCurve));
}

Result<ModelPtr> fitKMeans(const Dataset &data, const Params &params, Task task, JobContext &ctx)
{
    if (task != Task::Clustering)
        return Error{QStringLiteral("k-means does clustering only")};
    const int k = int(params.integer(QStringLiteral("n_clusters")));
    const int nInit = int(params.integer(QStringLiteral("n_init")));
    const int maxIter = int(params.integer(QStringLiteral("max_iter")));
    const bool plusPlus = params.text(QStringLiteral("init")) == QLatin1String("k-means++");
    auto p = prepare(data, k, params.real(QStringLiteral("tol")));
    if (!p)
        return p.error();
    SplitMix64 rng{ctx.seed()};
    std::optional<LloydResult> best;
    for (int run = 0; run < nInit; ++run) {
        const double base = double(run) / nInit;
        ctx.setProgress(base, QStringLiteral("k-means start %1 of %2").arg(run + 1).arg(nInit));
        Eigen::MatrixXd init =
            plusPlus ? kmeansPlusPlus(p->X, p->w, k, rng, ctx) : kmeansRandomInit(p->X, k, rng);
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        auto r = runLloyd(p->X, p->w, std::move(init), maxIter, p->tol, ctx, [&](int it) {
            ctx.setProgress(base + double(it + 1) / maxIter / nInit,
                            QStringLiteral("k-means start %1 of %2, iteration %3")
                                .arg(run + 1)
                                .arg(nInit)
                                .arg(it + 1));
        });
        if (!r)
            return r.error();
        if (!best || r->inertia < best->inertia)
            best = std::move(*r);
    }
    ctx.setProgress(1.0);
    return toModel(*best, *p);
}

Result<ModelPtr> kmeansFromJson(const QJsonObject &json)
{
    auto centers = matrixFromJson(json.value(QStringLiteral("centers")), QStringLiteral("centers"));
    if (!centers)
        return centers.error();
    if (centers->rows() < 1 || centers->cols() < 1)
        return Error{QStringLiteral("model field 'centers': needs a cluster and a feature")};
    auto inertia = numberFromJson(json.value(QStringLiteral("inertia")), QStringLiteral("inertia"));
    if (!inertia)
        return inertia.error();
    auto iterations = intFromJson(json, QStringLiteral("iterations"), 0, 1 << 30);
    if (!iterations)
        return iterations.error();
    auto loss = stdVectorFromJson(json.value(QStringLiteral("loss")), QStringLiteral("loss"));
    if (!loss)
        return loss.error();
    return ModelPtr(std::make_shared<KMeansModel>(std::move(*centers), *inertia, int(*iterations),
                                                  std::move(*loss)));
}

} // namespace

Result<ModelPtr> fitKMeansFromCenters(const Dataset &data, const Eigen::MatrixXd &centers,
                                      int maxIter, double tol, JobContext &ctx)
{
    if (centers.cols() != data.cols() || centers.rows() < 1)
        return Error{QStringLiteral("k-means: the initial centres do not fit the data")};
    auto p = prepare(data, int(centers.rows()), tol);
    if (!p)
        return p.error();
    Eigen::MatrixXd init = centers.rowwise() - p->mean;
    auto r = runLloyd(p->X, p->w, std::move(init), maxIter, p->tol, ctx);
    if (!r)
        return r.error();
    return toModel(*r, *p);
}

EstimatorInfo kmeansEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("k-means");
    e.help = QStringLiteral(
        "Groups the rows into n_clusters clusters around centres, each row in the cluster of "
        "its nearest centre (scikit-learn's KMeans). Fast; finds round, similar-sized clusters. "
        "Scale the features first.");
    e.tasks = {Task::Clustering};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("n_clusters"), QStringLiteral("Clusters"),
                  QStringLiteral("How many clusters (default 8)."), ParamKind::Int, 8, 1, 1e6},
        ParamInfo{QStringLiteral("init"),
                  QStringLiteral("Initialisation"),
                  QStringLiteral("k-means++ (default): centres spread out by sampling rows far "
                                 "from those chosen; random: k random rows."),
                  ParamKind::Choice,
                  QStringLiteral("k-means++"),
                  {},
                  {},
                  QStringList{QStringLiteral("k-means++"), QStringLiteral("random")}},
        ParamInfo{QStringLiteral("n_init"), QStringLiteral("Starts"),
                  QStringLiteral("Runs from different initial centres; the one with the lowest "
                                 "inertia is kept (default 10)."),
                  ParamKind::Int, 10, 1, 1000},
        ParamInfo{QStringLiteral("max_iter"), QStringLiteral("Maximum iterations"),
                  QStringLiteral("Iterations per start at most (default 300)."), ParamKind::Int,
                  300, 1, 1e6},
        ParamInfo{QStringLiteral("tol"), QStringLiteral("Tolerance"),
                  QStringLiteral("Stop when the centres move (squared, summed) less than this "
                                 "times the mean feature variance (default 1e-4)."),
                  ParamKind::Double, 1e-4, 0.0, 1e6},
    };
    e.fit = fitKMeans;
    e.fromJson = kmeansFromJson;
    return e;
}

} // namespace flowline::core::ml

#include "Dbscan.h"

#include "KdTree.h"
#include "ModelJson.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <memory>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("dbscan");
constexpr Eigen::Index kBlock = 256;

class DbscanModel : public Model
{
public:
    DbscanModel(Eigen::MatrixXd core, Eigen::VectorXi coreLabels, int clusters, double eps,
                int features, QJsonObject summary)
        : m_core(std::move(core))
        , m_coreLabels(std::move(coreLabels))
        , m_clusters(clusters)
        , m_eps(eps)
        , m_features(features)
        , m_summary(std::move(summary))
    {
        if (m_core.rows() > 0)
            m_tree = std::make_unique<KdTree>(m_core, Metric::Euclidean);
    }

    QString algorithm() const override { return kId; }
    Task task() const override { return Task::Clustering; }
    int featureCount() const override { return m_features; }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &ctx) const override
    {
        Eigen::VectorXd out = Eigen::VectorXd::Constant(X.rows(), -1.0);
        if (!m_tree)
            return out;
        const double r2 = m_eps * m_eps;
        parallelFor(ctx, (X.rows() + kBlock - 1) / kBlock, [&](std::int64_t b) {
            const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, X.rows() - r0);
            std::vector<double> q(static_cast<std::size_t>(X.cols()));
            std::vector<Neighbor> found;
            for (Eigen::Index i = r0; i < r0 + rn; ++i) {
                for (Eigen::Index j = 0; j < X.cols(); ++j)
                    q[std::size_t(j)] = X(i, j);
                m_tree->nearest(q.data(), 1, found);
                if (!found.empty() && found[0].rdist <= r2)
                    out[i] = m_coreLabels[found[0].index];
            }
        });
        return out;
    }

    Learned learned() const override
    {
        Learned l;
        l.extra = m_summary;
        l.extra.insert(QStringLiteral("clusters"), m_clusters);
        l.extra.insert(QStringLiteral("core_points"), double(m_core.rows()));
        return l;
    }

    QJsonObject toJson() const override
    {
        return QJsonObject{
            {QStringLiteral("algorithm"), kId},
            {QStringLiteral("eps"), numberToJson(m_eps)},
            {QStringLiteral("features"), m_features},
            {QStringLiteral("clusters"), m_clusters},
            {QStringLiteral("core"), matrixToJson(m_core)},
            {QStringLiteral("core_labels"),
             intsToJson(std::vector<std::int32_t>(m_coreLabels.begin(), m_coreLabels.end()))},
            {QStringLiteral("summary"), m_summary}};
    }

private:
    Eigen::MatrixXd m_core;
    Eigen::VectorXi m_coreLabels;
    int m_clusters;
    double m_eps;
    int m_features;
    QJsonObject m_summary;
    std::unique_ptr<KdTree> m_tree;
};

Result<ModelPtr> fitDbscan(const Dataset &data, const Params &params, Task task, JobContext &ctx)
{
    if (task != Task::Clustering)
        return Error{QStringLiteral("DBSCAN does clustering only")};
    if (data.rows() < 1 || data.cols() < 1)
        return Error{QStringLiteral("DBSCAN needs rows and features")};
    if (data.rows() >= (Eigen::Index(1) << 31))
        return Error{QStringLiteral("DBSCAN: too many rows")};
    const double eps = params.real(QStringLiteral("eps"));
    ctx.setProgress(0.0, QStringLiteral("finding neighbourhoods"));
    const DbscanLabels d = dbscanLabels(data.X, data.weight, eps,
                                        double(params.integer(QStringLiteral("min_samples"))), ctx);
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Eigen::Index cores = 0, noise = 0;
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        cores += d.core[std::size_t(i)];
        noise += d.labels[i] < 0;
    }
    Eigen::MatrixXd core(cores, data.cols());
    Eigen::VectorXi coreLabels(cores);
    for (Eigen::Index i = 0, c = 0; i < data.rows(); ++i)
        if (d.core[std::size_t(i)]) {
            core.row(c) = data.X.row(i);
            coreLabels[c++] = d.labels[i];
        }
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<DbscanModel>(
        std::move(core), std::move(coreLabels), d.clusters, eps, int(data.cols()),
        QJsonObject{{QStringLiteral("training_noise"), double(noise)},
                    {QStringLiteral("training_rows"), double(data.rows())}}));
}

Result<ModelPtr> dbscanFromJson(const QJsonObject &json)
{
    auto eps = numberFromJson(json.value(QStringLiteral("eps")), QStringLiteral("eps"));
    if (!eps)
        return eps.error();
    if (!(*eps > 0) || !std::isfinite(*eps))
        return Error{QStringLiteral("model field 'eps': must be a positive number")};
    auto features = intFromJson(json, QStringLiteral("features"), 1, 1 << 24);
    if (!features)
        return features.error();
    auto clusters = intFromJson(json, QStringLiteral("clusters"), 0, 1 << 30);
    if (!clusters)
        return clusters.error();
    auto core =
        matrixFromJson(json.value(QStringLiteral("core")), QStringLiteral("core"), -1, *features);
    if (!core)
        return core.error();
    if (core->rows() >= (Eigen::Index(1) << 31) || !core->allFinite())
        return Error{QStringLiteral("model field 'core': bad core points")};
    auto labels = intsFromJson(json.value(QStringLiteral("core_labels")),
                               QStringLiteral("core_labels"), core->rows());
    if (!labels)
        return labels.error();
    Eigen::VectorXi l(core->rows());
    for (Eigen::Index i = 0; i < l.size(); ++i) {
        l[i] = (*labels)[std::size_t(i)];
        if (l[i] < 0 || l[i] >= *clusters)
            return Error{QStringLiteral("model field 'core_labels': cluster out of range")};
    }
    return ModelPtr(std::make_shared<DbscanModel>(
        std::move(*core), std::move(l), int(*clusters), *eps, int(*features),
        json.value(QStringLiteral("summary")).toObject()));
}

} // namespace

DbscanLabels dbscanLabels(const Eigen::MatrixXd &X, const Eigen::VectorXd &weight, double eps,
                          double minSamples, JobContext &ctx)
{
    const Eigen::Index n = X.rows();
    DbscanLabels out;
    out.labels = Eigen::VectorXi::Constant(n, -1);
    out.core.assign(std::size_t(n), false);
    const KdTree tree(X, Metric::Euclidean);
    std::vector<std::vector<std::int32_t>> hood(static_cast<std::size_t>(n));
    parallelFor(ctx, (n + kBlock - 1) / kBlock, [&](std::int64_t b) {
        const Eigen::Index r0 = b * kBlock, rn = std::min(kBlock, n - r0);
        std::vector<double> q(static_cast<std::size_t>(X.cols()));
        for (Eigen::Index i = r0; i < r0 + rn; ++i) {
            for (Eigen::Index j = 0; j < X.cols(); ++j)
                q[std::size_t(j)] = X(i, j);
            tree.withinRadius(q.data(), eps, hood[std::size_t(i)]);
        }
    });
    if (ctx.isCanceled())
        return out;
    for (Eigen::Index i = 0; i < n; ++i) {
        double mass = 0;
        if (weight.size())
            for (std::int32_t v : hood[std::size_t(i)])
                mass += weight[v];
        else
            mass = double(hood[std::size_t(i)].size());
        out.core[std::size_t(i)] = mass >= minSamples;
    }
    // Depth-first expansion from each unlabelled core row in row order, as scikit-learn's
    // dbscan_inner: non-core rows get the label but do not spread it.
    std::vector<std::int32_t> stack;
    int label = 0;
    for (Eigen::Index start = 0; start < n; ++start) {
        if (out.labels[start] != -1 || !out.core[std::size_t(start)])
            continue;
        std::int32_t i = std::int32_t(start);
        while (true) {
            if (out.labels[i] == -1) {
                out.labels[i] = label;
                if (out.core[std::size_t(i)])
                    for (std::int32_t v : hood[std::size_t(i)])
                        if (out.labels[v] == -1)
                            stack.push_back(v);
            }
            if (stack.empty())
                break;
            i = stack.back();
            stack.pop_back();
        }
        ++label;
    }
    out.clusters = label;
    return out;
}

EstimatorInfo dbscanEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("DBSCAN");
    e.help = QStringLiteral(
        "Density-based clustering (scikit-learn's DBSCAN): clusters are dense regions of any "
        "shape, rows in sparse regions are noise (-1); the number of clusters is found, not "
        "given. New rows join the cluster of the nearest core point within eps. Scale the "
        "features first.");
    e.tasks = {Task::Clustering};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("eps"), QStringLiteral("Neighbourhood radius (eps)"),
                  QStringLiteral("Rows within this Euclidean distance are neighbours "
                                 "(default 0.5)."),
                  ParamKind::Double, 0.5, 1e-300, 1e300},
        ParamInfo{QStringLiteral("min_samples"), QStringLiteral("Minimum samples"),
                  QStringLiteral("Neighbours (the row itself included) that make a row a core "
                                 "point (default 5)."),
                  ParamKind::Int, 5, 1, 1e9},
    };
    e.fit = fitDbscan;
    e.fromJson = dbscanFromJson;
    return e;
}

} // namespace flowline::core::ml

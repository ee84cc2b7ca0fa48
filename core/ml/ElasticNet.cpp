#include "ElasticNet.h"

#include "LinearSupport.h"
#include "jobs/JobContext.h"

#include <cmath>

namespace flowline::core::ml {

namespace {

struct DescentResult
{
    Eigen::VectorXd w;
    std::vector<double> objective; // per epoch, in the 1/(2n) scaling
    int iterations = 0;
    double gap = 0; // the last duality gap, in the 1/(2n) scaling
    bool converged = false;
};

// Cyclic coordinate descent on 1/2 ||y - Xw||² + l1 ||w||₁ + l2/2 ||w||² (X, y centred and
// weight-scaled), stopping when the duality gap falls below tol · yᵀy, checked whenever the
// largest coefficient change of an epoch is small relative to the largest coefficient — the
// rule of scikit-learn's enet_coordinate_descent.
Result<DescentResult> coordinateDescent(const Eigen::MatrixXd &X, const Eigen::VectorXd &y,
                                        double l1, double l2, int maxIter, double tol,
                                        JobContext &ctx)
{
    const Eigen::Index n = X.rows(), p = X.cols();
    DescentResult r;
    r.w = Eigen::VectorXd::Zero(p);
    const Eigen::VectorXd colNorm2 = X.colwise().squaredNorm().transpose();
    Eigen::VectorXd R = y;
    const double gapTol = tol * y.squaredNorm();
    const double scale = n > 0 ? 1.0 / double(n) : 1.0;
    for (int iter = 0; iter < maxIter; ++iter) {
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        double wMax = 0, dwMax = 0;
        for (Eigen::Index j = 0; j < p; ++j) {
            if (colNorm2[j] == 0.0)
                continue;
            const double old = r.w[j];
            if (old != 0.0)
                R.noalias() += old * X.col(j);
            const double t = X.col(j).dot(R);
            const double nw = softThreshold(t, l1) / (colNorm2[j] + l2);
            r.w[j] = nw;
            if (nw != 0.0)
                R.noalias() -= nw * X.col(j);
            dwMax = std::max(dwMax, std::abs(nw - old));
            wMax = std::max(wMax, std::abs(nw));
        }
        r.iterations = iter + 1;
        const double rr = R.squaredNorm();
        const double l1norm = r.w.lpNorm<1>(), w2 = r.w.squaredNorm();
        r.objective.push_back(scale * (0.5 * rr + l1 * l1norm + 0.5 * l2 * w2));
        ctx.setProgress(double(iter + 1) / maxIter, QStringLiteral("coordinate descent"));
        if (wMax == 0.0 || dwMax / wMax < tol || iter == maxIter - 1) {
            // The duality gap of scikit-learn's rule.
            const Eigen::VectorXd xtA = X.transpose() * R - l2 * r.w;
            const double dualNorm = p ? xtA.cwiseAbs().maxCoeff() : 0.0;
            double konst = 1.0, gap = rr;
            if (dualNorm > l1) {
                konst = l1 / dualNorm;
                gap = 0.5 * (rr + rr * konst * konst);
            }
            gap += l1 * l1norm - konst * R.dot(y) + 0.5 * l2 * (1 + konst * konst) * w2;
            r.gap = gap * scale;
            if (gap < gapTol) {
                r.converged = true;
                break;
            }
        }
    }
    return r;
}

} // namespace

Result<ModelPtr> fitElasticNet(const QString &id, const Dataset &data, double alpha, double l1Ratio,
                               bool intercept, int maxIter, double tol, JobContext &ctx)
{
    const Eigen::Index n = data.rows();
    if (n < 1)
        return Error{QStringLiteral("%1 needs at least one row").arg(id)};
    Dataset scaled;
    const Dataset *source = &data;
    if (data.weighted()) {
        const double total = data.weight.sum();
        if (!(total > 0))
            return Error{QStringLiteral("%1: the sample weights sum to zero").arg(id)};
        scaled.X = data.X;
        scaled.y = data.y;
        scaled.weight = data.weight * (double(n) / total); // summing to n, as scikit-learn
        source = &scaled;
    }
    Centered c = centerForFit(*source, intercept);
    if (source->weighted()) {
        const Eigen::ArrayXd s = source->weight.array().sqrt();
        c.X.array().colwise() *= s;
        c.y.array() *= s;
    }
    auto r = coordinateDescent(c.X, c.y, alpha * l1Ratio * double(n),
                               alpha * (1.0 - l1Ratio) * double(n), maxIter, tol, ctx);
    if (!r)
        return r.error();
    if (!r->converged)
        ctx.log(QStringLiteral("%1: coordinate descent did not converge in %2 iterations (duality "
                               "gap %3); raise max_iter or tol")
                    .arg(id)
                    .arg(maxIter)
                    .arg(r->gap));
    const double b0 = intercept ? c.yMean - c.xMean.dot(r->w) : 0.0;
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<LinearModel>(
        id, Task::Regression, r->w.transpose(), Eigen::VectorXd::Constant(1, b0), 0,
        QJsonObject{{QStringLiteral("iterations"), r->iterations},
                    {QStringLiteral("dual_gap"), r->gap},
                    {QStringLiteral("converged"), r->converged}},
        LinearLink::Identity, std::move(r->objective), QStringLiteral("objective")));
}

static std::vector<ParamInfo> elasticNetCommonParams()
{
    return {ParamInfo{QStringLiteral("fit_intercept"), QStringLiteral("Fit an intercept"),
                      QStringLiteral("Learn a constant term, not penalised (default: on)."),
                      ParamKind::Bool, true},
            ParamInfo{QStringLiteral("max_iter"), QStringLiteral("Maximum epochs"),
                      QStringLiteral("Most passes of coordinate descent over the features "
                                     "(default 1000)."),
                      ParamKind::Int, 1000, 1.0, 1e9},
            ParamInfo{QStringLiteral("tol"), QStringLiteral("Tolerance"),
                      QStringLiteral("Stop when the duality gap is below tol times yᵀy "
                                     "(default 1e-4)."),
                      ParamKind::Double, 1e-4, 0.0}};
}

EstimatorInfo elasticNetEstimator()
{
    EstimatorInfo e;
    e.id = QStringLiteral("elastic_net");
    e.name = QStringLiteral("Elastic net");
    e.help = QStringLiteral(
        "Least squares with a mix of L1 and L2 penalties (scikit-learn's ElasticNet): selects "
        "features like the lasso while keeping groups of correlated features together like "
        "ridge. Standardise the features so the penalty treats them alike.");
    e.tasks = {Task::Regression};
    e.scaleSensitive = true;
    e.params = {ParamInfo{QStringLiteral("alpha"), QStringLiteral("Penalty strength (alpha)"),
                          QStringLiteral("Multiplies both penalties (default 1.0)."),
                          ParamKind::Double, 1.0, 0.0},
                ParamInfo{QStringLiteral("l1_ratio"), QStringLiteral("L1 ratio"),
                          QStringLiteral("Share of the L1 penalty: 1 is the lasso, 0 is ridge "
                                         "(default 0.5)."),
                          ParamKind::Double, 0.5, 0.0, 1.0}};
    for (ParamInfo &p : elasticNetCommonParams())
        e.params.push_back(p);
    e.fit = [](const Dataset &data, const Params &p, Task, JobContext &ctx) {
        return fitElasticNet(
            QStringLiteral("elastic_net"), data, p.real(QStringLiteral("alpha")),
            p.real(QStringLiteral("l1_ratio")), p.flag(QStringLiteral("fit_intercept")),
            int(p.integer(QStringLiteral("max_iter"))), p.real(QStringLiteral("tol")), ctx);
    };
    e.fromJson = [](const QJsonObject &json) { return LinearModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

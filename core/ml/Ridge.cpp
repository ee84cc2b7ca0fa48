#include "Ridge.h"

#include "LinearSupport.h"
#include "jobs/JobContext.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("ridge");

Result<ModelPtr> fitRidge(const Dataset &data, const Params &params, Task, JobContext &ctx)
{
    const bool intercept = params.flag(QStringLiteral("fit_intercept"));
    const double alpha = params.real(QStringLiteral("alpha"));
    if (data.rows() < 1)
        return Error{QStringLiteral("ridge regression needs at least one row")};
    Centered c = centerForFit(data, intercept);
    ctx.setProgress(0.1, QStringLiteral("solving the normal equations"));
    if (data.weighted()) { // rows scaled by sqrt(weight), as scikit-learn's _rescale_data
        const Eigen::ArrayXd s = data.weight.array().sqrt();
        c.X.array().colwise() *= s;
        c.y.array() *= s;
    }
    const Eigen::Index p = c.X.cols();
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(p, p);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(c.X.transpose());
    gram.diagonal().array() += alpha;
    const Eigen::VectorXd rhs = c.X.transpose() * c.y;
    Eigen::LLT<Eigen::MatrixXd> llt(gram.selfadjointView<Eigen::Lower>());
    Eigen::VectorXd beta;
    QString solver = QStringLiteral("cholesky");
    if (llt.info() == Eigen::Success) {
        beta = llt.solve(rhs);
    } else { // alpha = 0 with collinear columns: the least-squares solution, as scikit-learn
        beta = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(c.X).solve(c.y);
        solver = QStringLiteral("least squares");
    }
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    const double b0 = intercept ? c.yMean - c.xMean.dot(beta) : 0.0;
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<LinearModel>(kId, Task::Regression, beta.transpose(),
                                                  Eigen::VectorXd::Constant(1, b0), 0,
                                                  QJsonObject{{QStringLiteral("solver"), solver}}));
}

} // namespace

EstimatorInfo ridgeEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Ridge regression");
    e.help = QStringLiteral(
        "Least squares with an L2 penalty (scikit-learn's Ridge): shrinks the coefficients "
        "towards zero, which steadies them when features are correlated or many. Standardise "
        "the features so the penalty treats them alike.");
    e.tasks = {Task::Regression};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("alpha"), QStringLiteral("Penalty strength (alpha)"),
                  QStringLiteral("How strongly large coefficients are penalised (default 1.0); "
                                 "0 gives ordinary least squares."),
                  ParamKind::Double, 1.0, 0.0},
        ParamInfo{QStringLiteral("fit_intercept"), QStringLiteral("Fit an intercept"),
                  QStringLiteral("Learn a constant term, not penalised (default: on)."),
                  ParamKind::Bool, true}};
    e.fit = fitRidge;
    e.fromJson = [](const QJsonObject &json) { return LinearModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

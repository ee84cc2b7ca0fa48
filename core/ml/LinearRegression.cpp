#include "LinearRegression.h"

#include "LinearSupport.h"
#include "ModelJson.h"
#include "jobs/JobContext.h"

#include <Eigen/QR>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("linear_regression");

Result<ModelPtr> fitLinearRegression(const Dataset &data, const Params &params, Task,
                                     JobContext &ctx)
{
    const bool intercept = params.flag(QStringLiteral("fit_intercept"));
    if (data.rows() < 1)
        return Error{QStringLiteral("linear regression needs at least one row")};
    Centered c = centerForFit(data, intercept);
    ctx.setProgress(0.1, QStringLiteral("solving least squares"));
    // Weighted least squares: scale each row by sqrt(weight).
    if (data.weighted()) {
        const Eigen::ArrayXd s = data.weight.array().sqrt();
        c.X.array().colwise() *= s;
        c.y.array() *= s;
    }
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(c.X);
    Eigen::VectorXd beta = cod.solve(c.y);
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    const double b0 = intercept ? c.yMean - c.xMean.dot(beta) : 0.0;
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<LinearModel>(
        kId, Task::Regression, beta.transpose(), Eigen::VectorXd::Constant(1, b0), 0,
        QJsonObject{{QStringLiteral("rank"), double(cod.rank())}}));
}

} // namespace

EstimatorInfo linearRegressionEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Linear regression");
    e.help = QStringLiteral(
        "Ordinary least squares (scikit-learn's LinearRegression): the straight-line fit that "
        "minimises the sum of squared errors. Fast and easy to read: one coefficient per "
        "feature. With collinear features the minimum-norm solution is returned.");
    e.tasks = {Task::Regression};
    e.scaleSensitive = true;
    e.params = {ParamInfo{QStringLiteral("fit_intercept"), QStringLiteral("Fit an intercept"),
                          QStringLiteral("Learn a constant term (default: on). Off: the line "
                                         "passes through the origin."),
                          ParamKind::Bool, true}};
    e.fit = fitLinearRegression;
    e.fromJson = [](const QJsonObject &json) { return LinearModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

#include "LogisticRegression.h"

#include "LinearSupport.h"
#include "LogisticObjective.h"
#include "jobs/JobContext.h"

#include <Eigen/Cholesky>

#include <cmath>
#include <numeric>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("logistic_regression");

struct Penalty
{
    double l1 = 0, l2 = 0; // multipliers of ||W||₁ and ||W||² / 2
    Eigen::Index p = 0, q = 0;
    bool penalised(Eigen::Index j) const { return j % q < p; }
    double l1Norm(const Eigen::VectorXd &theta) const
    {
        double a = 0;
        for (Eigen::Index j = 0; j < theta.size(); ++j)
            a += penalised(j) ? std::abs(theta[j]) : 0.0;
        return a;
    }
    double value(const Eigen::VectorXd &theta) const
    {
        double a = 0, b = 0;
        for (Eigen::Index j = 0; j < theta.size(); ++j)
            if (penalised(j)) {
                a += std::abs(theta[j]);
                b += theta[j] * theta[j];
            }
        return l1 * a + 0.5 * l2 * b;
    }
};

// The largest entry of the smallest subgradient of the whole objective: 0 at the optimum.
double optimality(const Eigen::VectorXd &grad, const Eigen::VectorXd &theta, const Penalty &pen)
{
    double worst = 0;
    for (Eigen::Index j = 0; j < grad.size(); ++j) {
        double g = grad[j];
        if (pen.penalised(j) && pen.l1 > 0) {
            if (theta[j] != 0)
                g += pen.l1 * (theta[j] > 0 ? 1.0 : -1.0);
            else
                g = std::max(std::abs(g) - pen.l1, 0.0);
        }
        worst = std::max(worst, std::abs(g));
    }
    return worst;
}

// The Newton direction -H⁻¹g. Softmax scores are unchanged by adding one number to every class:
// those directions (the intercepts; every coefficient without a penalty) are made definite by a
// rank-one term, which leaves the direction unchanged since the gradient is orthogonal to them.
Eigen::VectorXd newtonDirection(Eigen::MatrixXd H, const Eigen::VectorXd &g, int outputs,
                                const Penalty &pen)
{
    H = Eigen::MatrixXd(H.selfadjointView<Eigen::Lower>());
    const double scale = std::max(H.diagonal().cwiseAbs().maxCoeff(), 1e-300);
    if (outputs > 1) {
        for (Eigen::Index j = 0; j < pen.q; ++j) {
            if (pen.penalised(j) && pen.l2 > 0)
                continue;
            for (int k = 0; k < outputs; ++k)
                for (int l = 0; l < outputs; ++l)
                    H(k * pen.q + j, l * pen.q + j) += scale / outputs;
        }
    }
    for (double damping = 0;; damping = damping == 0 ? 1e-12 * scale : damping * 100) {
        Eigen::MatrixXd A = H;
        A.diagonal().array() += damping;
        Eigen::LLT<Eigen::MatrixXd> llt(A);
        if (llt.info() == Eigen::Success || damping > scale * 1e6)
            return -llt.solve(g);
    }
}

// Proximal Newton direction: minimises gᵀΔ + ΔᵀHΔ/2 + l1 ||θ + Δ||₁ (penalised entries) by
// cyclic coordinate descent on the dense Hessian.
Eigen::VectorXd proximalDirection(const Eigen::MatrixXd &Hlower, const Eigen::VectorXd &g,
                                  const Eigen::VectorXd &theta, const Penalty &pen)
{
    const Eigen::MatrixXd H = Hlower.selfadjointView<Eigen::Lower>();
    const Eigen::Index m = g.size();
    Eigen::VectorXd delta = Eigen::VectorXd::Zero(m), Hd = Eigen::VectorXd::Zero(m);
    for (int sweep = 0; sweep < 1000; ++sweep) {
        double biggest = 0, size = 0;
        for (Eigen::Index j = 0; j < m; ++j) {
            const double a = H(j, j);
            if (!(a > 0))
                continue;
            const double u = theta[j] + delta[j];
            const double q = g[j] + Hd[j];
            const double nu = pen.penalised(j) ? softThreshold(u - q / a, pen.l1 / a) : u - q / a;
            const double change = nu - u;
            if (change != 0) {
                delta[j] += change;
                Hd.noalias() += change * H.col(j);
            }
            biggest = std::max(biggest, std::abs(change));
            size = std::max(size, std::abs(nu));
        }
        if (biggest <= 1e-13 * std::max(1.0, size))
            break;
    }
    return delta;
}

Result<ModelPtr> fitLogistic(const Dataset &data, const Params &params, Task, JobContext &ctx)
{
    const QString penaltyName = params.text(QStringLiteral("penalty"));
    const double C = params.real(QStringLiteral("C"));
    const double ratio = params.real(QStringLiteral("l1_ratio"));
    const bool intercept = params.flag(QStringLiteral("fit_intercept"));
    const int maxIter = int(params.integer(QStringLiteral("max_iter")));
    const double tol = params.real(QStringLiteral("tol"));
    if (!(C > 0))
        return Error{QStringLiteral("logistic regression: C must be greater than 0")};
    const int K = data.classCount;
    if (K < 2 || data.y.size() != data.rows())
        return Error{QStringLiteral("logistic regression needs a class target")};
    std::vector<double> classWeight(K, 0.0);
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        const int c = int(data.y[i]);
        if (c < 0 || c >= K)
            return Error{QStringLiteral("logistic regression: class index out of range")};
        classWeight[c] += data.weightOf(i);
    }
    int present = 0;
    for (double w : classWeight)
        present += w > 0 ? 1 : 0;
    if (present < 2)
        return Error{QStringLiteral("logistic regression needs rows of at least two classes; the "
                                    "training data has only one")};

    LogisticObjective objective(data, intercept, ctx);
    Penalty pen;
    pen.p = data.cols();
    pen.q = objective.perOutput();
    if (penaltyName == QLatin1String("l2")) {
        pen.l2 = 1.0 / C;
    } else if (penaltyName == QLatin1String("l1")) {
        pen.l1 = 1.0 / C;
    } else if (penaltyName == QLatin1String("elasticnet")) {
        pen.l1 = ratio / C;
        pen.l2 = (1.0 - ratio) / C;
    }
    const double totalWeight = std::accumulate(classWeight.begin(), classWeight.end(), 0.0);

    // Newton (or proximal Newton) with a backtracking line search. Each iteration evaluates
    // the loss, gradient and Hessian at the full step in one pass over X; only when the full
    // step is refused does the search fall back along the scores, without reading X.
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(objective.size()), grad;
    Eigen::MatrixXd H;
    double loss = objective.derivatives(grad, H);
    std::vector<double> curve;
    bool converged = false;
    int iter = 0;
    const auto addPenalty = [&](const Eigen::VectorXd &at, Eigen::VectorXd &g, Eigen::MatrixXd &h) {
        for (Eigen::Index j = 0; j < at.size(); ++j)
            if (pen.penalised(j)) {
                g[j] += pen.l2 * at[j];
                h(j, j) += pen.l2;
            }
    };
    addPenalty(theta, grad, H);
    for (;; ++iter) {
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        const double F = loss + pen.value(theta);
        curve.push_back(F / totalWeight);
        if (optimality(grad, theta, pen) <= tol) {
            converged = true;
            break;
        }
        if (iter >= maxIter)
            break;
        const Eigen::VectorXd delta = pen.l1 > 0
                                          ? proximalDirection(H, grad, theta, pen)
                                          : newtonDirection(H, grad, objective.outputs(), pen);
        double decrease = grad.dot(delta);
        if (pen.l1 > 0)
            decrease += pen.l1 * (pen.l1Norm(theta + delta) - pen.l1Norm(theta));
        // No descent left above the rounding of F: at the optimum to machine precision.
        if (!(decrease < -1e-15 * std::max(1.0, std::abs(F)))) {
            converged = true;
            break;
        }
        Eigen::VectorXd g2;
        Eigen::MatrixXd H2;
        const double full = objective.evaluate(theta + delta, g2, H2);
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        if (full + pen.value(theta + delta) <= F + 1e-4 * decrease) {
            theta += delta;
            objective.moveTo(1.0);
            loss = full;
            grad.swap(g2);
            H.swap(H2);
        } else {
            double t = 0.5;
            bool accepted = false;
            for (int tries = 0; tries < 60; ++tries, t *= 0.5) {
                const double Fnew = objective.lossBetween(t) + pen.value(theta + t * delta);
                if (Fnew <= F + 1e-4 * t * decrease) {
                    accepted = true;
                    break;
                }
            }
            if (!accepted) { // stalled at the precision of the sums: at the optimum
                converged = true;
                break;
            }
            theta += t * delta;
            objective.moveTo(t);
            loss = objective.derivatives(grad, H);
        }
        addPenalty(theta, grad, H);
        ctx.setProgress(double(iter + 1) / maxIter, QStringLiteral("Newton iterations"));
    }
    if (!converged)
        ctx.log(QStringLiteral("logistic regression: stopped after %1 iterations before the "
                               "gradient fell below tol")
                    .arg(iter));

    const int rows = objective.outputs();
    Eigen::MatrixXd coef(rows, pen.p);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(rows);
    for (int k = 0; k < rows; ++k) {
        coef.row(k) = theta.segment(k * pen.q, pen.p).transpose();
        if (intercept)
            b[k] = theta[k * pen.q + pen.p];
    }
    if (rows > 1) { // softmax is unchanged by a shift: report the centred solution
        b.array() -= b.mean();
        if (pen.l1 == 0 && pen.l2 == 0)
            coef.rowwise() -= coef.colwise().mean();
    }
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<LinearModel>(
        kId, Task::Classification, std::move(coef), std::move(b), K,
        QJsonObject{{QStringLiteral("iterations"), iter},
                    {QStringLiteral("converged"), converged},
                    {QStringLiteral("penalty"), penaltyName}},
        LinearLink::Logistic, std::move(curve), QStringLiteral("penalized_log_loss")));
}

} // namespace

EstimatorInfo logisticRegressionEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Logistic regression");
    e.help = QStringLiteral(
        "A linear classifier giving class probabilities (scikit-learn's LogisticRegression): "
        "sigmoid for two classes, softmax (multinomial) for more. Fast, robust and easy to read; "
        "standardise the features so the penalty treats them alike.");
    e.tasks = {Task::Classification};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("penalty"),
                  QStringLiteral("Penalty"),
                  QStringLiteral("l2 (default) shrinks every coefficient; l1 sets some to zero; "
                                 "elasticnet mixes both (see l1_ratio); none fits without one."),
                  ParamKind::Choice,
                  QStringLiteral("l2"),
                  {},
                  {},
                  QStringList{QStringLiteral("l2"), QStringLiteral("l1"),
                              QStringLiteral("elasticnet"), QStringLiteral("none")}},
        ParamInfo{QStringLiteral("C"), QStringLiteral("Inverse penalty strength (C)"),
                  QStringLiteral("Smaller values penalise more (default 1.0); must be > 0."),
                  ParamKind::Double, 1.0, 0.0},
        ParamInfo{QStringLiteral("l1_ratio"), QStringLiteral("L1 ratio"),
                  QStringLiteral("With penalty elasticnet: the share of L1 (default 0.5)."),
                  ParamKind::Double, 0.5, 0.0, 1.0},
        ParamInfo{QStringLiteral("fit_intercept"), QStringLiteral("Fit an intercept"),
                  QStringLiteral("Learn a constant term, not penalised (default: on)."),
                  ParamKind::Bool, true},
        ParamInfo{QStringLiteral("max_iter"), QStringLiteral("Maximum iterations"),
                  QStringLiteral("Most Newton iterations (default 100)."), ParamKind::Int, 100, 1.0,
                  1e9},
        ParamInfo{QStringLiteral("tol"), QStringLiteral("Tolerance"),
                  QStringLiteral("Stop when no entry of the objective's (sub)gradient exceeds "
                                 "tol (default 1e-4), as scikit-learn's lbfgs."),
                  ParamKind::Double, 1e-4, 0.0},
        classWeightParam()};
    e.fit = fitLogistic;
    e.fromJson = [](const QJsonObject &json) { return LinearModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

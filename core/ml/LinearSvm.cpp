#include "LinearSvm.h"

#include "LinearSupport.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "util/SplitMix64.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("linear_svm");

struct BinaryResult
{
    Eigen::VectorXd w; // features then the intercept's weight
    std::vector<double> objective;
    int iterations = 0;
    bool converged = false;
};

// Dual coordinate descent for one binary problem (labels ±1). Xa: rows × (features + 1), row
// major, the last column the intercept feature; cost: per-row C (C · sample weight).
BinaryResult dualCoordinateDescent(
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> &Xa,
    const std::vector<double> &label, const std::vector<double> &cost, bool squared, double tol,
    int maxIter, std::uint64_t seed, JobContext &ctx, bool report)
{
    const Eigen::Index n = Xa.rows(), d = Xa.cols();
    constexpr double inf = std::numeric_limits<double>::infinity();
    BinaryResult r;
    r.w = Eigen::VectorXd::Zero(d);
    std::vector<double> alpha(n, 0.0), diag(n), upper(n), QD(n);
    std::vector<Eigen::Index> index(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        diag[i] = squared ? 0.5 / cost[i] : 0.0;
        upper[i] = squared ? inf : cost[i];
        QD[i] = diag[i] + Xa.row(i).squaredNorm();
        index[i] = i;
    }
    SplitMix64 rng{seed};
    Eigen::Index active = n;
    double pgMaxOld = inf, pgMinOld = -inf;
    for (int iter = 0; iter < maxIter; ++iter) {
        if (ctx.isCanceled())
            break;
        if (report)
            ctx.setProgress(double(iter) / maxIter, QStringLiteral("dual coordinate descent"));
        double pgMax = -inf, pgMin = inf;
        for (Eigen::Index s = 0; s < active; ++s)
            std::swap(index[s], index[s + Eigen::Index(rng.below(std::uint64_t(active - s)))]);
        for (Eigen::Index s = 0; s < active; ++s) {
            const Eigen::Index i = index[s];
            const double yi = label[i];
            const double G = yi * Xa.row(i).dot(r.w) - 1.0 + alpha[i] * diag[i];
            double pg = 0;
            if (alpha[i] == 0) {
                if (G > pgMaxOld) { // shrink: stays at the bound
                    --active;
                    std::swap(index[s], index[active]);
                    --s;
                    continue;
                }
                if (G < 0)
                    pg = G;
            } else if (alpha[i] == upper[i]) {
                if (G < pgMinOld) {
                    --active;
                    std::swap(index[s], index[active]);
                    --s;
                    continue;
                }
                if (G > 0)
                    pg = G;
            } else {
                pg = G;
            }
            pgMax = std::max(pgMax, pg);
            pgMin = std::min(pgMin, pg);
            if (std::abs(pg) > 1e-12) {
                const double old = alpha[i];
                alpha[i] = std::min(std::max(alpha[i] - G / QD[i], 0.0), upper[i]);
                r.w.noalias() += ((alpha[i] - old) * yi) * Xa.row(i).transpose();
            }
        }
        r.iterations = iter + 1;
        // Primal objective: ||w||² / 2 + Σ C_i loss_i.
        double obj = 0.5 * r.w.squaredNorm();
        for (Eigen::Index i = 0; i < n; ++i) {
            const double margin = std::max(0.0, 1.0 - label[i] * Xa.row(i).dot(r.w));
            obj += cost[i] * (squared ? margin * margin : margin);
        }
        r.objective.push_back(obj);
        if (pgMax - pgMin <= tol) {
            if (active == n) {
                r.converged = true;
                break;
            }
            active = n; // check once more without shrinking
            pgMaxOld = inf;
            pgMinOld = -inf;
            continue;
        }
        pgMaxOld = pgMax <= 0 ? inf : pgMax;
        pgMinOld = pgMin >= 0 ? -inf : pgMin;
    }
    return r;
}

Result<ModelPtr> fitLinearSvm(const Dataset &data, const Params &params, Task, JobContext &ctx)
{
    const double C = params.real(QStringLiteral("C"));
    const bool squared = params.text(QStringLiteral("loss")) == QLatin1String("squared_hinge");
    const bool intercept = params.flag(QStringLiteral("fit_intercept"));
    const double scaling = params.real(QStringLiteral("intercept_scaling"));
    const double tol = params.real(QStringLiteral("tol"));
    const int maxIter = int(params.integer(QStringLiteral("max_iter")));
    if (!(C > 0))
        return Error{QStringLiteral("linear SVM: C must be greater than 0")};
    const int K = data.classCount;
    if (K < 2 || data.y.size() != data.rows())
        return Error{QStringLiteral("linear SVM needs a class target")};
    // Rows of zero weight take no part, as in scikit-learn's liblinear.
    std::vector<Eigen::Index> keep;
    std::vector<int> present(K, 0);
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        const int c = int(data.y[i]);
        if (c < 0 || c >= K)
            return Error{QStringLiteral("linear SVM: class index out of range")};
        if (data.weightOf(i) > 0) {
            keep.push_back(i);
            present[c] = 1;
        }
    }
    if (std::accumulate(present.begin(), present.end(), 0) < 2)
        return Error{QStringLiteral("linear SVM needs rows of at least two classes; the training "
                                    "data has only one")};
    const Eigen::Index n = Eigen::Index(keep.size()), p = data.cols();
    const Eigen::Index d = p + (intercept ? 1 : 0);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> Xa(n, d);
    std::vector<double> cost(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        Xa.row(r).head(p) = data.X.row(keep[r]);
        if (intercept)
            Xa(r, p) = scaling;
        cost[r] = C * data.weightOf(keep[r]);
    }
    // Binary: one problem, class 1 positive. More: one-vs-rest, one problem per class.
    const int problems = K == 2 ? 1 : K;
    std::vector<BinaryResult> results(problems);
    std::atomic<int> done{0};
    parallelFor(ctx, problems, [&](std::int64_t k) {
        const int positive = problems == 1 ? 1 : int(k);
        std::vector<double> label(n);
        for (Eigen::Index r = 0; r < n; ++r)
            label[r] = int(data.y[keep[r]]) == positive ? 1.0 : -1.0;
        SplitMix64 seeder{ctx.seed() + std::uint64_t(k)};
        results[k] = dualCoordinateDescent(Xa, label, cost, squared, tol, maxIter, seeder.next(),
                                           ctx, problems == 1);
        ctx.setProgress(double(++done) / problems, QStringLiteral("dual coordinate descent"));
    });
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    Eigen::MatrixXd coef(problems, p);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(problems);
    std::vector<double> curve;
    int iterations = 0;
    bool converged = true;
    for (int k = 0; k < problems; ++k) {
        const BinaryResult &r = results[k];
        coef.row(k) = r.w.head(p).transpose();
        if (intercept)
            b[k] = scaling * r.w[p];
        iterations = std::max(iterations, r.iterations);
        converged = converged && r.converged;
    }
    // The curve: the sum of the per-class objectives, each held at its last value.
    size_t longest = 0;
    for (const BinaryResult &r : results)
        longest = std::max(longest, r.objective.size());
    curve.assign(longest, 0.0);
    for (const BinaryResult &r : results)
        for (size_t t = 0; t < longest && !r.objective.empty(); ++t)
            curve[t] += r.objective[std::min(t, r.objective.size() - 1)];
    if (!converged)
        ctx.log(QStringLiteral("linear SVM: dual coordinate descent did not converge in %1 "
                               "iterations; raise max_iter")
                    .arg(maxIter));
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<LinearModel>(
        kId, Task::Classification, std::move(coef), std::move(b), K,
        QJsonObject{{QStringLiteral("iterations"), iterations},
                    {QStringLiteral("converged"), converged}},
        LinearLink::Margin, std::move(curve), QStringLiteral("primal_objective")));
}

} // namespace

EstimatorInfo linearSvmEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Linear SVM");
    e.help = QStringLiteral(
        "A linear support vector classifier (scikit-learn's LinearSVC, liblinear): the "
        "separating hyperplane with the widest margin. Scales to many rows and features; "
        "gives margins, not probabilities. One-vs-rest for more than two classes. Standardise "
        "the features first.");
    e.tasks = {Task::Classification};
    e.scaleSensitive = true;
    e.params = {
        ParamInfo{QStringLiteral("C"), QStringLiteral("Inverse penalty strength (C)"),
                  QStringLiteral("Smaller values penalise more, widening the margin (default "
                                 "1.0); must be > 0."),
                  ParamKind::Double, 1.0, 0.0},
        ParamInfo{QStringLiteral("loss"),
                  QStringLiteral("Loss"),
                  QStringLiteral("squared_hinge (default) or hinge (the classic SVM)."),
                  ParamKind::Choice,
                  QStringLiteral("squared_hinge"),
                  {},
                  {},
                  QStringList{QStringLiteral("squared_hinge"), QStringLiteral("hinge")}},
        ParamInfo{QStringLiteral("fit_intercept"), QStringLiteral("Fit an intercept"),
                  QStringLiteral("Learn a constant term, as a constant extra feature that is "
                                 "regularised like the others (default: on)."),
                  ParamKind::Bool, true},
        ParamInfo{QStringLiteral("intercept_scaling"), QStringLiteral("Intercept scaling"),
                  QStringLiteral("The value of the constant feature (default 1); larger values "
                                 "penalise the intercept less."),
                  ParamKind::Double, 1.0, 1e-12},
        ParamInfo{QStringLiteral("tol"), QStringLiteral("Tolerance"),
                  QStringLiteral("Stop when the projected gradient's spread is below tol "
                                 "(default 1e-4)."),
                  ParamKind::Double, 1e-4, 0.0},
        ParamInfo{QStringLiteral("max_iter"), QStringLiteral("Maximum iterations"),
                  QStringLiteral("Most passes over the rows (default 1000)."), ParamKind::Int, 1000,
                  1.0, 1e9},
        classWeightParam()};
    e.fit = fitLinearSvm;
    e.fromJson = [](const QJsonObject &json) { return LinearModel::fromJson(json); };
    return e;
}

} // namespace flowline::core::ml

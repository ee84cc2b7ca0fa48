#include "NaiveBayes.h"

#include "ModelJson.h"
#include "jobs/JobContext.h"

#include <cmath>
#include <numbers>

namespace flowline::core::ml {

namespace {

const QString kId = QStringLiteral("naive_bayes");

// Gaussian: a = class means, b = class variances. Multinomial: a = log feature probabilities,
// b unused (empty). logPrior: one per class (-inf for a class with no weight).
class NaiveBayesModel : public Model
{
public:
    NaiveBayesModel(bool gaussian, Eigen::MatrixXd a, Eigen::MatrixXd b, Eigen::VectorXd logPrior)
        : m_gaussian(gaussian)
        , m_a(std::move(a))
        , m_b(std::move(b))
        , m_logPrior(std::move(logPrior))
    {}

    QString algorithm() const override { return kId; }
    Task task() const override { return Task::Classification; }
    int featureCount() const override { return int(m_a.cols()); }
    int classCount() const override { return int(m_a.rows()); }

    Eigen::VectorXd predict(const Eigen::MatrixXd &X, JobContext &) const override
    {
        const Eigen::MatrixXd j = jointLogLikelihood(X);
        Eigen::VectorXd out(X.rows());
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            Eigen::Index best = 0;
            j.row(i).maxCoeff(&best);
            out[i] = double(best);
        }
        return out;
    }

    Eigen::MatrixXd predictProba(const Eigen::MatrixXd &X, JobContext &) const override
    {
        Eigen::MatrixXd p = jointLogLikelihood(X);
        for (Eigen::Index i = 0; i < p.rows(); ++i) {
            const double m = p.row(i).maxCoeff();
            const double lse = m + std::log((p.row(i).array() - m).exp().sum());
            p.row(i) = (p.row(i).array() - lse).exp().matrix();
        }
        return p;
    }

    Learned learned() const override
    {
        Learned l;
        l.coefficients = m_a;
        l.intercepts = m_logPrior;
        for (Eigen::Index c = 0; c < m_a.rows(); ++c)
            l.coefficientRows << QString::number(c);
        l.extra.insert(QStringLiteral("distribution"),
                       m_gaussian ? QStringLiteral("gaussian") : QStringLiteral("multinomial"));
        l.extra.insert(QStringLiteral("coefficients"),
                       m_gaussian ? QStringLiteral("class means")
                                  : QStringLiteral("log feature probabilities"));
        if (m_gaussian)
            l.extra.insert(QStringLiteral("variances"), matrixToJson(m_b));
        return l;
    }

    QJsonObject toJson() const override
    {
        return QJsonObject{{QStringLiteral("algorithm"), kId},
                           {QStringLiteral("distribution"), m_gaussian
                                                                ? QStringLiteral("gaussian")
                                                                : QStringLiteral("multinomial")},
                           {QStringLiteral("a"), matrixToJson(m_a)},
                           {QStringLiteral("b"), matrixToJson(m_b)},
                           {QStringLiteral("log_prior"), vectorToJson(m_logPrior)}};
    }

private:
    Eigen::MatrixXd jointLogLikelihood(const Eigen::MatrixXd &X) const
    {
        const Eigen::Index K = m_a.rows();
        Eigen::MatrixXd j(X.rows(), K);
        if (!m_gaussian) {
            j.noalias() = X * m_a.transpose();
            j.rowwise() += m_logPrior.transpose();
            return j;
        }
        for (Eigen::Index c = 0; c < K; ++c) {
            if (m_logPrior[c] == -INFINITY) {
                j.col(c).setConstant(-INFINITY);
                continue;
            }
            const double norm = -0.5 * (2.0 * std::numbers::pi * m_b.row(c).array()).log().sum();
            const Eigen::ArrayXd var = m_b.row(c).transpose().array();
            for (Eigen::Index i = 0; i < X.rows(); ++i) {
                const Eigen::ArrayXd diff =
                    X.row(i).transpose().array() - m_a.row(c).transpose().array();
                j(i, c) = m_logPrior[c] + (norm - 0.5 * (diff.square() / var).sum());
            }
        }
        return j;
    }

    bool m_gaussian;
    Eigen::MatrixXd m_a, m_b;
    Eigen::VectorXd m_logPrior;
};

Result<ModelPtr> fitNaiveBayes(const Dataset &data, const Params &params, Task task,
                               JobContext &ctx)
{
    if (task != Task::Classification)
        return Error{QStringLiteral("naive Bayes does classification only")};
    const bool gaussian = params.text(QStringLiteral("distribution")) == QLatin1String("gaussian");
    const Eigen::Index n = data.rows(), d = data.cols();
    const int K = data.classCount;
    if (n < 1 || d < 1 || K < 2)
        return Error{QStringLiteral("naive Bayes needs rows, features and two classes")};
    Eigen::VectorXd w = data.weighted() ? data.weight : Eigen::VectorXd::Ones(n);
    if ((w.array() < 0).any())
        return Error{QStringLiteral("naive Bayes: negative sample weights")};
    Eigen::VectorXd classWeight = Eigen::VectorXd::Zero(K);
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(K, d); // weighted feature sums per class
    for (Eigen::Index j = 0; j < d; ++j)
        for (Eigen::Index i = 0; i < n; ++i)
            sums(Eigen::Index(data.y[i]), j) += w[i] * data.X(i, j);
    for (Eigen::Index i = 0; i < n; ++i)
        classWeight[Eigen::Index(data.y[i])] += w[i];
    if (classWeight.sum() <= 0)
        return Error{QStringLiteral("naive Bayes: the sample weights sum to zero")};

    Eigen::VectorXd logPrior(K);
    if (params.flag(QStringLiteral("fit_prior")))
        logPrior = (classWeight / classWeight.sum()).array().log().matrix();
    else
        logPrior.setConstant(-std::log(double(K)));

    if (gaussian) {
        // var_smoothing × the largest (unweighted) feature variance, as scikit-learn.
        const Eigen::RowVectorXd mean = data.X.colwise().mean();
        const double maxVar =
            ((data.X.rowwise() - mean).array().square().colwise().sum() / double(n)).maxCoeff();
        const double epsilon = params.real(QStringLiteral("var_smoothing")) * maxVar;
        Eigen::MatrixXd theta = Eigen::MatrixXd::Zero(K, d);
        Eigen::MatrixXd var = Eigen::MatrixXd::Zero(K, d);
        for (int c = 0; c < K; ++c)
            if (classWeight[c] > 0)
                theta.row(c) = sums.row(c) / classWeight[c];
        for (Eigen::Index j = 0; j < d; ++j)
            for (Eigen::Index i = 0; i < n; ++i) {
                const Eigen::Index c = Eigen::Index(data.y[i]);
                const double t = data.X(i, j) - theta(c, j);
                var(c, j) += w[i] * t * t;
            }
        for (int c = 0; c < K; ++c) {
            if (classWeight[c] > 0)
                var.row(c) /= classWeight[c];
            var.row(c).array() += epsilon;
            if (classWeight[c] > 0 && (var.row(c).array() <= 0).any())
                return Error{QStringLiteral("naive Bayes (gaussian): every feature is constant; "
                                            "raise var_smoothing or add features")};
        }
        ctx.setProgress(1.0);
        return ModelPtr(std::make_shared<NaiveBayesModel>(true, std::move(theta), std::move(var),
                                                          std::move(logPrior)));
    }

    for (Eigen::Index j = 0; j < d; ++j)
        if ((data.X.col(j).array() < 0).any())
            return Error{QStringLiteral("naive Bayes (multinomial) needs non-negative features "
                                        "(counts or frequencies): column '%1' has negative values")
                             .arg(j < data.features.size() ? data.features[int(j)]
                                                           : QString::number(j + 1))};
    const double alpha = std::max(params.real(QStringLiteral("alpha")), 1e-10);
    const Eigen::MatrixXd smoothed = sums.array() + alpha;
    Eigen::MatrixXd logProb = smoothed.array().log().matrix();
    for (int c = 0; c < K; ++c)
        logProb.row(c).array() -= std::log(smoothed.row(c).sum());
    ctx.setProgress(1.0);
    return ModelPtr(std::make_shared<NaiveBayesModel>(false, std::move(logProb), Eigen::MatrixXd(),
                                                      std::move(logPrior)));
}

Result<ModelPtr> naiveBayesFromJson(const QJsonObject &json)
{
    const QString dist = json.value(QStringLiteral("distribution")).toString();
    if (dist != QLatin1String("gaussian") && dist != QLatin1String("multinomial"))
        return Error{QStringLiteral("model field 'distribution': unknown '%1'").arg(dist)};
    const bool gaussian = dist == QLatin1String("gaussian");
    auto a = matrixFromJson(json.value(QStringLiteral("a")), QStringLiteral("a"));
    if (!a)
        return a.error();
    if (a->rows() < 2 || a->cols() < 1)
        return Error{QStringLiteral("model field 'a': needs two classes and a feature")};
    auto b = matrixFromJson(json.value(QStringLiteral("b")), QStringLiteral("b"),
                            gaussian ? a->rows() : 0, gaussian ? a->cols() : 0);
    if (!b)
        return b.error();
    if (gaussian && (b->array() <= 0).any())
        return Error{QStringLiteral("model field 'b': variances must be positive")};
    auto prior = vectorFromJson(json.value(QStringLiteral("log_prior")),
                                QStringLiteral("log_prior"), a->rows());
    if (!prior)
        return prior.error();
    return ModelPtr(std::make_shared<NaiveBayesModel>(gaussian, std::move(*a), std::move(*b),
                                                      std::move(*prior)));
}

} // namespace

EstimatorInfo naiveBayesEstimator()
{
    EstimatorInfo e;
    e.id = kId;
    e.name = QStringLiteral("Naive Bayes");
    e.help = QStringLiteral(
        "A probabilistic classifier that treats the features as independent given the class "
        "(scikit-learn's GaussianNB, or MultinomialNB for counts). Very fast, needs little "
        "data, a good baseline; its probabilities are often over-confident.");
    e.tasks = {Task::Classification};
    e.params = {
        ParamInfo{QStringLiteral("distribution"),
                  QStringLiteral("Distribution"),
                  QStringLiteral("gaussian: each feature normal within a class (default). "
                                 "multinomial: counts or frequencies (non-negative features)."),
                  ParamKind::Choice,
                  QStringLiteral("gaussian"),
                  {},
                  {},
                  QStringList{QStringLiteral("gaussian"), QStringLiteral("multinomial")}},
        ParamInfo{QStringLiteral("var_smoothing"), QStringLiteral("Variance smoothing"),
                  QStringLiteral("Gaussian: this share of the largest feature variance is added "
                                 "to every variance, for stability (default 1e-9)."),
                  ParamKind::Double, 1e-9, 0.0, 1e6},
        ParamInfo{QStringLiteral("alpha"), QStringLiteral("Smoothing (alpha)"),
                  QStringLiteral("Multinomial: added to every feature count, so an unseen "
                                 "feature does not rule a class out (default 1.0)."),
                  ParamKind::Double, 1.0, 0.0, 1e9},
        ParamInfo{QStringLiteral("fit_prior"), QStringLiteral("Learn class priors"),
                  QStringLiteral("On (default): class priors are the classes' (weighted) "
                                 "shares of the rows. Off: every class equally likely."),
                  ParamKind::Bool, true},
        classWeightParam(),
    };
    e.fit = fitNaiveBayes;
    e.fromJson = naiveBayesFromJson;
    return e;
}

} // namespace flowline::core::ml

#include "LinearSupport.h"

#include "Estimator.h"
#include "ModelJson.h"
#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>

namespace flowline::core::ml {

Centered centerForFit(const Dataset &data, bool intercept)
{
    Centered c;
    c.X = data.X;
    c.y = data.y;
    c.xMean = Eigen::RowVectorXd::Zero(data.cols());
    if (!intercept)
        return c;
    if (data.weighted()) {
        const double total = data.weight.sum();
        c.xMean = (data.weight.transpose() * data.X) / total;
        c.yMean = data.weight.dot(data.y) / total;
    } else {
        c.xMean = data.X.colwise().mean();
        c.yMean = data.y.size() ? data.y.mean() : 0.0;
    }
    c.X.rowwise() -= c.xMean;
    c.y.array() -= c.yMean;
    return c;
}

Eigen::Index rowChunkCount(Eigen::Index rows)
{
    return std::clamp<Eigen::Index>(rows / kMinChunkRows, 1, kMaxRowChunks);
}

void forRowChunks(JobContext &ctx, Eigen::Index rows,
                  const std::function<void(Eigen::Index, Eigen::Index, Eigen::Index)> &body)
{
    const Eigen::Index chunks = rowChunkCount(rows);
    const auto bound = [&](Eigen::Index c) { return Eigen::Index(rows * c / chunks); };
    if (chunks == 1) {
        body(0, 0, rows);
        return;
    }
    parallelFor(ctx, chunks, [&](std::int64_t c) {
        const Eigen::Index first = bound(Eigen::Index(c));
        body(Eigen::Index(c), first, bound(Eigen::Index(c) + 1) - first);
    });
}

LinearModel::LinearModel(QString algorithm, Task task, Eigen::MatrixXd coefficients,
                         Eigen::VectorXd intercepts, int classCount, QJsonObject extra,
                         LinearLink link, std::vector<double> loss, QString lossName)
    : m_algorithm(std::move(algorithm))
    , m_task(task)
    , m_coefficients(std::move(coefficients))
    , m_intercepts(std::move(intercepts))
    , m_classCount(classCount)
    , m_extra(std::move(extra))
    , m_link(link)
    , m_loss(std::move(loss))
    , m_lossName(std::move(lossName))
{}

Eigen::MatrixXd LinearModel::scores(const Eigen::MatrixXd &X) const
{
    Eigen::MatrixXd s = X * m_coefficients.transpose();
    s.rowwise() += m_intercepts.transpose();
    return s;
}

Eigen::VectorXd LinearModel::predict(const Eigen::MatrixXd &X, JobContext &) const
{
    const Eigen::MatrixXd s = scores(X);
    if (m_task == Task::Regression)
        return s.col(0);
    Eigen::VectorXd out(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        if (s.cols() == 1) {
            out[i] = s(i, 0) > 0 ? 1.0 : 0.0;
        } else {
            Eigen::Index best = 0;
            s.row(i).maxCoeff(&best); // first maximum on ties, as numpy's argmax
            out[i] = double(best);
        }
    }
    return out;
}

Eigen::MatrixXd LinearModel::predictProba(const Eigen::MatrixXd &X, JobContext &) const
{
    if (m_task != Task::Classification || m_link != LinearLink::Logistic)
        return {};
    const Eigen::MatrixXd s = scores(X);
    Eigen::MatrixXd p(X.rows(), m_classCount);
    if (s.cols() == 1) {
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            const double z = s(i, 0);
            const double p1 =
                z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
            p(i, 0) = 1.0 - p1;
            p(i, 1) = p1;
        }
        return p;
    }
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double m = s.row(i).maxCoeff();
        const Eigen::RowVectorXd e = (s.row(i).array() - m).exp().matrix();
        p.row(i) = e / e.sum();
    }
    return p;
}

Eigen::MatrixXd LinearModel::decisionFunction(const Eigen::MatrixXd &X, JobContext &) const
{
    if (m_task != Task::Classification)
        return {};
    return scores(X);
}

Learned LinearModel::learned() const
{
    Learned l;
    l.coefficients = m_coefficients;
    l.intercepts = m_intercepts;
    for (Eigen::Index r = 0; r < m_coefficients.rows(); ++r)
        l.coefficientRows << (m_task == Task::Regression
                                  ? QStringLiteral("y")
                                  : QString::number(m_coefficients.rows() == 1 ? 1 : r));
    l.loss = m_loss;
    l.lossName = m_lossName;
    l.extra = m_extra;
    return l;
}

static QString linkName(LinearLink link)
{
    switch (link) {
    case LinearLink::Identity:
        return QStringLiteral("identity");
    case LinearLink::Logistic:
        return QStringLiteral("logistic");
    case LinearLink::Margin:
        return QStringLiteral("margin");
    }
    return {};
}

QJsonObject LinearModel::toJson() const
{
    return QJsonObject{{QStringLiteral("algorithm"), m_algorithm},
                       {QStringLiteral("task"), taskName(m_task)},
                       {QStringLiteral("link"), linkName(m_link)},
                       {QStringLiteral("classes"), m_classCount},
                       {QStringLiteral("coefficients"), matrixToJson(m_coefficients)},
                       {QStringLiteral("intercepts"), vectorToJson(m_intercepts)},
                       {QStringLiteral("loss"), vectorToJson(m_loss)},
                       {QStringLiteral("loss_name"), m_lossName},
                       {QStringLiteral("extra"), m_extra}};
}

Result<ModelPtr> LinearModel::fromJson(const QJsonObject &json)
{
    auto parsedTask = supervisedTaskFromJson(json);
    if (!parsedTask)
        return parsedTask.error();
    const Task task = *parsedTask;
    const QString linkText = json.value(QStringLiteral("link")).toString();
    LinearLink link;
    if (linkText == QLatin1String("identity"))
        link = LinearLink::Identity;
    else if (linkText == QLatin1String("logistic"))
        link = LinearLink::Logistic;
    else if (linkText == QLatin1String("margin"))
        link = LinearLink::Margin;
    else
        return Error{QStringLiteral("model field 'link': unknown link '%1'").arg(linkText)};
    auto classes = classCountFromJson(json, task, 1 << 20);
    if (!classes)
        return classes.error();
    auto coef =
        matrixFromJson(json.value(QStringLiteral("coefficients")), QStringLiteral("coefficients"));
    if (!coef)
        return coef.error();
    const Eigen::Index rows = coef->rows();
    const bool rowsOk =
        task == Task::Regression ? rows == 1 : (rows == 1 ? *classes == 2 : rows == *classes);
    if (!rowsOk)
        return Error{QStringLiteral("model field 'coefficients': wrong number of rows")};
    auto icpt = vectorFromJson(json.value(QStringLiteral("intercepts")),
                               QStringLiteral("intercepts"), rows);
    if (!icpt)
        return icpt.error();
    auto loss = stdVectorFromJson(json.value(QStringLiteral("loss")), QStringLiteral("loss"));
    if (!loss)
        return loss.error();
    return ModelPtr(std::make_shared<LinearModel>(
        json.value(QStringLiteral("algorithm")).toString(), task, std::move(*coef),
        std::move(*icpt), int(*classes), json.value(QStringLiteral("extra")).toObject(), link,
        std::move(*loss), json.value(QStringLiteral("loss_name")).toString()));
}

} // namespace flowline::core::ml

#include "MlpModel.h"

#include "ModelJson.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

namespace flowline::core::ml {

namespace {

// Rows per block: fixed, so a row's output does not depend on the thread count.
constexpr Eigen::Index kPredictBlock = 256;

MlpOutput outputFor(Task task, int classCount)
{
    if (task == Task::Regression)
        return MlpOutput::Identity;
    return classCount == 2 ? MlpOutput::Logistic : MlpOutput::Softmax;
}

} // namespace

MlpModel::MlpModel(Task task, int classCount, MlpSpec spec, MlpParameters params,
                   MlpHistory history)
    : m_task(task)
    , m_classCount(classCount)
    , m_spec(spec)
    , m_params(std::move(params))
    , m_history(std::move(history))
{}

Eigen::MatrixXd MlpModel::outputs(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    const Eigen::Index n = X.rows();
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(n, m_params.units().back()); // zeros if canceled
    const std::int64_t blocks = (n + kPredictBlock - 1) / kPredictBlock;
    // Each worker takes every workers-th block, reusing its buffers from block to block.
    const std::int64_t workers =
        std::clamp<std::int64_t>(ctx.threads(), 1, std::max<std::int64_t>(blocks, 1));
    auto work = [&](std::int64_t w) {
        MlpWorkspace ws;
        for (std::int64_t b = w; b < blocks; b += workers) {
            const Eigen::Index start = b * kPredictBlock;
            const Eigen::Index rows = std::min(kPredictBlock, n - start);
            out.middleRows(start, rows) =
                mlpForward(m_params, m_spec, X.middleRows(start, rows), ws);
        }
    };
    if (workers == 1)
        work(0);
    else
        parallelFor(ctx, workers, work);
    return out;
}

Eigen::VectorXd MlpModel::predict(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    const Eigen::MatrixXd o = outputs(X, ctx);
    if (m_task == Task::Regression)
        return o.col(0);
    Eigen::VectorXd label(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        if (o.cols() == 1) {
            label[i] = o(i, 0) > 0.5 ? 1.0 : 0.0; // sklearn's LabelBinarizer threshold
        } else {
            Eigen::Index best = 0;
            o.row(i).maxCoeff(&best);
            label[i] = double(best);
        }
    }
    return label;
}

Eigen::MatrixXd MlpModel::predictProba(const Eigen::MatrixXd &X, JobContext &ctx) const
{
    if (m_task != Task::Classification)
        return {};
    Eigen::MatrixXd o = outputs(X, ctx);
    if (o.cols() != 1)
        return o;
    Eigen::MatrixXd p(X.rows(), 2);
    p.col(0) = (1.0 - o.col(0).array()).matrix();
    p.col(1) = o.col(0);
    return p;
}

Learned MlpModel::learned() const
{
    Learned l;
    l.loss = m_history.loss;
    l.lossName = m_task == Task::Regression ? QStringLiteral("half_squared_error")
                                            : QStringLiteral("log_loss");
    l.validation = m_history.validation;
    if (!l.validation.empty())
        l.validationName = m_task == Task::Regression ? QStringLiteral("validation r2")
                                                      : QStringLiteral("validation accuracy");
    const auto w1 = m_params.weights(0);
    Eigen::VectorXd importance = w1.cwiseAbs().rowwise().mean();
    const double sum = importance.sum();
    if (sum > 0)
        importance /= sum;
    l.importances = importance;
    l.extra = m_history.extra;
    l.extra.insert(QStringLiteral("importances"),
                   QStringLiteral("mean absolute first-layer weight per input, normalised to "
                                  "sum 1 (inputs on a common scale make it comparable)"));
    return l;
}

QJsonObject MlpModel::toJson() const
{
    QJsonArray units;
    for (int u : m_params.units())
        units.append(u);
    return QJsonObject{{QStringLiteral("algorithm"), algorithm()},
                       {QStringLiteral("task"), taskName(m_task)},
                       {QStringLiteral("classes"), m_classCount},
                       {QStringLiteral("activation"), activationName(m_spec.hidden)},
                       {QStringLiteral("units"), units},
                       {QStringLiteral("parameters"), vectorToJson(m_params.values)},
                       {QStringLiteral("loss"), vectorToJson(m_history.loss)},
                       {QStringLiteral("validation"), vectorToJson(m_history.validation)},
                       {QStringLiteral("extra"), m_history.extra}};
}

Result<ModelPtr> MlpModel::fromJson(const QJsonObject &json)
{
    auto parsedTask = supervisedTaskFromJson(json);
    if (!parsedTask)
        return parsedTask.error();
    const Task task = *parsedTask;
    auto classes = classCountFromJson(json, task, 1 << 20);
    if (!classes)
        return classes.error();
    MlpSpec spec;
    spec.output = outputFor(task, int(*classes));
    if (!activationFromName(json.value(QStringLiteral("activation")).toString(), spec.hidden))
        return Error{QStringLiteral("model field 'activation': unknown activation")};

    const QJsonValue unitsValue = json.value(QStringLiteral("units"));
    if (!unitsValue.isArray())
        return Error{QStringLiteral("model field 'units': expected an array")};
    const QJsonArray unitsJson = unitsValue.toArray();
    if (unitsJson.size() < 2 || unitsJson.size() > 1026)
        return Error{QStringLiteral("model field 'units': expected 2 to 1026 layers")};
    std::vector<int> units;
    for (const QJsonValue &u : unitsJson) {
        const double x = u.toDouble(-1);
        if (!u.isDouble() || x < 1 || x > 1e7 || x != std::floor(x))
            return Error{QStringLiteral("model field 'units': expected whole numbers 1 to 1e7")};
        units.push_back(int(x));
    }
    const int outputs = task == Task::Regression || *classes == 2 ? 1 : int(*classes);
    if (units.back() != outputs)
        return Error{QStringLiteral("model field 'units': the output layer does not fit the "
                                    "task")};
    Eigen::Index total = 0;
    for (size_t i = 0; i + 1 < units.size(); ++i) {
        total += Eigen::Index(units[i]) * units[i + 1] + units[i + 1];
        if (total > kMaxJsonElements)
            return Error{QStringLiteral("model field 'units': too many parameters")};
    }
    auto values = vectorFromJson(json.value(QStringLiteral("parameters")),
                                 QStringLiteral("parameters"), total);
    if (!values)
        return values.error();
    MlpParameters params(units);
    params.values = std::move(*values);
    MlpHistory history;
    auto loss = stdVectorFromJson(json.value(QStringLiteral("loss")), QStringLiteral("loss"));
    if (!loss)
        return loss.error();
    auto validation =
        stdVectorFromJson(json.value(QStringLiteral("validation")), QStringLiteral("validation"));
    if (!validation)
        return validation.error();
    history.loss = std::move(*loss);
    history.validation = std::move(*validation);
    history.extra = json.value(QStringLiteral("extra")).toObject();
    return ModelPtr(std::make_shared<MlpModel>(task, int(*classes), spec, std::move(params),
                                               std::move(history)));
}

} // namespace flowline::core::ml

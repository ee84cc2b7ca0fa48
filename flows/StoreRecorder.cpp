#include "StoreRecorder.h"

#include "ModelValues.h"
#include "PortValue.h"
#include "artifact/ModelFile.h"
#include "artifact/TableFingerprint.h"
#include "jobs/JobContext.h"
#include "store/ExperimentStore.h"
#include "store/ModelRegistry.h"
#include "store/RunLogger.h"
#include "store/RunRecording.h"

#include <QJsonDocument>

namespace flowline::flows {

namespace {

QString text(const QVariant &v)
{
    if (v.typeId() == QMetaType::QStringList)
        return v.toStringList().join(QLatin1Char(','));
    if (v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

// The algorithm a run is about: a train node's own, a cross-validation's parameter, or for an
// evaluation the algorithm of the model it scores.
QString algorithmOf(const RunStart &start)
{
    if (start.nodeType.startsWith(QLatin1String("model.")))
        return start.nodeType.mid(6);
    if (start.inputs) {
        const QString chosen = start.inputs->params.value(QStringLiteral("algorithm")).toString();
        if (!chosen.isEmpty())
            return chosen;
        for (const auto &port : start.inputs->ports)
            for (const PortValuePtr &v : port)
                if (v && v->type() == PortType::Model)
                    return static_cast<const ModelValue &>(*v).pipeline().algorithm;
    }
    return start.nodeType;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

void recordModel(core::store::RunLogger &run, const core::ml::PipelinePtr &pipeline,
                 const QString &fingerprint)
{
    const core::ml::Pipeline &p = *pipeline;
    const core::ml::Learned learned = p.model->learned();
    std::vector<core::store::MetricPoint> points;
    const QString lossKey = learned.lossName.isEmpty()
                                ? QStringLiteral("loss")
                                : QStringLiteral("train_") + learned.lossName;
    for (std::size_t i = 0; i < learned.loss.size(); ++i)
        points.push_back({lossKey, std::int64_t(i), learned.loss[i]});
    const QString validationKey =
        learned.validationName.isEmpty()
            ? QStringLiteral("validation")
            : QString(learned.validationName).replace(QLatin1Char(' '), QLatin1Char('_'));
    for (std::size_t i = 0; i < learned.validation.size(); ++i)
        points.push_back({validationKey, std::int64_t(i), learned.validation[i]});
    run.metrics(std::move(points));
    run.metric(QStringLiteral("training_rows"), double(p.trainingRows));
    const QJsonObject what = learnedToJson(p);
    if (!what.isEmpty())
        run.artifact({QStringLiteral("learned"), QStringLiteral("learned"), true, compact(what)});
    core::artifact::ModelFile file;
    file.pipeline = pipeline;
    file.provenance.runId = QString::number(run.id());
    file.provenance.dataFingerprint = fingerprint;
    run.artifact({QStringLiteral("model.flmodel"), core::store::artifact_kind::model, false,
                  core::artifact::encodeModelFile(file)});
}

StoreRecorder::StoreRecorder(std::shared_ptr<core::store::ExperimentStore> store)
    : m_store(std::move(store))
{}

StoreRecorder::~StoreRecorder() = default; // open loggers end their runs as failed

QString StoreRecorder::begin(const RunStart &start, core::JobContext &ctx)
{
    core::store::RunStart s;
    s.experiment = start.experiment;
    s.nodeId = start.node;
    s.algorithm = algorithmOf(start);
    s.flowSnapshot = QString::fromUtf8(start.flowSnapshot);
    s.tags.push_back({QStringLiteral("node_type"), start.nodeType});
    if (start.inputs) {
        const QVariantMap &params = start.inputs->params;
        for (auto it = params.begin(); it != params.end(); ++it)
            s.params.push_back({it.key(), text(it.value())});
        if (params.contains(QStringLiteral("seed")))
            s.seed = std::uint64_t(params.value(QStringLiteral("seed")).toLongLong());
        for (std::size_t port = 0; port < start.inputs->ports.size(); ++port)
            for (const PortValuePtr &v : start.inputs->ports[port])
                if (v && v->type() == PortType::Table)
                    s.inputs.push_back({start.inputPorts.value(int(port), QString::number(port)),
                                        core::artifact::tableFingerprint(
                                            static_cast<const TableValue &>(*v).table())});
    }
    auto logger = core::store::RunLogger::start(m_store, s);
    if (!logger) {
        ctx.log(
            QStringLiteral("not recorded in the experiment store: %1").arg(logger.error().message));
        return {};
    }
    const QString id = QString::number(logger->id());
    std::lock_guard lock(m_mutex);
    m_open[id] = OpenRun{std::make_unique<core::store::RunLogger>(std::move(*logger)),
                         s.inputs.empty() ? QString() : s.inputs.front().fingerprint};
    return id;
}

void StoreRecorder::end(const QString &runId, const RunStart & /*start*/,
                        const core::Result<NodeOutputs> &result, bool canceled, double seconds,
                        core::JobContext &ctx)
{
    std::unique_ptr<core::store::RunLogger> run;
    QString fingerprint; // of the first input table, taken when the run began
    {
        std::lock_guard lock(m_mutex);
        auto it = m_open.find(runId);
        if (it == m_open.end())
            return;
        run = std::move(it->second.logger);
        fingerprint = it->second.fingerprint;
        m_open.erase(it);
    }
    run->metric(QStringLiteral("seconds"), seconds);
    if (ctx.peakMemory() > 0) // the process's, while the node ran (Executor's MemoryUse)
        run->metric(QStringLiteral("peak_memory_mib"), double(ctx.peakMemory()) / double(1 << 20));
    core::store::RunStatus status = core::store::RunStatus::Finished;
    QString error;
    if (canceled) {
        status = core::store::RunStatus::Canceled;
    } else if (!result) {
        status = core::store::RunStatus::Failed;
        error = result.error().toString();
    } else {
        for (const PortValuePtr &v : *result) {
            if (!v)
                continue;
            if (v->type() == PortType::Model) {
                recordModel(*run, static_cast<const ModelValue &>(*v).shared(), fingerprint);
                std::lock_guard lock(m_mutex);
                std::erase_if(m_models, [](const auto &m) { return m.first.expired(); });
                m_models.emplace_back(v, ModelOrigin{runId, fingerprint});
            } else if (v->type() == PortType::Evaluation) {
                const auto &ev = static_cast<const EvaluationValue &>(*v);
                if (ev.crossValidation())
                    core::store::recordCrossValidation(*run, *ev.crossValidation());
                else
                    core::store::recordEvaluation(*run, ev.evaluation());
            }
        }
    }
    if (auto done = run->finish(status, error); !done)
        ctx.log(QStringLiteral("the experiment store could not record run %1: %2")
                    .arg(runId, done.error().message));
}

std::optional<RunRecorder::ModelOrigin> StoreRecorder::originOf(const PortValuePtr &model) const
{
    std::lock_guard lock(m_mutex);
    for (const auto &[value, origin] : m_models)
        if (value.lock() == model)
            return origin;
    return std::nullopt;
}

core::Result<RunRecorder::Registered> StoreRecorder::registerModel(const PortValuePtr &model,
                                                                   const QString &name,
                                                                   const QString &stage,
                                                                   const QString &reason)
{
    const auto target =
        core::store::stageFromName(stage.isEmpty() ? QStringLiteral("none") : stage);
    if (!target)
        return core::Error{QStringLiteral("unknown stage '%1' (none, staging, production or "
                                          "archived)")
                               .arg(stage)};
    const auto origin = originOf(model);
    const QString runId = origin ? origin->run : QString();
    if (runId.isEmpty())
        return core::Error{QStringLiteral("this model's training run is not in the experiment "
                                          "store (was the store off when it was trained?); run "
                                          "the training node again")};
    core::store::ModelRegistry registry(m_store);
    auto version = registry.registerModel(runId.toLongLong(), name);
    if (!version)
        return version.error();
    if (*target != core::store::Stage::None) {
        auto moved = registry.promote(name, version->version, *target, reason);
        if (!moved)
            return moved.error();
        version = std::move(moved);
    }
    return Registered{version->name, version->version, core::store::stageName(version->stage),
                      runId};
}

} // namespace flowline::flows

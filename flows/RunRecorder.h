#pragma once

#include "NodeType.h"

#include <QByteArray>
#include <QString>
#include <QVariantMap>

#include <memory>
#include <optional>

namespace flowline::core {
class JobContext;
}

namespace flowline::flows {

// What the executor tells an experiment log about one execution of a node whose type records
// runs (training, cross-validation, evaluation, tuning): every such execution becomes a run
// with nothing to configure. Both calls happen on the worker thread that runs the node, so an
// implementation must be thread-safe; recording never fails a node (a log that cannot write
// says so in the node's log and the node goes on).
struct RunStart
{
    QString experiment; // the flow's name ("untitled" when it has none)
    QString node;
    QString nodeType;
    const NodeInputs *inputs = nullptr; // the parameters and input values it runs with
    QStringList inputPorts;             // the keys of the type's input ports, in order
    QByteArray flowSnapshot;            // the .flow document at the time of the run
};

class RunRecorder
{
public:
    virtual ~RunRecorder() = default;
    // A run begins; its id, or an empty string when it could not be recorded.
    virtual QString begin(const RunStart &start, core::JobContext &ctx) = 0;
    // The run ended: with outputs, an error, or canceled.
    virtual void end(const QString &run, const RunStart &start,
                     const core::Result<NodeOutputs> &result, bool canceled, double seconds,
                     core::JobContext &ctx) = 0;

    // Where a Model value came from: the run that trained it and a fingerprint of its
    // training rows (for a model file's provenance). None when this log did not record it.
    struct ModelOrigin
    {
        QString run;
        QString dataFingerprint;
    };
    virtual std::optional<ModelOrigin> originOf(const PortValuePtr &model) const
    {
        Q_UNUSED(model);
        return std::nullopt;
    }

    // The model registry, where the log has one.
    struct Registered
    {
        QString name;
        int version = 0;
        QString stage;
        QString run; // the training run whose model was registered
    };
    // Registers `model` — a Model output of a run this recorder recorded — as the next version
    // of `name`, then moves it to `stage` ("none", "staging", "production") for `reason`.
    virtual core::Result<Registered> registerModel(const PortValuePtr &model, const QString &name,
                                                   const QString &stage, const QString &reason)
    {
        Q_UNUSED(model);
        Q_UNUSED(name);
        Q_UNUSED(stage);
        Q_UNUSED(reason);
        return core::Error{QStringLiteral("this experiment log has no model registry")};
    }
};
using RunRecorderPtr = std::shared_ptr<RunRecorder>;

} // namespace flowline::flows

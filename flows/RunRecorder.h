#pragma once

#include "NodeType.h"

#include <QByteArray>
#include <QString>
#include <QVariantMap>

#include <memory>

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
};
using RunRecorderPtr = std::shared_ptr<RunRecorder>;

} // namespace flowline::flows

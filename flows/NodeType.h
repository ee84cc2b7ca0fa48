#pragma once

#include "ParamSpec.h"
#include "PortValue.h"
#include "util/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::flows {

struct PortSpec
{
    QString key = {};   // stable: "table", "model"
    QString label = {}; // for people
    PortType type = PortType::Table;
    bool multiple = false; // an input that takes several links
    bool optional = false; // an input that may stay unconnected
};

// What a node's run function receives: for each input port (in the type's order) the values
// of the links into it, and every parameter with its (checked) value.
class RunRecorder;

struct NodeInputs
{
    std::vector<std::vector<PortValuePtr>> ports;
    QVariantMap params;
    QString flowDir; // the folder of the .flow file, for relative file paths (may be empty)
    // Where runs are recorded (null: nowhere), for nodes that use the experiment store itself
    // (registering a model).
    std::shared_ptr<RunRecorder> recorder;

    const PortValuePtr &first(int port) const
    {
        return ports[static_cast<std::size_t>(port)].front();
    }
};

// One value per output port, in the type's order.
using NodeOutputs = std::vector<PortValuePtr>;

// A node type: a description plus a run function. The run function gets immutable inputs and a
// job context, captures no QObject and no widget, reports progress and checks cancellation.
struct NodeType
{
    using RunFunction =
        std::function<core::Result<NodeOutputs>(const NodeInputs &, core::JobContext &)>;
    // Extra cache-key material from outside the flow (a source file's size, time and content
    // hash), so a node re-runs when its file changes. Empty when nothing outside matters.
    using Fingerprint = std::function<QByteArray(const NodeInputs &)>;

    QString id;          // stable: "data.csv_import"
    QString displayName; // source text for translation: "CSV Import"
    QString category;    // "Data", "Explore", ...
    QStringList keywords;
    QString icon; // a name the studio maps to a picture ("file", "chart"); empty: the category's
    QString help;
    QList<PortSpec> inputs;
    QList<PortSpec> outputs;
    QList<ParamSpec> params;
    QStringList replaces; // ids this type had before a rename
    // A step that learns from the data it runs on (imputation, scaling, encoding, PCA, feature
    // selection, resampling): the leakage guard warns when one runs before a split.
    bool learnsFromData = false;
    // A split: the output ports that carry the training part (the other outputs are held out).
    QStringList trainingOutputs;
    // Changes the class balance by dropping or making rows (under / oversampling, SMOTE):
    // refused on a held-out branch of a split.
    bool resamples = false;
    // Fits a model on its Table input.
    bool trains = false;
    // Each execution is recorded as a run in the experiment log (RunRecorder.h): training,
    // cross-validation, evaluation and tuning nodes.
    bool recordsRun = false;
    RunFunction run;
    Fingerprint fingerprint;

    const ParamSpec *param(const QString &key) const;
    int inputIndex(const QString &key) const;
    int outputIndex(const QString &key) const;
    // Every parameter at its default.
    QVariantMap defaultParams() const;
};

} // namespace flowline::flows

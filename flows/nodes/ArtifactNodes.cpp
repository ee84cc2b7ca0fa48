// Nodes that write a trained model to a file: model.save (.flmodel or the JSON model format,
// with the metrics of an optional evaluation) and export.onnx (the whole pipeline as ONNX).

#include "BuiltinNodes.h"
#include "ModelValues.h"
#include "NodeHelpers.h"
#include "RunRecorder.h"

#include "artifact/ModelFile.h"
#include "artifact/OnnxExport.h"
#include "jobs/JobContext.h"

namespace flowline::flows {

namespace {

const QString kFile = QStringLiteral("file");

ParamSpec fileParam(const QString &help, const QString &filter)
{
    ParamSpec p;
    p.key = kFile;
    p.label = QStringLiteral("File");
    p.help = help;
    p.type = ParamType::FilePath;
    p.defaultValue = QString();
    p.fileFilter = filter;
    p.required = true;
    return p;
}

} // namespace

NodeType modelSaveNode()
{
    NodeType t;
    t.id = QStringLiteral("model.save");
    t.displayName = QStringLiteral("Save Model");
    t.category = QStringLiteral("Export");
    t.icon = QStringLiteral("file");
    t.keywords = {QStringLiteral("save"), QStringLiteral("write"), QStringLiteral("flmodel"),
                  QStringLiteral("artifact")};
    t.help = QStringLiteral(
        "Writes the trained model — the whole pipeline: input schema, preparation, estimator "
        "and labels — to a file. A name ending in .flmodel gives Flowline's checked model file "
        "(versioned, with a SHA-256 checksum, the app version and the metrics of the connected "
        "evaluation); any other name gives the JSON model format. flowline-cli predict and "
        "export read both. Saving is atomic: a failed save leaves the old file as it was.");
    t.inputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model},
                PortSpec{QStringLiteral("evaluation"), QStringLiteral("Evaluation (metrics)"),
                         PortType::Evaluation, false, true}};
    t.params = {fileParam(QStringLiteral("Where to save the model; inside the flow's folder it is "
                                         "stored relative to it."),
                          QStringLiteral("Flowline models (*.flmodel);;JSON models (*.json)"))};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const auto &model = static_cast<const ModelValue &>(*in.first(0));
        core::artifact::ModelFile file;
        file.pipeline = model.shared();
        // Provenance: the run that trained it, when runs are being recorded.
        if (in.recorder) {
            if (const auto origin = in.recorder->originOf(in.first(0))) {
                file.provenance.runId = origin->run;
                file.provenance.dataFingerprint = origin->dataFingerprint;
            }
        }
        if (in.ports.size() > 1 && !in.ports[1].empty()) {
            const auto &ev = static_cast<const EvaluationValue &>(*in.ports[1].front());
            const auto &metrics =
                ev.crossValidation() ? ev.crossValidation()->mean : ev.evaluation().metrics;
            for (const auto &m : metrics)
                file.metrics.insert(m.key, m.value);
        }
        const QString path = resolvePath(in, kFile);
        auto saved = core::artifact::saveAnyModel(file, path);
        if (!saved)
            return saved.error();
        ctx.log(QStringLiteral("saved %1 to %2").arg(model.summary(), path));
        return NodeOutputs{};
    };
    return t;
}

NodeType exportOnnxNode()
{
    NodeType t;
    t.id = QStringLiteral("export.onnx");
    t.displayName = QStringLiteral("Export ONNX");
    t.category = QStringLiteral("Export");
    t.icon = QStringLiteral("file");
    t.keywords = {QStringLiteral("onnx"), QStringLiteral("export"), QStringLiteral("deploy"),
                  QStringLiteral("runtime")};
    t.help = QStringLiteral(
        "Writes the trained pipeline (preparation and model) as an ONNX graph for ONNX runtimes: "
        "one input per raw column ([N,1]; double for numbers with NaN for missing, string for "
        "categories with \"\" for missing), outputs 'label' and 'probabilities' (classification) "
        "or 'prediction' (regression). Models or steps without an ONNX mapping are an error "
        "that lists them.");
    t.inputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model}};
    t.params = {fileParam(QStringLiteral("The .onnx file to write; inside the flow's folder it is "
                                         "stored relative to it."),
                          QStringLiteral("ONNX models (*.onnx)"))};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const auto &model = static_cast<const ModelValue &>(*in.first(0));
        const QString path = resolvePath(in, kFile);
        auto saved = core::artifact::saveOnnx(model.pipeline(), path);
        if (!saved)
            return saved.error();
        ctx.log(QStringLiteral("exported to %1: inputs %2; outputs %3")
                    .arg(path, saved->inputs.join(QStringLiteral(", ")),
                         saved->outputs.join(QStringLiteral(", "))));
        return NodeOutputs{};
    };
    return t;
}

} // namespace flowline::flows

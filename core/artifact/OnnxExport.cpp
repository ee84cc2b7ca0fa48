#include "OnnxExport.h"

#include "OnnxGraph.h"
#include "OnnxModels.h"
#include "OnnxRecipe.h"

#include <QSaveFile>

#include <string>

namespace flowline::core::artifact {

using namespace onnx_export;

namespace {

constexpr std::int64_t kIrVersion = 8;
constexpr std::int64_t kOpset = 15;
constexpr std::int64_t kMlOpset = 3;

void addMetadata(onnx::ModelProto &model, const char *key, const QString &value)
{
    auto *p = model.add_metadata_props();
    p->set_key(key);
    p->set_value(value.toStdString());
}

} // namespace

Result<OnnxExport> exportOnnx(const ml::Pipeline &pipeline)
{
    if (!pipeline.model || !pipeline.recipe)
        return Error{QStringLiteral("there is no trained model to export")};
    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("Flowline");
    model.set_producer_version(FLOWLINE_VERSION);
    model.set_doc_string(pipeline.summary().toStdString());
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    auto *mlOpset = model.add_opset_import();
    mlOpset->set_domain(std::string(kMlDomain));
    mlOpset->set_version(kMlOpset);
    addMetadata(model, "flowline_algorithm", pipeline.algorithm);
    addMetadata(model, "flowline_task", ml::taskName(pipeline.task));
    addMetadata(model, "flowline_target", pipeline.target);

    onnx::GraphProto &graphProto = *model.mutable_graph();
    graphProto.set_name("flowline_pipeline");
    Graph graph(graphProto);
    claimOutputNames(graph);

    QStringList problems;
    OnnxColumns columns(graph, *pipeline.recipe, pipeline.target);
    exportRecipe(graph, *pipeline.recipe, columns, problems);
    Name X;
    if (problems.isEmpty()) {
        std::vector<Name> features;
        for (const QString &f : pipeline.features) {
            auto c = columns.get(f);
            if (!c)
                problems << QStringLiteral("feature '%1': %2").arg(f, c.error().message);
            else if (c->text)
                problems << QStringLiteral("feature '%1' is categorical and not encoded").arg(f);
            else
                features.push_back(c->tensor);
        }
        if (problems.isEmpty()) {
            X = graph.fresh("X");
            setInt(graph.node("Concat", features, {X}), "axis", 1);
        }
    }
    if (const QString why = estimatorProblem(pipeline); !why.isEmpty())
        problems << why;
    if (!problems.isEmpty())
        return Error{QStringLiteral("this model cannot be exported to ONNX: %1")
                         .arg(problems.join(QStringLiteral("; ")))};
    auto ok = exportEstimator(graph, pipeline, X);
    if (!ok)
        return Error{
            QStringLiteral("this model cannot be exported to ONNX: %1").arg(ok.error().message)};

    OnnxExport out;
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        return Error{QStringLiteral("the ONNX model could not be serialized (over 2 GiB?)")};
    out.bytes = QByteArray(bytes.data(), qsizetype(bytes.size()));
    out.inputs = columns.inputs();
    for (const auto &o : graphProto.output())
        out.outputs << QString::fromStdString(o.name());
    return out;
}

Result<bool> writeOnnx(const OnnxExport &exported, const QString &path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error{f.errorString(), path};
    if (f.write(exported.bytes) != exported.bytes.size() || !f.commit())
        return Error{f.errorString(), path};
    return true;
}

Result<OnnxExport> saveOnnx(const ml::Pipeline &pipeline, const QString &path)
{
    auto exported = exportOnnx(pipeline);
    if (!exported)
        return Error{exported.error().message, path};
    if (auto written = writeOnnx(*exported, path); !written)
        return written.error();
    return exported;
}

} // namespace flowline::core::artifact

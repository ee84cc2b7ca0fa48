#include "CliCommon.h"
#include "Commands.h"

#include "artifact/ModelFile.h"
#include "artifact/OnnxExport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli export --model MODEL --format onnx|flmodel --out FILE [--json]\n"
    "Writes a saved model (a .flmodel file or the JSON model format) in another format:\n"
    "  onnx     the whole pipeline (preparation and model) as an ONNX graph: one input per raw\n"
    "           column ([N,1]; double for numbers, NaN for missing; string for categories, \"\"\n"
    "           for missing), outputs 'label' and 'probabilities' (classification) or\n"
    "           'prediction' (regression). Parts without an ONNX mapping are listed.\n"
    "  flmodel  the checked model file (magic header, version, SHA-256), keeping the metrics\n"
    "           and provenance a .flmodel input has.\n"
    "--format may be left out when FILE ends in .onnx or .flmodel.");

} // namespace

int exportCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("model"), QStringLiteral("The model file (from train --out)."),
         QStringLiteral("MODEL")},
        {QStringLiteral("format"), QStringLiteral("onnx or flmodel."), QStringLiteral("FORMAT")},
        {QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
    });
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const auto usageError = [&](const QString &why) {
        printErr(QStringLiteral("flowline-cli export: %1\n").arg(why) + kUsage);
        return ExitUsage;
    };
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    for (const char *required : {"model", "out"})
        if (parser.value(QString::fromLatin1(required)).isEmpty())
            return usageError(
                QStringLiteral("--%1 is required").arg(QString::fromLatin1(required)));
    const QString out = parser.value(QStringLiteral("out"));
    QString format = parser.value(QStringLiteral("format")).toLower();
    if (format.isEmpty()) {
        const QString suffix = QFileInfo(out).suffix().toLower();
        if (suffix == QLatin1String("onnx") || suffix == QLatin1String("flmodel"))
            format = suffix;
        else
            return usageError(QStringLiteral("--format onnx|flmodel is required"));
    }
    if (format != QLatin1String("onnx") && format != QLatin1String("flmodel"))
        return usageError(QStringLiteral("--format is onnx or flmodel, not '%1'").arg(format));

    const QString modelPath = parser.value(QStringLiteral("model"));
    auto file = core::artifact::loadAnyModel(modelPath);
    if (!file) {
        printErr(QStringLiteral("flowline-cli export: ") + file.error().toString());
        return ExitFailure;
    }
    QJsonObject report{{QStringLiteral("model"), modelPath},
                       {QStringLiteral("format"), format},
                       {QStringLiteral("out"), out},
                       {QStringLiteral("summary"), file->pipeline->summary()}};
    if (format == QLatin1String("onnx")) {
        // A model that does not map is the model file's problem; a write error, the output's.
        auto exported = core::artifact::exportOnnx(*file->pipeline);
        if (!exported) {
            core::Error e = exported.error();
            e.file = modelPath;
            printErr(QStringLiteral("flowline-cli export: ") + e.toString());
            return ExitFailure;
        }
        auto saved = core::artifact::writeOnnx(*exported, out);
        if (!saved) {
            printErr(QStringLiteral("flowline-cli export: ") + saved.error().toString());
            return ExitFailure;
        }
        report.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(exported->inputs));
        report.insert(QStringLiteral("outputs"), QJsonArray::fromStringList(exported->outputs));
    } else {
        auto saved = core::artifact::saveModelFile(*file, out);
        if (!saved) {
            printErr(QStringLiteral("flowline-cli export: ") + saved.error().toString());
            return ExitFailure;
        }
    }
    if (parser.isSet(QStringLiteral("json"))) {
        printOut(QJsonDocument(report).toJson(QJsonDocument::Compact) + '\n');
        return ExitOk;
    }
    QString text =
        QStringLiteral("exported %1 -> %2 (%3)\n").arg(file->pipeline->summary(), out, format);
    if (report.contains(QStringLiteral("inputs"))) {
        QStringList inputs;
        for (const QJsonValue &v : report.value(QStringLiteral("inputs")).toArray())
            inputs << v.toString();
        QStringList outputs;
        for (const QJsonValue &v : report.value(QStringLiteral("outputs")).toArray())
            outputs << v.toString();
        text += QStringLiteral("inputs: %1\noutputs: %2\n")
                    .arg(inputs.join(QStringLiteral(", ")), outputs.join(QStringLiteral(", ")));
    }
    printOut(text);
    return ExitOk;
}

} // namespace flowline::app

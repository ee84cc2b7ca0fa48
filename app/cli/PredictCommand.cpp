#include "CliCommon.h"
#include "Commands.h"
#include "ReadTable.h"

#include "artifact/ModelFile.h"
#include "io/CsvWriter.h"
#include "jobs/JobContext.h"
#include "ml/Pipeline.h"

#include <QThread>

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli predict --model MODEL --data FILE --out FILE [reading options]\n"
    "Scores the rows of a CSV file with a saved model: the model's own preparation is applied\n"
    "to the raw rows, then it predicts. Writes the rows with 'prediction' (and a\n"
    "'probability_<class>' column per class, or 'score', where the model has them) as CSV.");

} // namespace

int predictCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("model"),
         QStringLiteral("The model file (from train --out): .flmodel or the JSON model format."),
         QStringLiteral("MODEL")},
        {QStringLiteral("data"), QStringLiteral("The CSV file to score."), QStringLiteral("FILE")},
        {QStringLiteral("out"), QStringLiteral("Where to write the scored rows (CSV)."),
         QStringLiteral("FILE")},
    });
    addReadingOptions(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const auto usageError = [&](const QString &why) {
        printErr(QStringLiteral("flowline-cli predict: %1\n").arg(why) + kUsage);
        return ExitUsage;
    };
    for (const char *required : {"model", "data", "out"})
        if (parser.value(QString::fromLatin1(required)).isEmpty())
            return usageError(
                QStringLiteral("--%1 is required").arg(QString::fromLatin1(required)));
    core::CsvOptions options;
    QString error;
    if (!readingOptions(parser, options, error))
        return usageError(error);
    const QString modelPath = parser.value(QStringLiteral("model"));
    auto file = core::artifact::loadAnyModel(modelPath);
    if (!file) {
        printErr(QStringLiteral("flowline-cli predict: ") + file.error().toString());
        return ExitFailure;
    }
    const core::ml::PipelinePtr model = file->pipeline;
    const QString data = parser.value(QStringLiteral("data"));
    const auto read = readTableForCli(data, options);
    if (!read)
        return ExitFailure;
    core::JobContext ctx;
    ctx.setThreads(QThread::idealThreadCount());
    auto scored = model->predictTable(read->table, ctx);
    if (!scored) {
        core::Error e = scored.error();
        e.file = data;
        printErr(QStringLiteral("flowline-cli predict: ") + e.toString());
        return ExitFailure;
    }
    const QString out = parser.value(QStringLiteral("out"));
    auto written = core::CsvWriter::writeFile(out, *scored);
    if (!written) {
        printErr(QStringLiteral("flowline-cli predict: ") + written.error().toString());
        return ExitFailure;
    }
    printOut(QStringLiteral("scored %1 rows with %2 -> %3\n")
                 .arg(scored->rowCount())
                 .arg(model->summary(), out));
    return ExitOk;
}

} // namespace flowline::app

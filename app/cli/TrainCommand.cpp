#include "CliCommon.h"
#include "Commands.h"
#include "ReadTable.h"

#include "StoreCli.h"
#include "StoreRecorder.h"
#include "artifact/ModelFile.h"
#include "artifact/TableFingerprint.h"
#include "eval/CrossValidation.h"
#include "jobs/JobContext.h"
#include "jobs/JobPool.h"
#include "ml/Pipeline.h"
#include "store/RunLogger.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <cmath>

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli train --data FILE --target COL --model ALGO [--param KEY=VALUE ...]\n"
    "         [--cv K | --test-fraction F | --test-data FILE] [--seed N] [--out MODEL]\n"
    "         [--json] [--no-auto-prep] [--task classification|regression] [--cost FP,FN]\n"
    "         [--store PATH | --no-store] [--experiment NAME] [reading options]\n"
    "Trains a model and prints how well it does. By default a stratified (classification) or\n"
    "shuffled 20 % of the rows is held out; --cv K cross-validates instead (the preparation is\n"
    "refitted inside every fold) and then fits the saved model on every row; --test-data fits\n"
    "on all of FILE and scores the rows of the test file, which go through the same fitted\n"
    "preparation. On a raw table the model prepares its data: missing numbers get the training\n"
    "median, categories the most frequent value and then one-hot columns, and scale-sensitive\n"
    "algorithms standardise the numbers (--no-auto-prep turns this off). Binary classifiers\n"
    "also report the thresholds of best F1 and of Youden's J; --cost FP,FN adds the threshold\n"
    "of least total cost for those mistake costs and the mean cost per row there.\n"
    "The run (parameters, metrics, the model, a fingerprint of the data) is recorded in the\n"
    "experiment store (--store, default the user's) under the experiment 'train'.\n"
    "ALGO: %1");

QString algorithms()
{
    QStringList ids;
    for (const auto &e : core::ml::estimators())
        ids << e.id;
    return ids.join(QStringLiteral(", "));
}

QString formatValue(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("—");
    return QString::number(v, 'f', std::abs(v) >= 1000 ? 2 : 4);
}

void printMetrics(const std::vector<core::eval::Metric> &metrics,
                  const std::vector<core::eval::Metric> *spread)
{
    QString out;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        QString line = QStringLiteral("  %1 %2").arg(metrics[i].key.leftJustified(22),
                                                     formatValue(metrics[i].value));
        if (spread && i < spread->size() && std::isfinite((*spread)[i].value))
            line += QStringLiteral(" ± ") + formatValue((*spread)[i].value);
        out += line + QLatin1Char('\n');
    }
    printOut(out);
}

QJsonObject metricsJson(const std::vector<core::eval::Metric> &metrics)
{
    QJsonObject o;
    for (const auto &m : metrics)
        o.insert(m.key, std::isfinite(m.value) ? QJsonValue(m.value) : QJsonValue());
    return o;
}

// Ends a recorded run as finished; false (said on stderr) when the store could not keep it.
bool finishRun(core::store::RunLogger &run)
{
    if (auto done = run.finish(core::store::RunStatus::Finished); !done) {
        printErr(QStringLiteral("flowline-cli train: the experiment store: ") +
                 done.error().toString());
        return false;
    }
    return true;
}

} // namespace

int trainCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("The training CSV file."), QStringLiteral("FILE")},
        {QStringLiteral("target"), QStringLiteral("The column to predict."), QStringLiteral("COL")},
        {QStringLiteral("model"),
         QStringLiteral("The algorithm: ") + algorithms() + QLatin1Char('.'),
         QStringLiteral("ALGO")},
        {QStringLiteral("param"), QStringLiteral("A hyperparameter, repeatable."),
         QStringLiteral("KEY=VALUE")},
        {QStringLiteral("cv"),
         QStringLiteral("Cross-validate with K folds (stratified for "
                        "classification)."),
         QStringLiteral("K")},
        {QStringLiteral("test-fraction"),
         QStringLiteral("Hold out this fraction of the rows (default 0.2)."), QStringLiteral("F")},
        {QStringLiteral("test-data"), QStringLiteral("Score on this CSV file instead."),
         QStringLiteral("FILE")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 42)."), QStringLiteral("N"),
         QStringLiteral("42")},
        {QStringLiteral("out"),
         QStringLiteral("Save the trained model here: a .flmodel file (with the metrics and "
                        "provenance) when the name ends in .flmodel, else the JSON model format."),
         QStringLiteral("MODEL")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
        {QStringLiteral("no-auto-prep"), QStringLiteral("Do not prepare the data automatically.")},
        {QStringLiteral("task"),
         QStringLiteral("classification or regression (default: from the "
                        "algorithm and the target)."),
         QStringLiteral("TASK")},
        {QStringLiteral("threads"), QStringLiteral("Threads to use (default: all cores)."),
         QStringLiteral("T")},
        {QStringLiteral("no-store"), QStringLiteral("Do not record the run.")},
        {QStringLiteral("experiment"),
         QStringLiteral("Record the run under this experiment (default: train)."),
         QStringLiteral("NAME")},
        {QStringLiteral("cost"),
         QStringLiteral("Binary classifiers: the costs of a false positive and a false negative; "
                        "adds the threshold of least cost and the mean cost there."),
         QStringLiteral("FP,FN")},
    });
    addReadingOptions(parser);
    addStoreOption(parser);
    const QString usage = kUsage.arg(algorithms());
    if (const int stop = parseCommand(parser, args, usage); stop >= 0)
        return stop;
    const auto usageError = [&](const QString &why) {
        printErr(QStringLiteral("flowline-cli train: %1\n").arg(why) + usage);
        return ExitUsage;
    };
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    const QString data = parser.value(QStringLiteral("data"));
    const QString algorithm = parser.value(QStringLiteral("model"));
    if (data.isEmpty())
        return usageError(QStringLiteral("--data FILE is required"));
    if (algorithm.isEmpty())
        return usageError(QStringLiteral("--model ALGO is required"));
    const core::ml::EstimatorInfo *estimator = core::ml::findEstimator(algorithm);
    if (!estimator)
        return usageError(
            QStringLiteral("unknown model '%1' (known: %2)").arg(algorithm, algorithms()));
    const int ways = int(parser.isSet(QStringLiteral("cv"))) +
                     int(parser.isSet(QStringLiteral("test-fraction"))) +
                     int(parser.isSet(QStringLiteral("test-data")));
    if (ways > 1)
        return usageError(QStringLiteral("give at most one of --cv, --test-fraction, --test-data"));

    core::ml::TrainSpec spec;
    spec.algorithm = algorithm;
    spec.target = parser.value(QStringLiteral("target"));
    spec.autoPrep = !parser.isSet(QStringLiteral("no-auto-prep"));
    if (estimator->supervised() && spec.target.isEmpty())
        return usageError(QStringLiteral("--target COL is required for %1").arg(algorithm));
    for (const QString &kv : parser.values(QStringLiteral("param"))) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return usageError(QStringLiteral("--param takes KEY=VALUE, got '%1'").arg(kv));
        spec.params.insert(kv.left(eq).trimmed(), kv.mid(eq + 1).trimmed());
    }
    if (auto p = core::ml::Params::resolve(estimator->params, spec.params); !p)
        return usageError(p.error().message);
    if (parser.isSet(QStringLiteral("task"))) {
        const QString t = parser.value(QStringLiteral("task"));
        if (t == QLatin1String("classification"))
            spec.task = core::ml::Task::Classification;
        else if (t == QLatin1String("regression"))
            spec.task = core::ml::Task::Regression;
        else
            return usageError(QStringLiteral("--task is classification or regression"));
    }
    bool ok = false;
    const qlonglong seed = parser.value(QStringLiteral("seed")).toLongLong(&ok);
    if (!ok || seed < 0)
        return usageError(QStringLiteral("--seed takes a whole number >= 0"));
    int folds = 0;
    if (parser.isSet(QStringLiteral("cv"))) {
        folds = parser.value(QStringLiteral("cv")).toInt(&ok);
        if (!ok || folds < 2)
            return usageError(QStringLiteral("--cv takes a number of folds >= 2"));
    }
    double testFraction = 0.2;
    if (parser.isSet(QStringLiteral("test-fraction"))) {
        testFraction = parser.value(QStringLiteral("test-fraction")).toDouble(&ok);
        if (!ok || !(testFraction > 0 && testFraction < 1))
            return usageError(QStringLiteral("--test-fraction takes a number between 0 and 1"));
    }
    core::CsvOptions options;
    QString error;
    if (!readingOptions(parser, options, error))
        return usageError(error);

    core::JobContext ctx;
    ctx.setSeed(std::uint64_t(seed));
    int threads = QThread::idealThreadCount();
    if (parser.isSet(QStringLiteral("threads"))) {
        threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || threads < 1)
            return usageError(QStringLiteral("--threads takes a number >= 1"));
    }
    ctx.setThreads(threads);
    core::eval::EvaluateOptions evalOptions;
    if (parser.isSet(QStringLiteral("cost"))) {
        const QStringList parts = parser.value(QStringLiteral("cost")).split(QLatin1Char(','));
        bool okFp = false, okFn = false;
        const double fp = parts.size() == 2 ? parts[0].trimmed().toDouble(&okFp) : 0;
        const double fn = parts.size() == 2 ? parts[1].trimmed().toDouble(&okFn) : 0;
        if (!okFp || !okFn || !(fp >= 0) || !(fn >= 0) || !std::isfinite(fp) || !std::isfinite(fn))
            return usageError(QStringLiteral("--cost needs two costs of 0 or more, as FP,FN "
                                             "(for example 1,5), not '%1'")
                                  .arg(parser.value(QStringLiteral("cost"))));
        Eigen::Matrix2d cost;
        cost << 0, fp, fn, 0;
        evalOptions.cost = cost;
    }
    const bool json = parser.isSet(QStringLiteral("json"));

    QElapsedTimer timer;
    timer.start();
    const auto read = readTableForCli(data, options);
    if (!read)
        return ExitFailure;
    const core::Table &table = read->table;
    // The run in the experiment store (unless --no-store): started once the data is read,
    // finished as failed with the error on any failure below.
    std::optional<core::store::RunLogger> run;
    const QString fingerprint = core::artifact::tableFingerprint(table);
    const auto fail = [&](const core::Error &e, const QString &file = {}) {
        core::Error withFile = e;
        if (withFile.file.isEmpty())
            withFile.file = file.isEmpty() ? data : file;
        printErr(QStringLiteral("flowline-cli train: ") + withFile.toString());
        if (run)
            run->finish(core::store::RunStatus::Failed, withFile.toString());
        return ExitFailure;
    };
    if (!parser.isSet(QStringLiteral("no-store"))) {
        auto store = openStoreForCli(parser, QStringLiteral("train"), true);
        if (!store && parser.isSet(QStringLiteral("store")))
            return ExitFailure; // the store asked for cannot be used: said on stderr
        if (store) {
            core::store::RunStart start;
            start.experiment = parser.isSet(QStringLiteral("experiment"))
                                   ? parser.value(QStringLiteral("experiment"))
                                   : QStringLiteral("train");
            start.algorithm = algorithm;
            start.seed = std::uint64_t(seed);
            start.inputs.push_back({QStringLiteral("data"), fingerprint});
            start.params.push_back({QStringLiteral("target"), spec.target});
            start.params.push_back({QStringLiteral("data"), QFileInfo(data).absoluteFilePath()});
            for (auto it = spec.params.begin(); it != spec.params.end(); ++it)
                start.params.push_back({it.key(), it.value().toString()});
            start.tags.push_back({QStringLiteral("source"), QStringLiteral("flowline-cli train")});
            auto started = core::store::RunLogger::start(store, start);
            if (started)
                run.emplace(std::move(*started));
            else
                printErr(QStringLiteral("flowline-cli train: warning: the run is not recorded: ") +
                         started.error().toString());
        } else {
            printErr(QStringLiteral("flowline-cli train: warning: the run is not recorded"));
        }
    }
    auto task = core::ml::resolveTask(*estimator, table, spec);
    if (!task)
        return fail(task.error());
    spec.task = *task;
    const bool supervised =
        *task == core::ml::Task::Classification || *task == core::ml::Task::Regression;

    QString how;
    std::vector<core::eval::Metric> metrics, spread;
    QJsonArray foldsJson;
    QStringList notes;
    core::ml::Pipeline model;
    if (folds > 0 && supervised) {
        core::eval::FoldSpec fs;
        fs.scheme = *task == core::ml::Task::Classification
                        ? core::eval::FoldScheme::StratifiedKFold
                        : core::eval::FoldScheme::KFold;
        fs.folds = folds;
        fs.seed = std::uint64_t(seed);
        auto cv = core::eval::crossValidate(table, spec, fs, ctx, evalOptions);
        if (!cv)
            return fail(cv.error());
        metrics = cv->mean;
        spread = cv->deviation;
        foldsJson = cv->toJson().value(QStringLiteral("folds")).toArray();
        notes << cv->notes;
        how = QStringLiteral("%1-fold %2cross-validation (mean ± standard deviation over folds)")
                  .arg(folds)
                  .arg(fs.scheme == core::eval::FoldScheme::StratifiedKFold
                           ? QStringLiteral("stratified ")
                           : QString());
        auto all = core::ml::trainPipeline(table, spec, ctx);
        if (!all)
            return fail(all.error());
        model = std::move(*all);
    } else if (parser.isSet(QStringLiteral("test-data")) || !supervised) {
        auto all = core::ml::trainPipeline(table, spec, ctx);
        if (!all)
            return fail(all.error());
        model = std::move(*all);
        const QString testFile = parser.value(QStringLiteral("test-data"));
        const core::Table *scored = &table;
        std::optional<core::CsvReadResult> testRead;
        if (!testFile.isEmpty()) {
            testRead = readTableForCli(testFile, options);
            if (!testRead)
                return ExitFailure;
            scored = &testRead->table;
            how = QStringLiteral("fitted on %1, scored on %2").arg(data, testFile);
        } else {
            how = QStringLiteral("scored on the training rows");
        }
        auto ev = core::eval::evaluatePipeline(model, *scored, ctx, evalOptions);
        if (!ev)
            return fail(ev.error(), testFile.isEmpty() ? data : testFile);
        metrics = ev->metrics;
    } else {
        core::eval::FoldSpec fs;
        fs.scheme = core::eval::FoldScheme::Holdout;
        fs.testFraction = testFraction;
        fs.seed = std::uint64_t(seed);
        Eigen::VectorXi classes;
        core::Table rows = table;
        if (*task == core::ml::Task::Classification) {
            auto labelled = core::eval::labelledRows(table, spec.target, *task, spec.classes);
            if (!labelled)
                return fail(labelled.error());
            rows = std::move(labelled->rows);
            classes = std::move(labelled->classIndex);
        }
        auto parts =
            core::eval::makeFolds(rows.rowCount(), classes.size() ? &classes : nullptr, fs);
        if (!parts)
            return fail(parts.error());
        const core::eval::Fold &part = parts->front();
        auto fitted = core::ml::trainPipeline(rows.take(part.train), spec, ctx);
        if (!fitted)
            return fail(fitted.error());
        model = std::move(*fitted);
        auto ev = core::eval::evaluatePipeline(model, rows.take(part.test), ctx, evalOptions);
        if (!ev)
            return fail(ev.error());
        metrics = ev->metrics;
        how = QStringLiteral("trained on %1 rows, scored on %2 held-out rows (%3%4)")
                  .arg(part.train.size())
                  .arg(part.test.size())
                  .arg(classes.size() ? QStringLiteral("stratified, ") : QString())
                  .arg(QStringLiteral("seed %1").arg(seed));
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    notes = model.notes + notes;
    const auto modelPtr = std::make_shared<const core::ml::Pipeline>(model);
    if (run) {
        run->param(QStringLiteral("evaluation"), how);
        std::vector<core::store::MetricPoint> points;
        for (const auto &m : metrics)
            points.push_back({m.key, 0, m.value});
        for (const auto &m : spread)
            points.push_back({m.key + QStringLiteral("_std"), 0, m.value});
        points.push_back({QStringLiteral("seconds"), 0, seconds});
        run->metrics(std::move(points));
        if (!foldsJson.isEmpty())
            run->artifact({QStringLiteral("folds"), QStringLiteral("folds"), true,
                           QJsonDocument(foldsJson).toJson(QJsonDocument::Compact)});
        flows::recordModel(*run, modelPtr, fingerprint);
    }

    if (parser.isSet(QStringLiteral("out"))) {
        core::artifact::ModelFile file;
        file.pipeline = modelPtr;
        for (const auto &m : metrics)
            file.metrics.insert(m.key, m.value);
        file.provenance.dataFingerprint = fingerprint;
        if (run)
            file.provenance.runId = QString::number(run->id());
        auto saved = core::artifact::saveAnyModel(file, parser.value(QStringLiteral("out")));
        if (!saved)
            return fail(saved.error(), parser.value(QStringLiteral("out")));
    }
    if (json) {
        QJsonObject o{{QStringLiteral("model"), algorithm},
                      {QStringLiteral("task"), core::ml::taskName(*task)},
                      {QStringLiteral("target"), spec.target},
                      {QStringLiteral("params"), model.params.toJson()},
                      {QStringLiteral("evaluation"), how},
                      {QStringLiteral("metrics"), metricsJson(metrics)},
                      {QStringLiteral("folds"), foldsJson},
                      {QStringLiteral("preparation"), QJsonArray::fromStringList(notes)},
                      {QStringLiteral("features"), model.features.size()},
                      {QStringLiteral("training_rows"), double(model.trainingRows)},
                      {QStringLiteral("seconds"), seconds}};
        if (!spread.empty())
            o.insert(QStringLiteral("std"), metricsJson(spread));
        if (parser.isSet(QStringLiteral("out")))
            o.insert(QStringLiteral("out"), parser.value(QStringLiteral("out")));
        if (run) {
            o.insert(QStringLiteral("run"), double(run->id()));
            o.insert(QStringLiteral("store"), run->store().path());
        }
        if (run && !finishRun(*run))
            return ExitFailure;
        printOut(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        return ExitOk;
    }
    QString text = QStringLiteral("model: %1\n").arg(model.summary());
    if (!notes.isEmpty())
        text += QStringLiteral("preparation:\n  ") + notes.join(QStringLiteral("\n  ")) +
                QLatin1Char('\n');
    text += QStringLiteral("evaluation: %1\n").arg(how);
    printOut(text);
    printMetrics(metrics, spread.empty() ? nullptr : &spread);
    if (parser.isSet(QStringLiteral("out")))
        printOut(QStringLiteral("saved: %1\n").arg(parser.value(QStringLiteral("out"))));
    printOut(QStringLiteral("seconds: %1\n").arg(seconds, 0, 'f', 3));
    if (run) {
        const QString where =
            QStringLiteral("recorded: run %1 in %2\n").arg(run->id()).arg(run->store().path());
        if (!finishRun(*run))
            return ExitFailure;
        printOut(where);
    }
    return ExitOk;
}

} // namespace flowline::app

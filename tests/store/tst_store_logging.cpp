// Recording runs: everything a run logs comes back as it went in; failures are reported, not
// lost; many jobs (and two stores on one file) log at once without a lock error.

#include "StoreTestSupport.h"

#include "store/ProcessIdentity.h"
#include "store/RunLogger.h"
#include "store/RunRecording.h"

#include "eval/CrossValidation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

using namespace flowline::tests;
using namespace flowline::core::store;

namespace {

// Each of `threads` threads records `runs` runs of 3 params, `steps` loss points and an
// artifact into `store`; returns the failures seen (finishRun results).
int logConcurrently(ExperimentStore &store, int threads, int runs, int steps, const QString &exp)
{
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (int r = 0; r < runs; ++r) {
                RunStart start;
                start.experiment = exp;
                start.algorithm = QStringLiteral("algo%1").arg(t);
                auto run = store.startRun(start);
                if (!run) {
                    ++failures;
                    continue;
                }
                store.logParams(*run, {{QStringLiteral("thread"), QString::number(t)},
                                       {QStringLiteral("run"), QString::number(r)},
                                       {QStringLiteral("lr"), QStringLiteral("0.1")}});
                for (int s = 0; s < steps; ++s)
                    store.logMetric(*run, QStringLiteral("loss"), s, 1.0 / (s + 1));
                store.logArtifact(*run, Artifact{QStringLiteral("model"), artifact_kind::model,
                                                 false, QByteArray(100, char(t))});
                if (!store.finishRun(*run, RunStatus::Finished))
                    ++failures;
            }
        });
    for (auto &th : pool)
        th.join();
    return failures;
}

} // namespace

class TstStoreLogging : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    std::shared_ptr<ExperimentStore> freshStore()
    {
        return openOrNull(m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_n)));
    }

private Q_SLOTS:
    void recordsARunWithEverything()
    {
        auto store = freshStore();
        QVERIFY(store);
        RunStart start;
        start.experiment = QStringLiteral("churn 🚀");
        start.nodeId = QStringLiteral("forest1");
        start.algorithm = QStringLiteral("random_forest");
        start.seed = std::numeric_limits<std::uint64_t>::max(); // all 64 bits survive
        start.flowSnapshot = QStringLiteral("{\"format\": 3}");
        start.inputs = {{QStringLiteral("training"), QStringLiteral("sha256:01")},
                        {QStringLiteral("held_out"), QStringLiteral("sha256:02")}};
        start.params = {{QStringLiteral("max_depth"), QStringLiteral("8")}};
        start.tags = {{QStringLiteral("stage"), QStringLiteral("explore")}};
        auto run = store->startRun(start);
        QVERIFY2(run, qPrintable(errorText(run)));
        store->logParam(*run, QStringLiteral("criterion"), QStringLiteral("gini"));
        std::vector<MetricPoint> curve;
        for (int i = 0; i < 50; ++i)
            curve.push_back({QStringLiteral("loss"), i, 2.0 - i * 0.03});
        store->logMetrics(*run, curve);
        store->logMetric(*run, QStringLiteral("roc_auc"), 0, 0.91);
        const QByteArray model("\x00\x01model\x00bytes", 13);
        store->logArtifact(*run,
                           {QStringLiteral("model.flmodel"), artifact_kind::model, false, model});
        store->logArtifact(*run, {QStringLiteral("roc"), artifact_kind::rocCurve, true,
                                  QByteArray("{\"fpr\":[0,1],\"tpr\":[0,1]}")});
        store->setTag(*run, QStringLiteral("owner"), QStringLiteral("ana"));
        store->addNote(*run, QStringLiteral("first try"));
        auto finished = store->finishRun(*run, RunStatus::Finished);
        QVERIFY2(finished, qPrintable(errorText(finished)));

        auto d = store->run(*run);
        QVERIFY2(d, qPrintable(errorText(d)));
        QCOMPARE(d->summary.experiment, start.experiment);
        QCOMPARE(d->summary.nodeId, start.nodeId);
        QCOMPARE(d->summary.algorithm, start.algorithm);
        QCOMPARE(d->summary.status, RunStatus::Finished);
        QVERIFY(d->summary.endedMs && *d->summary.endedMs >= d->summary.startedMs);
        QCOMPARE(d->seed.value_or(0), std::numeric_limits<std::uint64_t>::max());
        QCOMPARE(d->flowSnapshot, start.flowSnapshot);
        QCOMPARE(d->appVersion, QStringLiteral(FLOWLINE_VERSION));
        QCOMPARE(qint64(d->pid), QCoreApplication::applicationPid());
        QCOMPARE(d->host, ProcessIdentity::current().host);
        QCOMPARE(d->inputs.size(), std::size_t(2));
        QCOMPARE(d->inputs[0].name, QStringLiteral("held_out")); // by name
        QCOMPARE(d->inputs[1].fingerprint, QStringLiteral("sha256:01"));
        QCOMPARE(d->params.size(), std::size_t(2));
        QCOMPARE(d->params.at(QStringLiteral("criterion")), QStringLiteral("gini"));
        QCOMPARE(d->metrics.at(QStringLiteral("loss")).step, std::int64_t(49));
        QCOMPARE(d->metrics.at(QStringLiteral("loss")).value, 2.0 - 49 * 0.03);
        QCOMPARE(d->metricPoints.at(QStringLiteral("loss")), std::int64_t(50));
        QCOMPARE(d->tags.at(QStringLiteral("stage")), QStringLiteral("explore"));
        QCOMPARE(d->tags.at(QStringLiteral("owner")), QStringLiteral("ana"));
        QCOMPARE(d->notes.size(), std::size_t(1));
        QCOMPARE(d->notes[0].text, QStringLiteral("first try"));
        QCOMPARE(d->artifacts.size(), std::size_t(2));
        QCOMPARE(d->artifacts[0].name, QStringLiteral("model.flmodel"));
        QCOMPARE(d->artifacts[0].size, std::int64_t(model.size()));
        QVERIFY(d->artifacts[1].json);

        auto bytes = store->artifact(*run, QStringLiteral("model.flmodel"));
        QVERIFY2(bytes, qPrintable(errorText(bytes)));
        QCOMPARE(bytes->data, model);
        QCOMPARE(bytes->kind, artifact_kind::model);
        QVERIFY(!bytes->json);
        QVERIFY(!store->artifact(*run, QStringLiteral("nope")));

        auto curves = store->curves({*run}, QStringLiteral("loss"));
        QVERIFY2(curves, qPrintable(errorText(curves)));
        QCOMPARE(curves->at(0).steps.size(), std::size_t(50));
        QCOMPARE(curves->at(0).values[10], 2.0 - 10 * 0.03);
    }

    void loggingAgainReplaces()
    {
        auto store = freshStore();
        auto run = store->startRun({});
        QVERIFY(run);
        store->logParam(*run, QStringLiteral("k"), QStringLiteral("1"));
        store->logParam(*run, QStringLiteral("k"), QStringLiteral("2"));
        store->logMetric(*run, QStringLiteral("loss"), 5, 0.5);
        store->logMetric(*run, QStringLiteral("loss"), 3, 0.7); // an older step, logged late
        store->logMetric(*run, QStringLiteral("loss"), 5, 0.4); // step 5 again
        store->logMetric(*run, QStringLiteral("nan"), 0, std::nan(""));
        QVERIFY(store->finishRun(*run, RunStatus::Canceled));
        auto d = store->run(*run);
        QVERIFY(d);
        QCOMPARE(d->summary.status, RunStatus::Canceled);
        QCOMPARE(d->params.at(QStringLiteral("k")), QStringLiteral("2"));
        QCOMPARE(d->metrics.at(QStringLiteral("loss")).step, std::int64_t(5));
        QCOMPARE(d->metrics.at(QStringLiteral("loss")).value, 0.4);
        QCOMPARE(d->metricPoints.at(QStringLiteral("loss")), std::int64_t(2));
        QVERIFY(std::isnan(d->metrics.at(QStringLiteral("nan")).value));
    }

    void finishingIsChecked()
    {
        auto store = freshStore();
        auto run = store->startRun({});
        QVERIFY(run);
        QVERIFY(!store->finishRun(*run, RunStatus::Running));
        auto failed = store->finishRun(*run, RunStatus::Failed, QStringLiteral("out of memory"));
        QVERIFY2(failed, qPrintable(errorText(failed)));
        auto again = store->finishRun(*run, RunStatus::Finished);
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QStringLiteral("already ended (failed)")),
                 qPrintable(again.error().message));
        auto unknown = store->finishRun(9999, RunStatus::Finished);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("no run 9999")));
        auto d = store->run(*run);
        QCOMPARE(d->summary.error, QStringLiteral("out of memory"));
        QVERIFY(!store->run(9999));
        QVERIFY(!store->startRun(startIn(QString())));
    }

    void loggingToAnUnknownRunIsReportedAndLosesNothingElse()
    {
        auto store = freshStore();
        auto run = store->startRun({});
        QVERIFY(run);
        store->logMetric(*run, QStringLiteral("a"), 0, 1.0);
        store->logMetric(4242, QStringLiteral("a"), 0, 1.0); // same batch: foreign key fails
        store->logParam(*run, QStringLiteral("p"), QStringLiteral("v"));
        store->logMetric(*run, QString(), 0, 1.0); // no key
        auto flushed = store->flush();
        QVERIFY(!flushed);
        QVERIFY2(flushed.error().message.contains(QStringLiteral("no run 4242")) ||
                     flushed.error().message.contains(QStringLiteral("key is empty")),
                 qPrintable(flushed.error().message));
        QVERIFY(store->flush()); // reported once
        QVERIFY(store->finishRun(*run, RunStatus::Finished));
        auto d = store->run(*run);
        QCOMPARE(d->metricPoints.at(QStringLiteral("a")), std::int64_t(1));
        QCOMPARE(d->params.at(QStringLiteral("p")), QStringLiteral("v"));
    }

    void finishRunReportsItsOwnLoggingFailure()
    {
        auto store = freshStore();
        auto run = store->startRun({});
        QVERIFY(run);
        store->logMetric(*run, QString(), 0, 1.0);
        auto finished = store->finishRun(*run, RunStatus::Finished);
        QVERIFY(!finished);
        QVERIFY(finished.error().message.contains(QStringLiteral("key is empty")));
    }

    void aRunLoggerFailsItsRunWhenAbandoned()
    {
        auto store = freshStore();
        RunId id = 0;
        {
            auto logger = RunLogger::start(store, startIn(QStringLiteral("e")));
            QVERIFY2(logger, qPrintable(errorText(logger)));
            id = logger->id();
            logger->metric(QStringLiteral("loss"), 0.5, 1);
            RunLogger moved = std::move(*logger); // the moved-from logger ends nothing
        }
        auto d = store->run(id);
        QVERIFY(d);
        QCOMPARE(d->summary.status, RunStatus::Failed);
        QVERIFY(d->summary.error.contains(QStringLiteral("abandoned")));
        QCOMPARE(d->metrics.at(QStringLiteral("loss")).value, 0.5);

        auto logger = RunLogger::start(store, startIn(QStringLiteral("e")));
        QVERIFY(logger);
        QVERIFY(logger->finish(RunStatus::Finished));
        QVERIFY(!logger->finish(RunStatus::Finished));
        QCOMPARE(store->run(logger->id())->summary.status, RunStatus::Finished);
    }

    void recordsEvaluationsAndCrossValidations()
    {
        auto store = freshStore();
        namespace eval = flowline::core::eval;
        eval::Evaluation e;
        e.task = QStringLiteral("classification");
        e.metrics = {{QStringLiteral("accuracy"), 0.75}, {QStringLiteral("roc_auc"), 0.8}};
        e.classes = {QStringLiteral("no"), QStringLiteral("yes")};
        e.confusion.resize(2, 2);
        e.confusion << 5, 1, 2, 4;
        e.curves = {{QStringLiteral("roc"), {0, 0.5, 1}, {0, 0.9, 1}, {2, 0.5, 0}},
                    {QStringLiteral("pr"), {1, 0.5}, {0.5, 1}, {0.5}}};
        eval::CrossValidationResult cv;
        cv.folds = {e, e};
        cv.folds[1].metrics[0].value = 0.85;
        cv.mean = {{QStringLiteral("accuracy"), 0.8}};
        cv.deviation = {{QStringLiteral("accuracy"), 0.07}};
        cv.trainRows = {10, 10};
        cv.testRows = {5, 5};

        auto logger = RunLogger::start(store, startIn(QStringLiteral("e")));
        QVERIFY(logger);
        recordEvaluation(*logger, e, QStringLiteral("test_"));
        recordCrossValidation(*logger, cv);
        QVERIFY(logger->finish(RunStatus::Finished));

        auto d = store->run(logger->id());
        QVERIFY2(d, qPrintable(errorText(d)));
        QCOMPARE(d->metrics.at(QStringLiteral("test_roc_auc")).value, 0.8);
        QCOMPARE(d->metrics.at(QStringLiteral("accuracy")).value, 0.8);
        QCOMPARE(d->metrics.at(QStringLiteral("accuracy_std")).value, 0.07);
        QCOMPARE(d->metricPoints.at(QStringLiteral("fold_accuracy")), std::int64_t(2));
        auto folds = store->curves({logger->id()}, QStringLiteral("fold_accuracy"));
        QCOMPARE(folds->at(0).values, (std::vector<double>{0.75, 0.85}));

        auto confusion = store->artifact(logger->id(), QStringLiteral("test_confusion_matrix"));
        QVERIFY2(confusion, qPrintable(errorText(confusion)));
        QCOMPARE(confusion->kind, artifact_kind::confusionMatrix);
        const QJsonObject cm = QJsonDocument::fromJson(confusion->data).object();
        QCOMPARE(cm.value(QStringLiteral("classes")).toArray().size(), 2);
        QCOMPARE(cm.value(QStringLiteral("matrix")).toArray()[1].toArray()[0].toDouble(), 2.0);
        auto roc = store->artifact(logger->id(), QStringLiteral("test_roc"));
        QVERIFY(roc);
        QCOMPARE(roc->kind, artifact_kind::rocCurve);
        QCOMPARE(QJsonDocument::fromJson(roc->data)
                     .object()
                     .value(QStringLiteral("y"))
                     .toArray()[1]
                     .toDouble(),
                 0.9);
        QCOMPARE(store->artifact(logger->id(), QStringLiteral("test_pr"))->kind,
                 artifact_kind::prCurve);
        auto foldTable = store->artifact(logger->id(), QStringLiteral("folds"));
        QVERIFY(foldTable && foldTable->json);
        QVERIFY(QJsonDocument::fromJson(foldTable->data).isObject());
    }

    void eightJobsLogAtOnce()
    {
        auto store = freshStore();
        const int threads = 8, runs = 25, steps = 200;
        QCOMPARE(logConcurrently(*store, threads, runs, steps, QStringLiteral("load")), 0);
        QVERIFY(store->flush());
        const QString path = store->path();
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM runs WHERE status = "
                                               "'finished'"))
                     .toInt(),
                 threads * runs);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM params")).toInt(),
                 threads * runs * 3);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM metrics")).toInt(),
                 threads * runs * steps);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM artifacts")).toInt(),
                 threads * runs);
        // Each run holds exactly its own thread's values.
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM params p JOIN runs r ON "
                                               "r.id = p.run_id WHERE p.key = 'thread' AND "
                                               "r.algorithm <> 'algo' || p.value"))
                     .toInt(),
                 0);
        RunFilter one;
        one.algorithm = QStringLiteral("algo3");
        QCOMPARE(store->runs(one)->size(), std::size_t(runs));
    }

    void twoStoresOnOneFileLogAtOnce()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared.sqlite"));
        auto a = openOrNull(path);
        auto b = openOrNull(path);
        QVERIFY(a && b);
        std::atomic<int> failures{0};
        std::thread ta([&] { failures += logConcurrently(*a, 4, 10, 300, QStringLiteral("a")); });
        std::thread tb([&] { failures += logConcurrently(*b, 4, 10, 300, QStringLiteral("b")); });
        ta.join();
        tb.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(rawValue(path, QStringLiteral("SELECT count(*) FROM metrics")).toInt(),
                 2 * 4 * 10 * 300);
        RunFilter fromA;
        fromA.experiment = QStringLiteral("a");
        QCOMPARE(b->runs(fromA)->size(), std::size_t(40)); // b sees a's runs
    }
};

QTEST_GUILESS_MAIN(TstStoreLogging)
#include "tst_store_logging.moc"

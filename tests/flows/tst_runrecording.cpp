// The executor reports every execution of a node that records runs (train, evaluate,
// cross-validate) to its RunRecorder, on the worker thread, with the flow snapshot and the
// inputs, and the outcome afterwards; other nodes and cached results are not recorded.

#include "Executor.h"
#include "FlowDocument.h"
#include "PortValue.h"
#include "RunRecorder.h"
#include "StoreRecorder.h"
#include "TrainFlowSupport.h"
#include "artifact/ModelFile.h"
#include "jobs/JobContext.h"
#include "store/ExperimentStore.h"
#include "store/ModelRegistry.h"

#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline;
using namespace flowline::flows;

namespace {

struct Call
{
    QString run, experiment, node, type, target;
    QByteArray snapshot;
    bool ended = false, ok = false, canceled = false;
    QString error;
    Qt::HANDLE beginThread = nullptr;
};

class FakeRecorder : public RunRecorder
{
public:
    QString begin(const RunStart &start, core::JobContext &) override
    {
        QMutexLocker lock(&m_mutex);
        Call c;
        c.run = QStringLiteral("run%1").arg(m_calls.size() + 1);
        c.experiment = start.experiment;
        c.node = start.node;
        c.type = start.nodeType;
        c.target = start.inputs ? start.inputs->params.value(QStringLiteral("target")).toString()
                                : QString();
        c.snapshot = start.flowSnapshot;
        c.beginThread = QThread::currentThreadId();
        m_calls.push_back(c);
        return c.run;
    }
    void end(const QString &run, const RunStart &, const core::Result<NodeOutputs> &result,
             bool canceled, double, core::JobContext &) override
    {
        QMutexLocker lock(&m_mutex);
        for (Call &c : m_calls) {
            if (c.run != run)
                continue;
            c.ended = true;
            c.ok = result.ok();
            c.canceled = canceled;
            c.error = result.ok() ? QString() : result.error().message;
        }
    }
    std::vector<Call> calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }

private:
    mutable QMutex m_mutex;
    std::vector<Call> m_calls;
};

bool runAndWait(Executor &e)
{
    QSignalSpy done(&e, &Executor::runFinished);
    if (!e.run())
        return false;
    return done.count() > 0 || done.wait(60000);
}

void build(FlowDocument &doc, const QString &target)
{
    tests::addTrainAndEvaluate(doc, QStringLiteral("breast_cancer.csv"),
                               QStringLiteral("logistic_regression"),
                               {{QStringLiteral("target"), target}});
    doc.addNode(QStringLiteral("eval.predict"), {}, {}, QStringLiteral("predict"));
    tests::connectAll(
        doc, {{"model", "model", "predict", "model"}, {"split", "test", "predict", "table"}});
}

} // namespace

class TestRunRecording : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trainAndEvaluateAreRecorded()
    {
        FlowDocument doc;
        build(doc, QStringLiteral("diagnosis"));
        Executor executor(doc);
        auto recorder = std::make_shared<FakeRecorder>();
        executor.setRecorder(recorder, QStringLiteral("cancer study"));
        QVERIFY(runAndWait(executor));
        QCOMPARE(executor.state(QStringLiteral("evaluate")), NodeState::Done);

        const auto calls = recorder->calls();
        QStringList nodes;
        for (const Call &c : calls)
            nodes << c.node;
        nodes.sort();
        // Import, split and predict do not record runs.
        QCOMPARE(nodes, (QStringList{"evaluate", "model"}));
        for (const Call &c : calls) {
            QVERIFY(c.ended);
            QVERIFY2(c.ok, qPrintable(c.error));
            QVERIFY(!c.canceled);
            QCOMPARE(c.experiment, QStringLiteral("cancer study"));
            QVERIFY(c.snapshot.contains("\"model.logistic_regression\""));
            QVERIFY(c.beginThread != QThread::currentThreadId()); // on a worker
            QCOMPARE(executor.runId(c.node), c.run);
            if (c.node == QLatin1String("model")) {
                QCOMPARE(c.type, QStringLiteral("model.logistic_regression"));
                QCOMPARE(c.target, QStringLiteral("diagnosis"));
            }
        }
        // Nothing changed: everything comes from the cache and nothing new is recorded.
        QVERIFY(runAndWait(executor));
        QCOMPARE(recorder->calls().size(), calls.size());
        // An edit runs the model again: a new run.
        QVERIFY(doc.setParam(QStringLiteral("model"), QStringLiteral("C"), 0.5));
        QVERIFY(runAndWait(executor));
        QCOMPARE(recorder->calls().size(), calls.size() + 2); // model and evaluate again
    }

    // The real store: runs recorded with their outputs, and model.register registering the
    // training run's model.
    void storeRecorderAndRegistry()
    {
        QTemporaryDir dir;
        auto store = core::store::ExperimentStore::open(dir.filePath(QStringLiteral("s.sqlite")));
        QVERIFY(store);
        FlowDocument doc;
        build(doc, QStringLiteral("diagnosis"));
        QVERIFY(doc.addNode(QStringLiteral("model.register"), {},
                            {{QStringLiteral("name"), QStringLiteral("cancer")},
                             {QStringLiteral("stage"), QStringLiteral("staging")},
                             {QStringLiteral("reason"), QStringLiteral("first try")}},
                            QStringLiteral("register")));
        QVERIFY(doc.connect(Link{"model", "model", "register", "model"}));
        const QString saved = dir.filePath(QStringLiteral("saved.flmodel"));
        QVERIFY(doc.addNode(QStringLiteral("model.save"), {}, {{QStringLiteral("file"), saved}},
                            QStringLiteral("save")));
        QVERIFY(doc.connect(Link{"model", "model", "save", "model"}));
        Executor executor(doc);
        executor.setRecorder(std::make_shared<StoreRecorder>(*store), QStringLiteral("study"));
        QVERIFY(runAndWait(executor));
        QCOMPARE(executor.state(QStringLiteral("register")), NodeState::Done);
        const QString modelRun = executor.runId(QStringLiteral("model"));
        QVERIFY(!modelRun.isEmpty());

        // The entry the node shows.
        const auto &entry =
            static_cast<const TableValue &>(*executor.output(QStringLiteral("register"))).table();
        QCOMPARE(entry.column(0)->displayValue(0), QStringLiteral("cancer"));
        QCOMPARE(entry.column(1)->displayValue(0), QStringLiteral("1"));
        QCOMPARE(entry.column(2)->displayValue(0), QStringLiteral("staging"));
        QCOMPARE(entry.column(3)->displayValue(0), modelRun);

        // Two runs (the model and the evaluation); registering is not a run.
        auto runs = (*store)->runs({});
        QVERIFY(runs);
        QCOMPARE(int(runs->size()), 2);
        auto details = (*store)->run(modelRun.toLongLong());
        QVERIFY(details);
        QCOMPARE(details->summary.experiment, QStringLiteral("study"));
        QCOMPARE(details->summary.status, core::store::RunStatus::Finished);
        QVERIFY(details->params.count(QStringLiteral("target")));
        QCOMPARE(details->params.at(QStringLiteral("target")), QStringLiteral("diagnosis"));
        QStringList keys;
        for (const auto &[k, n] : details->metricPoints)
            keys << k;
        QVERIFY2(details->metricPoints.count(QStringLiteral("training_rows")),
                 qPrintable(keys.join(QLatin1Char(','))));

        // The registry holds version 1 in staging, pointing at the training run; its model file
        // loads, with the run as its provenance.
        core::store::ModelRegistry registry(*store);
        auto latest = registry.latest(QStringLiteral("cancer"));
        QVERIFY(latest);
        QCOMPARE(latest->version, 1);
        QCOMPARE(latest->stage, core::store::Stage::Staging);
        QCOMPARE(QString::number(latest->run), modelRun);
        auto bytes = registry.modelData(QStringLiteral("cancer"), 1);
        QVERIFY(bytes);
        auto file = core::artifact::decodeModelFile(*bytes, QStringLiteral("registry"));
        QVERIFY2(file, file ? "" : qPrintable(file.error().toString()));
        QCOMPARE(file->provenance.runId, modelRun);
        QVERIFY(file->provenance.dataFingerprint.startsWith(QStringLiteral("sha256:")));

        // A model saved from the flow names its training run too.
        auto savedFile = core::artifact::loadModelFile(saved);
        QVERIFY2(savedFile, savedFile ? "" : qPrintable(savedFile.error().toString()));
        QCOMPARE(savedFile->provenance.runId, modelRun);
        QCOMPARE(savedFile->provenance.dataFingerprint, file->provenance.dataFingerprint);

        // Running the register node again registers the next version.
        QVERIFY(doc.setParam(QStringLiteral("register"), QStringLiteral("reason"),
                             QStringLiteral("second try")));
        QVERIFY(runAndWait(executor));
        latest = registry.latest(QStringLiteral("cancer"));
        QVERIFY(latest);
        QCOMPARE(latest->version, 2);

        // Without a store there is no registry: a clear error.
        Executor unrecorded(doc);
        runAndWait(unrecorded);
        QCOMPARE(unrecorded.state(QStringLiteral("register")), NodeState::Failed);
        QVERIFY2(unrecorded.message(QStringLiteral("register"))
                     .contains(QStringLiteral("not being recorded")),
                 qPrintable(unrecorded.message(QStringLiteral("register"))));
    }

    void aFailedExecutionIsRecordedAsFailed()
    {
        FlowDocument doc;
        build(doc, QStringLiteral("no_such_column"));
        Executor executor(doc);
        auto recorder = std::make_shared<FakeRecorder>();
        executor.setRecorder(recorder, {});
        runAndWait(executor);
        QCOMPARE(executor.state(QStringLiteral("model")), NodeState::Failed);
        const auto calls = recorder->calls();
        QCOMPARE(calls.size(), std::size_t(1)); // evaluate never ran
        QCOMPARE(calls.front().node, QStringLiteral("model"));
        QCOMPARE(calls.front().experiment, QStringLiteral("untitled"));
        QVERIFY(calls.front().ended);
        QVERIFY(!calls.front().ok);
        QVERIFY2(calls.front().error.contains(QStringLiteral("no_such_column")),
                 qPrintable(calls.front().error));
    }
};

QTEST_GUILESS_MAIN(TestRunRecording)
#include "tst_runrecording.moc"

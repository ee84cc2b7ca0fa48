// model.save and export.onnx run through the executor: import → split → train → evaluate, then
// save (.flmodel with the evaluation's metrics, and the JSON format) and export to ONNX; a model
// without an ONNX mapping fails its export node with the reason.

#include "Executor.h"
#include "FlowDocument.h"
#include "NodeRegistry.h"
#include "TrainFlowSupport.h"
#include "artifact/ModelFile.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline;
using namespace flowline::flows;

namespace {

bool runAndWait(Executor &e)
{
    QSignalSpy done(&e, &Executor::runFinished);
    if (!e.run({}))
        return false;
    return done.count() > 0 || done.wait(60000);
}

struct SaveFlow
{
    FlowDocument doc;
    Executor executor{doc};

    SaveFlow(const QString &algorithm, const QString &dir)
    {
        tests::addTrainAndEvaluate(doc, QStringLiteral("iris.csv"), algorithm,
                                   {{QStringLiteral("target"), QStringLiteral("species")}});
        const auto add = [&](const char *type, const QVariantMap &params, const char *id) {
            auto r = doc.addNode(QString::fromLatin1(type), {}, params, QString::fromLatin1(id));
            if (!r)
                qWarning("%s", qPrintable(r.error().message));
        };
        add("model.save", {{QStringLiteral("file"), dir + QStringLiteral("/m.flmodel")}}, "save");
        add("model.save", {{QStringLiteral("file"), dir + QStringLiteral("/m.json")}}, "save_json");
        add("export.onnx", {{QStringLiteral("file"), dir + QStringLiteral("/m.onnx")}}, "onnx");
        tests::connectAll(doc, {{"model", "model", "save", "model"},
                                {"evaluate", "evaluation", "save", "evaluation"},
                                {"model", "model", "save_json", "model"},
                                {"model", "model", "onnx", "model"}});
    }
};

} // namespace

class TstArtifactNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theNodeTypesAreRegistered()
    {
        const NodeRegistry &r = NodeRegistry::builtin();
        for (const char *id : {"model.save", "export.onnx"}) {
            const NodeType *t = r.find(QString::fromLatin1(id));
            QVERIFY2(t, id);
            QCOMPARE(t->inputs.front().type, PortType::Model);
            QVERIFY(t->outputs.isEmpty());
            QVERIFY(t->param(QStringLiteral("file")));
            QCOMPARE(t->param(QStringLiteral("file"))->type, ParamType::FilePath);
        }
    }

    void savesAndExportsATrainedModel()
    {
        QTemporaryDir dir;
        SaveFlow f(QStringLiteral("logistic_regression"), dir.path());
        QVERIFY(runAndWait(f.executor));
        for (const char *node : {"model", "evaluate", "save", "save_json", "onnx"})
            QVERIFY2(f.executor.state(QString::fromLatin1(node)) == NodeState::Done,
                     qPrintable(QString::fromLatin1(node) + QStringLiteral(": ") +
                                f.executor.message(QString::fromLatin1(node))));
        auto saved = core::artifact::loadModelFile(dir.filePath(QStringLiteral("m.flmodel")));
        QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().toString()));
        QCOMPARE(saved->pipeline->algorithm, QStringLiteral("logistic_regression"));
        QVERIFY(saved->metrics.contains(QStringLiteral("accuracy")));
        QVERIFY(saved->metrics.value(QStringLiteral("accuracy")) > 0.8);
        QVERIFY(!core::artifact::isModelFile(dir.filePath(QStringLiteral("m.json"))));
        auto json = core::artifact::loadAnyModel(dir.filePath(QStringLiteral("m.json")));
        QVERIFY(json);
        QCOMPARE(json->pipeline->toJson(), saved->pipeline->toJson());
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("m.onnx"))).size() > 100);
    }

    void aModelWithoutAnOnnxMappingFailsTheExportNode()
    {
        QTemporaryDir dir;
        SaveFlow f(QStringLiteral("knn"), dir.path());
        runAndWait(f.executor);
        QCOMPARE(f.executor.state(QStringLiteral("save")), NodeState::Done);
        QCOMPARE(f.executor.state(QStringLiteral("onnx")), NodeState::Failed);
        QVERIFY2(f.executor.message(QStringLiteral("onnx")).contains(QStringLiteral("knn")),
                 qPrintable(f.executor.message(QStringLiteral("onnx"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("m.onnx"))));
    }
};

QTEST_GUILESS_MAIN(TstArtifactNodes)
#include "tst_artifactnodes.moc"

// The ONNX exporter without a runtime: the graph's structure (IR and opset versions, one typed
// input per raw column used, the outputs), atomic saves, and the messages for what does not map.

#include "MlReference.h"
#include "artifact/OnnxExport.h"
#include "ml/Pipeline.h"
#include "prep/Recipe.h"
#include "prep/YeoJohnson.h"

#include <onnx/onnx_pb.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline;
using namespace flowline::core;
using flowline::tests::errorText;
using flowline::tests::readDataset;

namespace {

Result<ml::Pipeline> train(const Table &table, const QString &target, const QString &algorithm,
                           const QVariantMap &params = {})
{
    JobContext ctx;
    ml::TrainSpec spec;
    spec.algorithm = algorithm;
    spec.target = target;
    spec.params = params;
    return ml::trainPipeline(table, spec, ctx);
}

} // namespace

class TstOnnxProblems : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void theGraphHasTypedInputsPerRawColumnAndTheOutputs()
    {
        auto p = train(readDataset(QStringLiteral("customer_churn")), QStringLiteral("churned"),
                       QStringLiteral("logistic_regression"));
        QVERIFY2(p, qPrintable(errorText(p)));
        auto e = artifact::exportOnnx(*p);
        QVERIFY2(e, qPrintable(errorText(e)));
        onnx::ModelProto model;
        QVERIFY(model.ParseFromArray(e->bytes.constData(), int(e->bytes.size())));
        QCOMPARE(model.ir_version(), std::int64_t(8));
        std::map<std::string, std::int64_t> opsets;
        for (const auto &o : model.opset_import())
            opsets[o.domain()] = o.version();
        QCOMPARE(opsets[""], std::int64_t(15));
        QCOMPARE(opsets["ai.onnx.ml"], std::int64_t(3));
        std::map<std::string, int> types;
        for (const auto &i : model.graph().input()) {
            types[i.name()] = i.type().tensor_type().elem_type();
            QCOMPARE(i.type().tensor_type().shape().dim_size(), 2);
            QCOMPARE(i.type().tensor_type().shape().dim(1).dim_value(), std::int64_t(1));
        }
        QCOMPARE(int(types.size()), int(e->inputs.size()));
        QCOMPARE(types["monthly_charges"], int(onnx::TensorProto::DOUBLE));
        QCOMPARE(types["plan"], int(onnx::TensorProto::STRING));
        QCOMPARE(types["region"], int(onnx::TensorProto::STRING));
        // The target and the columns auto-prep leaves out (an id as text, a date) are no inputs.
        QVERIFY(!types.count("churned"));
        QVERIFY(!types.count("customer_id"));
        QVERIFY(!types.count("signup_date"));
        QCOMPARE(e->outputs,
                 (QStringList{QStringLiteral("probabilities"), QStringLiteral("label")}));
        QCOMPARE(model.graph().output(1).type().tensor_type().elem_type(),
                 int(onnx::TensorProto::STRING));
    }

    void savesAtomicallyAndNamesTheFile()
    {
        auto p = train(readDataset(QStringLiteral("diabetes")), QStringLiteral("progression"),
                       QStringLiteral("ridge"));
        QVERIFY(p);
        const QString path = m_dir.filePath(QStringLiteral("ridge.onnx"));
        QVERIFY(artifact::saveOnnx(*p, path));
        QVERIFY(QFileInfo(path).size() > 100);
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files),
                 QStringList{QStringLiteral("ridge.onnx")});
        const QString bad = m_dir.filePath(QStringLiteral("missing/folder/x.onnx"));
        auto r = artifact::saveOnnx(*p, bad);
        QVERIFY(!r);
        QCOMPARE(r.error().file, bad);
    }

    void unsupportedEstimatorsSayWhich_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("expected");
        QTest::newRow("knn") << QStringLiteral("knn") << QStringLiteral("species")
                             << QStringLiteral("knn: not supported by the ONNX exporter yet");
        QTest::newRow("dbscan") << QStringLiteral("dbscan") << QString()
                                << QStringLiteral("dbscan: clustering models are not exported");
        QTest::newRow("kmeans") << QStringLiteral("kmeans") << QString()
                                << QStringLiteral("kmeans: clustering models are not exported");
    }

    void unsupportedEstimatorsSayWhich()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, target);
        QFETCH(QString, expected);
        auto p =
            train(readDataset(QStringLiteral("iris")), target, algorithm,
                  algorithm == QLatin1String("mlp") ? QVariantMap{{QStringLiteral("max_iter"), 5}}
                                                    : QVariantMap());
        QVERIFY2(p, qPrintable(errorText(p)));
        auto e = artifact::exportOnnx(*p);
        QVERIFY(!e);
        QVERIFY2(e.error().message.contains(expected), qPrintable(e.error().message));
    }

    void everyPartThatDoesNotMapIsListed()
    {
        // A Yeo-Johnson step (no mapping) before k-NN (no mapping): both are named.
        JobContext ctx;
        const Table raw = readDataset(QStringLiteral("iris"));
        prep::YeoJohnsonSpec spec;
        spec.columns = {QStringLiteral("sepal_length")};
        auto yj = prep::fitYeoJohnson(raw, spec, ctx);
        QVERIFY2(yj, qPrintable(errorText(yj)));
        auto prepared = prep::applyAndRecord(*yj, raw, ctx);
        QVERIFY(prepared);
        auto p = train(*prepared, QStringLiteral("species"), QStringLiteral("knn"));
        QVERIFY2(p, qPrintable(errorText(p)));
        auto e = artifact::exportOnnx(*p);
        QVERIFY(!e);
        QVERIFY2(
            e.error().message.contains(QStringLiteral("step 1 (yeo_johnson): no ONNX mapping")),
            qPrintable(e.error().message));
        QVERIFY2(e.error().message.contains(QStringLiteral("knn: not supported")),
                 qPrintable(e.error().message));
        QVERIFY(!artifact::saveOnnx(*p, m_dir.filePath(QStringLiteral("no.onnx"))));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("no.onnx"))));
    }
};

QTEST_GUILESS_MAIN(TstOnnxProblems)
#include "tst_onnx_problems.moc"

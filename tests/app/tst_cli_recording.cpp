// flowline-cli train and run record their runs in the experiment store by themselves: read
// back through `runs show`, registered through `models register`, and a failed training is a
// failed run with its error.

#include "CliProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using flowline::tests::cli;
using flowline::tests::jsonOf;
using flowline::tests::kData;
using Run = flowline::tests::CliRun;

namespace {

QStringList artifactNames(const QJsonObject &run)
{
    QStringList names;
    for (const QJsonValue &a : run.value(QStringLiteral("artifacts")).toArray())
        names << a.toObject().value(QStringLiteral("name")).toString();
    return names;
}

} // namespace

class TestCliRecording : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;

    QJsonObject show(qint64 run)
    {
        const auto r = cli({QStringLiteral("runs"), QStringLiteral("show"), QString::number(run),
                            QStringLiteral("--json"), QStringLiteral("--store"), m_store});
        if (r.code != 0)
            qWarning("%s", r.err.constData());
        return jsonOf(r);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_store = m_dir.filePath(QStringLiteral("runs.sqlite"));
    }

    void trainRecordsItsRun()
    {
        const auto r =
            cli({QStringLiteral("train"), QStringLiteral("--data"),
                 kData + QStringLiteral("breast_cancer.csv"), QStringLiteral("--target"),
                 QStringLiteral("diagnosis"), QStringLiteral("--model"),
                 QStringLiteral("gradient_boosting"), QStringLiteral("--param"),
                 QStringLiteral("max_iter=20"), QStringLiteral("--cv"), QStringLiteral("3"),
                 QStringLiteral("--json"), QStringLiteral("--store"), m_store,
                 QStringLiteral("--experiment"), QStringLiteral("cancer")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject out = jsonOf(r);
        const qint64 id = out.value(QStringLiteral("run")).toInteger();
        QVERIFY(id > 0);
        const double accuracy = out.value(QStringLiteral("metrics"))
                                    .toObject()
                                    .value(QStringLiteral("accuracy"))
                                    .toDouble();

        const QJsonObject run = show(id);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
        QCOMPARE(run.value(QStringLiteral("experiment")).toString(), QStringLiteral("cancer"));
        QCOMPARE(run.value(QStringLiteral("algorithm")).toString(),
                 QStringLiteral("gradient_boosting"));
        QCOMPARE(run.value(QStringLiteral("seed")).toString(), QStringLiteral("42"));
        const QJsonObject params = run.value(QStringLiteral("params")).toObject();
        QCOMPARE(params.value(QStringLiteral("max_iter")).toString(), QStringLiteral("20"));
        QCOMPARE(params.value(QStringLiteral("target")).toString(), QStringLiteral("diagnosis"));
        QVERIFY(run.value(QStringLiteral("inputs"))
                    .toObject()
                    .value(QStringLiteral("data"))
                    .toString()
                    .startsWith(QStringLiteral("sha256:")));
        const QJsonObject metrics = run.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(metrics.value(QStringLiteral("accuracy"))
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 accuracy);
        QVERIFY(metrics.contains(QStringLiteral("accuracy_std")));
        // The loss curve: one point per boosting iteration.
        QCOMPARE(metrics.value(QStringLiteral("train_log_loss"))
                     .toObject()
                     .value(QStringLiteral("points"))
                     .toInteger(),
                 20);
        const QStringList artifacts = artifactNames(run);
        QVERIFY2(artifacts.contains(QStringLiteral("model.flmodel")) &&
                     artifacts.contains(QStringLiteral("folds")),
                 qPrintable(artifacts.join(QLatin1Char(','))));

        // The recorded model can be registered.
        const auto reg =
            cli({QStringLiteral("models"), QStringLiteral("register"), QStringLiteral("--run"),
                 QString::number(id), QStringLiteral("--name"), QStringLiteral("cancer-gb"),
                 QStringLiteral("--store"), m_store});
        QVERIFY2(reg.code == 0, reg.err.constData());
        QVERIFY2(reg.out.contains("cancer-gb") && reg.out.contains("1"), reg.out.constData());
    }

    void aFailedTrainingIsAFailedRun()
    {
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"),
                            kData + QStringLiteral("iris.csv"), QStringLiteral("--target"),
                            QStringLiteral("species"), QStringLiteral("--model"),
                            QStringLiteral("linear_regression"), QStringLiteral("--store"), m_store,
                            QStringLiteral("--experiment"), QStringLiteral("failing")});
        QCOMPARE(r.code, 1);
        const auto list = cli({QStringLiteral("runs"), QStringLiteral("list"),
                               QStringLiteral("--experiment"), QStringLiteral("failing"),
                               QStringLiteral("--json"), QStringLiteral("--store"), m_store});
        QVERIFY2(list.code == 0, list.err.constData());
        const QJsonArray runs = jsonOf(list).value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        const QJsonObject run = runs.first().toObject();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(run.value(QStringLiteral("error")).toString().contains(QStringLiteral("numeric")),
                 qPrintable(run.value(QStringLiteral("error")).toString()));
    }

    void runRecordsEveryTrainAndEvaluateNode()
    {
        const QString flow =
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples/churn_model.flow");
        const auto r = cli({QStringLiteral("run"), flow, QStringLiteral("--json"),
                            QStringLiteral("--store"), m_store});
        QVERIFY2(r.code == 0, r.err.constData());
        QMap<QString, qint64> recorded;
        for (const QJsonValue &n : jsonOf(r).value(QStringLiteral("nodes")).toArray()) {
            const QJsonObject node = n.toObject();
            if (node.contains(QStringLiteral("run")))
                recorded.insert(node.value(QStringLiteral("id")).toString(),
                                node.value(QStringLiteral("run")).toInteger());
        }
        // The training node, the held-out evaluation and the cross-validation; not the import,
        // split or predictions.
        QCOMPARE(recorded.keys(), (QStringList{"boost", "cv", "evaluate"}));
        for (auto it = recorded.begin(); it != recorded.end(); ++it) {
            const QJsonObject run = show(it.value());
            QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
            QCOMPARE(run.value(QStringLiteral("experiment")).toString(),
                     QStringLiteral("churn_model"));
            QCOMPARE(run.value(QStringLiteral("node")).toString(), it.key());
            QVERIFY(run.value(QStringLiteral("flow_snapshot"))
                        .toString()
                        .contains(QStringLiteral("eval.cross_validate")));
        }
        const QJsonObject cv = show(recorded.value(QStringLiteral("cv")));
        QCOMPARE(cv.value(QStringLiteral("algorithm")).toString(),
                 QStringLiteral("logistic_regression"));
        QCOMPARE(cv.value(QStringLiteral("metrics"))
                     .toObject()
                     .value(QStringLiteral("fold_accuracy"))
                     .toObject()
                     .value(QStringLiteral("points"))
                     .toInteger(),
                 5);
        const QJsonObject evaluate = show(recorded.value(QStringLiteral("evaluate")));
        QCOMPARE(evaluate.value(QStringLiteral("algorithm")).toString(),
                 QStringLiteral("gradient_boosting"));
        QVERIFY(artifactNames(evaluate).contains(QStringLiteral("confusion_matrix")));

        // --no-store records nothing.
        const auto before = cli({QStringLiteral("runs"), QStringLiteral("list"),
                                 QStringLiteral("--json"), QStringLiteral("--store"), m_store});
        const auto quiet = cli({QStringLiteral("run"), flow, QStringLiteral("--no-store"),
                                QStringLiteral("--store"), m_store});
        QVERIFY2(quiet.code == 0, quiet.err.constData());
        const auto after = cli({QStringLiteral("runs"), QStringLiteral("list"),
                                QStringLiteral("--json"), QStringLiteral("--store"), m_store});
        QCOMPARE(jsonOf(after).value(QStringLiteral("runs")).toArray().size(),
                 jsonOf(before).value(QStringLiteral("runs")).toArray().size());
    }
};

QTEST_GUILESS_MAIN(TestCliRecording)
#include "tst_cli_recording.moc"

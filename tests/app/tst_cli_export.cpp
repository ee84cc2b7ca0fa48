// flowline-cli export (and train --out / predict --model with .flmodel files), run as a real
// process: exit codes, messages, the files written.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CliProcess.h"

using flowline::tests::cli;
using flowline::tests::kData;
using Run = flowline::tests::CliRun;

class TestCliExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    Run train(const QString &algorithm, const QString &out)
    {
        return cli({QStringLiteral("train"), QStringLiteral("--data"),
                    kData + QStringLiteral("customer_churn.csv"), QStringLiteral("--target"),
                    QStringLiteral("churned"), QStringLiteral("--model"), algorithm,
                    QStringLiteral("--out"), out});
    }

private Q_SLOTS:
    void trainWritesAFlmodelThatPredictReads()
    {
        const auto t = train(QStringLiteral("logistic_regression"), path("churn.flmodel"));
        QVERIFY2(t.code == 0, t.err.constData());
        QFile f(path("churn.flmodel"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(8), QByteArray("FLMODEL\x1a", 8));
        f.close();
        const auto p =
            cli({QStringLiteral("predict"), QStringLiteral("--model"), path("churn.flmodel"),
                 QStringLiteral("--data"), kData + QStringLiteral("customer_churn.csv"),
                 QStringLiteral("--out"), path("scored.csv")});
        QVERIFY2(p.code == 0, p.err.constData());
        QVERIFY(p.out.contains("scored 5000 rows"));
        QFile scored(path("scored.csv"));
        QVERIFY(scored.open(QIODevice::ReadOnly));
        QVERIFY(scored.readLine().contains("probability_Yes"));
    }

    void exportsOnnxAndFlmodel()
    {
        QVERIFY(train(QStringLiteral("gradient_boosting"), path("gb.json")).code == 0);
        const auto onnx = cli({QStringLiteral("export"), QStringLiteral("--model"), path("gb.json"),
                               QStringLiteral("--format"), QStringLiteral("onnx"),
                               QStringLiteral("--out"), path("gb.onnx"), QStringLiteral("--json")});
        QVERIFY2(onnx.code == 0, onnx.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(onnx.out).object();
        const QJsonArray inputs = o.value(QStringLiteral("inputs")).toArray();
        QVERIFY(inputs.contains(QStringLiteral("plan")));
        QVERIFY(!inputs.contains(QStringLiteral("churned")));
        QCOMPARE(o.value(QStringLiteral("outputs")).toArray(),
                 (QJsonArray{QStringLiteral("probabilities"), QStringLiteral("label")}));
        QVERIFY(QFileInfo(path("gb.onnx")).size() > 1000);

        // The format can come from the name; the JSON model becomes a .flmodel.
        const auto fl = cli({QStringLiteral("export"), QStringLiteral("--model"), path("gb.json"),
                             QStringLiteral("--out"), path("gb.flmodel")});
        QVERIFY2(fl.code == 0, fl.err.constData());
        QVERIFY(fl.out.contains("exported gradient_boosting"));
        QFile f(path("gb.flmodel"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(8), QByteArray("FLMODEL\x1a", 8));
    }

    void whatCannotBeExportedIsNamed()
    {
        QVERIFY(train(QStringLiteral("knn"), path("knn.flmodel")).code == 0);
        const auto r = cli({QStringLiteral("export"), QStringLiteral("--model"),
                            path("knn.flmodel"), QStringLiteral("--format"), QStringLiteral("onnx"),
                            QStringLiteral("--out"), path("knn.onnx")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("knn: not supported by the ONNX exporter yet"), r.err.constData());
        QVERIFY(r.err.contains("knn.flmodel"));
        QVERIFY(!QFile::exists(path("knn.onnx")));
    }

    void badFilesAndArgumentsAreRefused()
    {
        QFile bad(path("bad.flmodel"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("FLMODEL\x1a\x01\x00\x00\x00", 12);
        bad.close();
        const auto corrupt = cli({QStringLiteral("export"), QStringLiteral("--model"),
                                  path("bad.flmodel"), QStringLiteral("--out"), path("x.onnx")});
        QCOMPARE(corrupt.code, 1);
        QVERIFY2(corrupt.err.contains("bad.flmodel") && corrupt.err.contains("truncated"),
                 corrupt.err.constData());
        const auto format = cli({QStringLiteral("export"), QStringLiteral("--model"),
                                 path("bad.flmodel"), QStringLiteral("--format"),
                                 QStringLiteral("pmml"), QStringLiteral("--out"), path("x.pmml")});
        QCOMPARE(format.code, 2);
        QVERIFY(format.err.contains("--format is onnx or flmodel"));
        const auto none = cli({QStringLiteral("export"), QStringLiteral("--model"),
                               path("bad.flmodel"), QStringLiteral("--out"), path("x.bin")});
        QCOMPARE(none.code, 2);
        const auto missing =
            cli({QStringLiteral("export"), QStringLiteral("--out"), path("x.onnx")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("--model is required"));
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"

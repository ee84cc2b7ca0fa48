// flowline-cli train and predict, run as a real process: exit codes, stdout, stderr, files.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "CliProcess.h"

using flowline::tests::cli;
using flowline::tests::jsonOf;
using flowline::tests::kData;
using Run = flowline::tests::CliRun;

class TestCliTrain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void trainPrintsTheRecipeAndHeldOutMetrics()
    {
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"),
                            kData + QStringLiteral("customer_churn.csv"),
                            QStringLiteral("--target"), QStringLiteral("tenure_months"),
                            QStringLiteral("--model"), QStringLiteral("linear_regression")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("model: linear_regression regression of 'tenure_months'"));
        QVERIFY(r.out.contains("impute (median)"));
        QVERIFY(r.out.contains("one-hot encode"));
        QVERIFY(r.out.contains("standardize"));
        QVERIFY(r.out.contains("left out"));
        QVERIFY(r.out.contains("held-out rows"));
        QVERIFY(r.out.contains("  r2 "));
        QVERIFY(r.out.contains("  rmse "));
    }

    void trainJsonWithCrossValidation()
    {
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"),
                            kData + QStringLiteral("diabetes.csv"), QStringLiteral("--target"),
                            QStringLiteral("progression"), QStringLiteral("--model"),
                            QStringLiteral("linear_regression"), QStringLiteral("--cv"),
                            QStringLiteral("5"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(QStringLiteral("model")).toString(), QStringLiteral("linear_regression"));
        QVERIFY(
            o.value(QStringLiteral("params")).toObject().contains(QStringLiteral("fit_intercept")));
        QCOMPARE(o.value(QStringLiteral("folds")).toArray().size(), 5);
        const double r2 =
            o.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("r2")).toDouble();
        // scikit-learn: cross_val_score(LinearRegression(), X, y, cv=KFold(5)).mean() = 0.482
        // (our folds are shuffled, so only roughly the same).
        QVERIFY2(r2 > 0.40 && r2 < 0.56, qPrintable(QString::number(r2)));
        QVERIFY(o.value(QStringLiteral("seconds")).toDouble() > 0);
    }

    void saveThenPredictARawFile()
    {
        const QString model = m_dir.filePath(QStringLiteral("churn.flmodel"));
        const auto t =
            cli({QStringLiteral("train"), QStringLiteral("--data"),
                 kData + QStringLiteral("customer_churn.csv"), QStringLiteral("--target"),
                 QStringLiteral("monthly_charges"), QStringLiteral("--model"),
                 QStringLiteral("linear_regression"), QStringLiteral("--out"), model});
        QVERIFY2(t.code == 0, t.err.constData());
        QVERIFY(QFile::exists(model));
        const QString rows = m_dir.filePath(QStringLiteral("new.csv"));
        {
            QFile f(rows);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("customer_id,signup_date,plan,region,tenure_months,support_calls,satisfaction,"
                    "has_partner,last_feedback,churned\n"
                    "N1,2024-02-01,premium,north,40,2,3,No,too expensive,No\n"
                    "N2,2024-02-02,basic,,3,0,,Yes,great service,Yes\n");
        }
        const QString out = m_dir.filePath(QStringLiteral("scored.csv"));
        const auto p = cli({QStringLiteral("predict"), QStringLiteral("--model"), model,
                            QStringLiteral("--data"), rows, QStringLiteral("--out"), out});
        QVERIFY2(p.code == 0, p.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].endsWith(",prediction"));
        QVERIFY(!lines[2].endsWith(","));
    }

    void costMatrixMovesTheThreshold()
    {
        // Dearer false negatives push the least-cost threshold down: more rows called positive.
        auto threshold = [&](const QString &cost) {
            const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"),
                                kData + QStringLiteral("breast_cancer.csv"),
                                QStringLiteral("--target"), QStringLiteral("diagnosis"),
                                QStringLiteral("--model"), QStringLiteral("logistic_regression"),
                                QStringLiteral("--cost"), cost, QStringLiteral("--json")});
            if (r.code != 0)
                return std::pair<double, double>(NAN, NAN);
            const QJsonObject m = jsonOf(r).value(QStringLiteral("metrics")).toObject();
            return std::pair(m.value(QStringLiteral("min_cost_threshold")).toDouble(NAN),
                             m.value(QStringLiteral("min_cost")).toDouble(NAN));
        };
        const auto [fnDear, fnCost] = threshold(QStringLiteral("1,20"));
        const auto [fpDear, fpCost] = threshold(QStringLiteral("20,1"));
        const QString line = QStringLiteral("FN dear: threshold %1 cost %2; FP dear: %3 cost %4")
                                 .arg(fnDear)
                                 .arg(fnCost)
                                 .arg(fpDear)
                                 .arg(fpCost);
        QVERIFY2(std::isfinite(fnDear) && std::isfinite(fpDear), qPrintable(line));
        QVERIFY2(fnDear < fpDear, qPrintable(line));
        QVERIFY2(fnCost >= 0 && fpCost >= 0, qPrintable(line));
        const auto bad = cli({QStringLiteral("train"), QStringLiteral("--data"),
                              kData + QStringLiteral("breast_cancer.csv"),
                              QStringLiteral("--target"), QStringLiteral("diagnosis"),
                              QStringLiteral("--model"), QStringLiteral("logistic_regression"),
                              QStringLiteral("--cost"), QStringLiteral("1;-2")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--cost needs two costs"), bad.err.constData());
    }

    void clearErrors()
    {
        const QString iris = kData + QStringLiteral("iris.csv");
        auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), iris,
                      QStringLiteral("--target"), QStringLiteral("species"),
                      QStringLiteral("--model"), QStringLiteral("magic_forest")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown model 'magic_forest'"));
        QVERIFY(r.err.contains("linear_regression"));
        r = cli({QStringLiteral("train"), QStringLiteral("--data"), iris,
                 QStringLiteral("--target"), QStringLiteral("colour"), QStringLiteral("--model"),
                 QStringLiteral("linear_regression")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no target column 'colour'"), r.err.constData());
        r = cli({QStringLiteral("train"), QStringLiteral("--data"), iris,
                 QStringLiteral("--target"), QStringLiteral("species"), QStringLiteral("--model"),
                 QStringLiteral("linear_regression")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("needs a numeric target; 'species' is categorical"),
                 r.err.constData());
        r = cli({QStringLiteral("train"), QStringLiteral("--data"), iris,
                 QStringLiteral("--target"), QStringLiteral("sepal_length"),
                 QStringLiteral("--model"), QStringLiteral("linear_regression"),
                 QStringLiteral("--param"), QStringLiteral("depth=3")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown parameter 'depth'"));
        r = cli({QStringLiteral("train"), QStringLiteral("--data"), iris,
                 QStringLiteral("--target"), QStringLiteral("sepal_length"),
                 QStringLiteral("--model"), QStringLiteral("linear_regression"),
                 QStringLiteral("--cv"), QStringLiteral("5"), QStringLiteral("--test-fraction"),
                 QStringLiteral("0.3")});
        QCOMPARE(r.code, 2);
        const QString broken = m_dir.filePath(QStringLiteral("broken.flmodel"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"format\": \"flowline-model\", \"version\": 1, \"algorithm\": ");
        }
        r = cli({QStringLiteral("predict"), QStringLiteral("--model"), broken,
                 QStringLiteral("--data"), iris, QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("x.csv"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("broken.flmodel"), r.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"

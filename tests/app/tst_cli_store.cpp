// flowline-cli runs and models, run as a real process against a store the test fills through
// the store's API: tables, JSON, filters, the registry's life cycle, and clear errors.

#include "CliProcess.h"
#include "store/StoreSchema.h"
#include "store/StoreTestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using flowline::tests::cli;
using flowline::tests::jsonOf;
using namespace flowline::core::store;
using Run = flowline::tests::CliRun;

namespace {

QList<qint64> idsIn(const QJsonArray &runs)
{
    QList<qint64> ids;
    for (const auto &r : runs)
        ids << r.toObject().value(QStringLiteral("id")).toInteger();
    return ids;
}

} // namespace

class TestCliStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_store;
    QList<qint64> m_ids;

    Run store(QStringList args) const
    {
        args << QStringLiteral("--store") << m_store;
        return cli(args);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_dir.filePath(QStringLiteral("experiments.sqlite"));
        auto s = flowline::tests::openOrNull(m_store);
        QVERIFY(s);
        struct R
        {
            const char *algorithm;
            const char *depth;
            double auc;
            RunStatus status;
        };
        for (const R &r : {R{"random_forest", "4", 0.91, RunStatus::Finished},
                           R{"random_forest", "8", 0.84, RunStatus::Finished},
                           R{"knn", "4", 0.7, RunStatus::Failed}}) {
            RunStart start;
            start.experiment = QStringLiteral("churn");
            start.algorithm = QString::fromLatin1(r.algorithm);
            start.params = {{QStringLiteral("max_depth"), QString::fromLatin1(r.depth)},
                            {QStringLiteral("criterion"), QStringLiteral("gini")}};
            start.tags = {{QStringLiteral("team"), QStringLiteral("growth")}};
            start.inputs = {{QStringLiteral("training"), QStringLiteral("sha256:beef")}};
            auto id = s->startRun(start);
            QVERIFY(id);
            for (int step = 0; step < 4; ++step)
                s->logMetric(*id, QStringLiteral("loss"), step, r.auc / (step + 1));
            s->logMetric(*id, QStringLiteral("roc_auc"), 0, r.auc);
            s->logArtifact(*id, {QStringLiteral("model.flmodel"), artifact_kind::model, false,
                                 QByteArray("model bytes")});
            QVERIFY(s->finishRun(*id, r.status,
                                 r.status == RunStatus::Failed ? QStringLiteral("diverged")
                                                               : QString()));
            m_ids << *id;
        }
    }

    void helpNamesTheStoreCommands()
    {
        auto r = cli({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("runs "));
        QVERIFY(r.out.contains("models "));
        r = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--store"));
        QVERIFY(r.out.contains("--sort"));
        QCOMPARE(cli({QStringLiteral("models")}).code, 2);
    }

    void runsListPrintsATable()
    {
        const auto r = store({QStringLiteral("runs"), QStringLiteral("list")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("ALGORITHM"));
        QVERIFY(r.out.contains("random_forest"));
        QVERIFY(r.out.contains("failed"));
        QVERIFY(r.out.contains("3 run(s)"));
    }

    void runsListFiltersAndSorts()
    {
        auto r =
            store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                   QStringLiteral("--sort"), QStringLiteral("roc_auc"), QStringLiteral("--desc")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonArray all = jsonOf(r).value(QStringLiteral("runs")).toArray();
        QCOMPARE(idsIn(all), (QList<qint64>{m_ids[0], m_ids[1], m_ids[2]}));
        QCOMPARE(all[0]
                     .toObject()
                     .value(QStringLiteral("metrics"))
                     .toObject()
                     .value(QStringLiteral("roc_auc"))
                     .toDouble(),
                 0.91);
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                   QStringLiteral("--sort"), QStringLiteral("roc_auc")});
        QCOMPARE(idsIn(jsonOf(r).value(QStringLiteral("runs")).toArray()),
                 (QList<qint64>{m_ids[2], m_ids[1], m_ids[0]}));
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                   QStringLiteral("--algorithm"), QStringLiteral("random_forest"),
                   QStringLiteral("--metric"), QStringLiteral("roc_auc>=0.85")});
        QCOMPARE(idsIn(jsonOf(r).value(QStringLiteral("runs")).toArray()),
                 (QList<qint64>{m_ids[0]}));
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                   QStringLiteral("--status"), QStringLiteral("failed"), QStringLiteral("--tag"),
                   QStringLiteral("team=growth")});
        QCOMPARE(idsIn(jsonOf(r).value(QStringLiteral("runs")).toArray()),
                 (QList<qint64>{m_ids[2]}));
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                   QStringLiteral("--experiment"), QStringLiteral("other")});
        QVERIFY(jsonOf(r).value(QStringLiteral("runs")).toArray().isEmpty());
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--sort"),
                   QStringLiteral("roc_auc")});
        QVERIFY(r.out.contains("ROC_AUC"));
        QVERIFY(r.out.contains("0.91"));
    }

    void runsListRefusesBadOptions()
    {
        auto r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--status"),
                        QStringLiteral("done")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--status"));
        r = store({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--metric"),
                   QStringLiteral("roc_auc~1")});
        QCOMPARE(r.code, 2);
        r = store({QStringLiteral("runs"), QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown subcommand"));
    }

    void runsShowPrintsEverything()
    {
        auto r = store({QStringLiteral("runs"), QStringLiteral("show"), QString::number(m_ids[2])});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("failed"));
        QVERIFY(r.out.contains("diverged"));
        QVERIFY(r.out.contains("max_depth"));
        QVERIFY(r.out.contains("sha256:beef"));
        QVERIFY(r.out.contains("model.flmodel"));
        r = store({QStringLiteral("runs"), QStringLiteral("show"), QString::number(m_ids[0]),
                   QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = jsonOf(r);
        QCOMPARE(o.value(QStringLiteral("id")).toInteger(), m_ids[0]);
        QCOMPARE(o.value(QStringLiteral("params")).toObject().value(QStringLiteral("max_depth")),
                 QJsonValue(QStringLiteral("4")));
        const QJsonObject loss =
            o.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("loss")).toObject();
        QCOMPARE(loss.value(QStringLiteral("points")).toInt(), 4);
        QCOMPARE(loss.value(QStringLiteral("step")).toInt(), 3);

        r = store({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("999")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no run 999"));
        r = store({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("abc")});
        QCOMPARE(r.code, 2);
    }

    void runsCompareWithDifferencesOnly()
    {
        auto r =
            store({QStringLiteral("runs"), QStringLiteral("compare"), QString::number(m_ids[0]),
                   QString::number(m_ids[1]), QStringLiteral("--diff-only"),
                   QStringLiteral("--json"), QStringLiteral("--curve"), QStringLiteral("loss")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = jsonOf(r);
        const QJsonArray params = o.value(QStringLiteral("params")).toArray();
        QCOMPARE(params.size(), 1); // criterion is the same
        QCOMPARE(params[0].toObject().value(QStringLiteral("key")).toString(),
                 QStringLiteral("max_depth"));
        QCOMPARE(params[0].toObject().value(QStringLiteral("values")).toArray(),
                 (QJsonArray{QStringLiteral("4"), QStringLiteral("8")}));
        const QJsonArray curves = o.value(QStringLiteral("curves")).toArray();
        QCOMPARE(curves.size(), 2);
        QCOMPARE(curves[1].toObject().value(QStringLiteral("steps")).toArray().size(), 4);

        r = store({QStringLiteral("runs"), QStringLiteral("compare"), QString::number(m_ids[0]),
                   QString::number(m_ids[1])});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains(QStringLiteral("RUN %1").arg(m_ids[1]).toUtf8()));
        QVERIFY(r.out.contains("param criterion"));
        QVERIFY(r.out.contains("metric roc_auc"));

        r = store({QStringLiteral("runs"), QStringLiteral("compare"), QString::number(m_ids[0])});
        QCOMPARE(r.code, 2);
        r = store({QStringLiteral("runs"), QStringLiteral("compare"), QString::number(m_ids[0]),
                   QStringLiteral("4242")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no run 4242"));
    }

    void modelsLifeCycle()
    {
        auto r =
            store({QStringLiteral("models"), QStringLiteral("register"), QStringLiteral("--run"),
                   QString::number(m_ids[0]), QStringLiteral("--name"), QStringLiteral("churn")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("registered churn version 1"));
        r = store({QStringLiteral("models"), QStringLiteral("register"), QStringLiteral("--run"),
                   QString::number(m_ids[1]), QStringLiteral("--name"), QStringLiteral("churn"),
                   QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(jsonOf(r).value(QStringLiteral("version")).toInt(), 2);

        r = store({QStringLiteral("models"), QStringLiteral("promote"), QStringLiteral("churn"),
                   QStringLiteral("2"), QStringLiteral("production"), QStringLiteral("--reason"),
                   QStringLiteral("best recall")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("churn version 2: none -> production"));

        r = store({QStringLiteral("models"), QStringLiteral("list")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("churn"));
        QVERIFY(r.out.contains("production"));
        r = store({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray models = jsonOf(r).value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models[0].toObject().value(QStringLiteral("versions")).toArray().size(), 2);

        r = store({QStringLiteral("models"), QStringLiteral("card"), QStringLiteral("churn"),
                   QStringLiteral("--set"), QStringLiteral("intended_use=Rank accounts by risk"),
                   QStringLiteral("--set"), QStringLiteral("limitations=EU customers only"),
                   QStringLiteral("--json")});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject card = jsonOf(r).value(QStringLiteral("card")).toObject();
        QCOMPARE(card.value(QStringLiteral("intended_use")).toString(),
                 QStringLiteral("Rank accounts by risk"));
        QCOMPARE(card.value(QStringLiteral("training_fingerprint")).toString(),
                 QStringLiteral("training: sha256:beef"));
        QCOMPARE(card.value(QStringLiteral("metrics"))
                     .toObject()
                     .value(QStringLiteral("roc_auc"))
                     .toDouble(),
                 0.84);
        QCOMPARE(jsonOf(r).value(QStringLiteral("history")).toArray().size(), 2);

        r = store({QStringLiteral("models"), QStringLiteral("card"), QStringLiteral("churn"),
                   QStringLiteral("2")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("Rank accounts by risk"));
        QVERIFY(r.out.contains("best recall"));
        QVERIFY(r.out.contains("production"));
    }

    void modelsErrorsAreClear()
    {
        auto r = store({QStringLiteral("models"), QStringLiteral("promote"),
                        QStringLiteral("ghost"), QStringLiteral("1"), QStringLiteral("staging"),
                        QStringLiteral("--reason"), QStringLiteral("x")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no model named 'ghost'"));
        r = store({QStringLiteral("models"), QStringLiteral("promote"), QStringLiteral("churn"),
                   QStringLiteral("1"), QStringLiteral("live"), QStringLiteral("--reason"),
                   QStringLiteral("x")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown stage 'live'"));
        r = store({QStringLiteral("models"), QStringLiteral("promote"), QStringLiteral("churn"),
                   QStringLiteral("1"), QStringLiteral("staging")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--reason"));
        r = store({QStringLiteral("models"), QStringLiteral("register"), QStringLiteral("--run"),
                   QString::number(m_ids[2]), QStringLiteral("--name"), QStringLiteral("bad")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("only a finished run"));
        r = store({QStringLiteral("models"), QStringLiteral("card"), QStringLiteral("churn"),
                   QStringLiteral("--set"), QStringLiteral("owner=me")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("no field 'owner'"));
        r = store({QStringLiteral("models"), QStringLiteral("card"), QStringLiteral("ghost")});
        QCOMPARE(r.code, 1);
    }

    void anOlderStoreIsMigratedWhenRead()
    {
        const QString old = m_dir.filePath(QStringLiteral("old.sqlite"));
        const QString built = flowline::tests::rawExec(
            old, QString::fromUtf8(migrationSql(1)) +
                     QStringLiteral("INSERT INTO experiments VALUES (1, 'legacy', 0);"
                                    "INSERT INTO runs (experiment_id, status, started_ms) "
                                    "VALUES (1, 'finished', 0);"
                                    "PRAGMA application_id = %1; PRAGMA user_version = 1;")
                         .arg(kStoreApplicationId));
        QVERIFY2(built.isEmpty(), qPrintable(built));
        auto r = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--json"),
                      QStringLiteral("--store"), old});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("migrated"), r.err.constData());
        QVERIFY(QFile::exists(old + QStringLiteral(".v1.backup")));
        QCOMPARE(jsonOf(r).value(QStringLiteral("runs")).toArray().size(), 1);
    }

    void storesThatCannotBeUsedAreRefused()
    {
        // A newer store: readable, but not writable.
        const QString newer = m_dir.filePath(QStringLiteral("newer.sqlite"));
        QVERIFY(QFile::copy(m_store, newer));
        QVERIFY(
            flowline::tests::rawExec(newer, QStringLiteral("PRAGMA user_version = 99")).isEmpty());
        auto r = cli({QStringLiteral("models"), QStringLiteral("register"), QStringLiteral("--run"),
                      QString::number(m_ids[0]), QStringLiteral("--name"), QStringLiteral("x"),
                      QStringLiteral("--store"), newer});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("store schema version 99"), r.err.constData());
        QVERIFY(r.err.contains(newer.toUtf8()));
        r = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), newer});
        QVERIFY2(r.code == 0, r.err.constData());

        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        r = cli(
            {QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--store"), missing});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("no experiment store"));
        QVERIFY(!QFile::exists(missing));

        const QString csv = m_dir.filePath(QStringLiteral("data.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("a,b\n1,2\n").repeated(100));
        f.close();
        r = cli({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--store"), csv});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("not a SQLite database"));
    }
};

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"

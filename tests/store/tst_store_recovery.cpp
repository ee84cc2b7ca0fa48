// Crash safety: a real process killed with SIGKILL while it logs leaves a sound store, its
// finished runs whole, and its interrupted run marked failed at the next open; runs of live
// processes and of other hosts are left alone.

#include "StoreTestSupport.h"

#include "store/ProcessIdentity.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace flowline::tests;
using namespace flowline::core::store;

class TstStoreRecovery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("s%1.sqlite").arg(++m_n)); }

private Q_SLOTS:
    void aKilledProcessLeavesASoundStore()
    {
        const QString path = freshPath();
        QProcess child;
        child.start(QStringLiteral(FLOWLINE_STORE_CHILD), {path, QStringLiteral("3")});
        QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
        // Wait until it has finished its runs and committed two batches of the last one.
        QList<RunId> finished;
        RunId victim = 0;
        qint64 logged = 0;
        QElapsedTimer clock;
        clock.start();
        int batches = 0;
        while (batches < 2 && clock.elapsed() < 60000) {
            if (!child.canReadLine() && !child.waitForReadyRead(1000)) {
                QVERIFY2(child.state() == QProcess::Running,
                         child.readAllStandardError().constData());
                continue;
            }
            while (child.canReadLine()) {
                const QList<QByteArray> words = child.readLine().trimmed().split(' ');
                QCOMPARE(words.size(), 2);
                if (words[0] == "finished")
                    finished << words[1].toLongLong();
                else if (words[0] == "running")
                    victim = words[1].toLongLong();
                else if (words[0] == "logged") {
                    logged = words[1].toLongLong();
                    ++batches;
                }
            }
        }
        QCOMPARE(batches, 2);
        QCOMPARE(finished.size(), 3);
        QVERIFY(victim > 0);
        child.kill(); // SIGKILL: no destructor, no flush, mid-transaction most likely
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        // Before anyone repairs anything: the file itself is sound.
        QCOMPARE(rawValue(path, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));

        auto opened = ExperimentStore::open(path);
        QVERIFY2(opened, qPrintable(errorText(opened)));
        auto store = *opened;
        QCOMPARE(store->recoveredRuns(), std::vector<RunId>{victim});
        auto check = store->integrityCheck();
        QVERIFY2(check, qPrintable(errorText(check)));
        QCOMPARE(*check, QStringLiteral("ok"));

        for (RunId id : finished) {
            auto d = store->run(id);
            QVERIFY2(d, qPrintable(errorText(d)));
            QCOMPARE(d->summary.status, RunStatus::Finished);
            QCOMPARE(d->metricPoints.at(QStringLiteral("loss")), std::int64_t(100));
            QCOMPARE(d->metrics.at(QStringLiteral("loss")).value, 1.0 / 100);
            QVERIFY(d->params.count(QStringLiteral("alpha")) == 1);
        }
        auto v = store->run(victim);
        QVERIFY2(v, qPrintable(errorText(v)));
        QCOMPARE(v->summary.status, RunStatus::Failed);
        QVERIFY2(v->summary.error.contains(QStringLiteral("interrupted")),
                 qPrintable(v->summary.error));
        QVERIFY(v->summary.error.contains(QString::number(child.processId())) ||
                v->summary.error.contains(QStringLiteral("process")));
        QVERIFY(!v->summary.endedMs); // when it died is unknown
        QCOMPARE(v->notes.size(), std::size_t(1));
        // Everything committed before the last "logged" line is there, and nothing half-done:
        // the two metrics are logged in pairs, so a batch never splits them unevenly by more
        // than one step.
        const auto loss = v->metricPoints.at(QStringLiteral("loss"));
        const auto accuracy = v->metricPoints.at(QStringLiteral("accuracy"));
        QVERIFY2(loss >= logged, qPrintable(QStringLiteral("%1 < %2").arg(loss).arg(logged)));
        QVERIFY(loss - accuracy == 0 || loss - accuracy == 1);

        // Opening again finds nothing more to repair, and the store takes new runs.
        opened = ExperimentStore::open(path);
        QVERIFY(opened);
        QVERIFY((*opened)->recoveredRuns().empty());
        QVERIFY(finishedRun(**opened, QStringLiteral("after"), QStringLiteral("knn"), 0.7) > 0);
    }

    void aLiveProcessesRunIsLeftAlone()
    {
        const QString path = freshPath();
        auto a = openOrNull(path);
        QVERIFY(a);
        auto run = a->startRun({});
        QVERIFY(run);
        auto b = openOrNull(path); // this process is alive: its run is not interrupted
        QVERIFY(b);
        QVERIFY(b->recoveredRuns().empty());
        QCOMPARE(b->run(*run)->summary.status, RunStatus::Running);
        QVERIFY(a->finishRun(*run, RunStatus::Finished));
    }

    void runsOfEndedProcessesAreMarkedOthersAreNot()
    {
        const QString path = freshPath();
        RunId gone = 0, reused = 0, elsewhere = 0, alive = 0;
        {
            auto store = openOrNull(path);
            QVERIFY(store);
            gone = *store->startRun({});
            reused = *store->startRun({});
            elsewhere = *store->startRun({});
            alive = *store->startRun({});
            QVERIFY(store->flush());
            // A pid no process has; our own pid with another process's start token (the pid
            // was reused); a dead pid on another host, which this host cannot judge.
            const QString sql =
                QStringLiteral(
                    "UPDATE runs SET pid = 2147480000, process_token = '' WHERE id = %1;"
                    "UPDATE runs SET process_token = 'another-boot/12345' WHERE id = %2;"
                    "UPDATE runs SET pid = 2147480000, host = 'far-away-host' WHERE id = %3;")
                    .arg(gone)
                    .arg(reused)
                    .arg(elsewhere);
            const QString why = rawExec(path, sql);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            auto again = openOrNull(path);
            QVERIFY(again);
            std::vector<RunId> marked = again->recoveredRuns();
            std::sort(marked.begin(), marked.end());
            QCOMPARE(marked, (std::vector<RunId>{gone, reused}));
            QCOMPARE(again->run(elsewhere)->summary.status, RunStatus::Running);
            QCOMPARE(again->run(alive)->summary.status, RunStatus::Running);
            QCOMPARE(again->run(gone)->summary.status, RunStatus::Failed);
            QVERIFY(store->finishRun(alive, RunStatus::Finished));
            // The marked runs are over: they cannot be finished late.
            QVERIFY(!store->finishRun(gone, RunStatus::Finished));
        }
    }

    void processTokensTellProcessesApart()
    {
        const ProcessIdentity &me = ProcessIdentity::current();
        QCOMPARE(qint64(me.pid), QCoreApplication::applicationPid());
        QVERIFY(!me.host.isEmpty());
#ifdef Q_OS_LINUX
        QVERIFY(!me.token.isEmpty());
        QVERIFY(ProcessIdentity::isAlive(me.pid, me.token));
        QVERIFY(!ProcessIdentity::isAlive(me.pid, me.token + QLatin1Char('0')));
#endif
        QVERIFY(!ProcessIdentity::isAlive(2147480000, QString()));
        QVERIFY(!ProcessIdentity::isAlive(0, QString()));
    }
};

QTEST_GUILESS_MAIN(TstStoreRecovery)
#include "tst_store_recovery.moc"

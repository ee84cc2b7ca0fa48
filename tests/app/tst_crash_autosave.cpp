// Crash safety of autosave: a real child process autosaving a flow is killed with SIGKILL
// mid-save. Its copy is then offered for recovery, is a whole version (never a mix), and the
// studio restores it.

#include "StudioTestSupport.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace flowline;
using namespace flowline::tests;

class TestCrashAutosave : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FlowlineTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_crash_autosave"));
    }

    void killedWhileAutosaving()
    {
        for (int round = 0; round < 6; ++round) {
            QTemporaryDir dir;
            const QString recovery = dir.filePath(QStringLiteral("recovery"));
            QProcess child;
            child.start(QStringLiteral(FLOWLINE_AUTOSAVE_CHILD), {recovery});
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            int seen = 0;
            while (seen < 2) {
                QVERIFY2(child.canReadLine() || child.waitForReadyRead(20000),
                         child.readAllStandardError().constData());
                while (child.canReadLine())
                    if (child.readLine().startsWith("saved"))
                        ++seen;
            }
            QThread::msleep(round * 9);
            child.kill();
            QVERIFY(child.waitForFinished(10000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);

            // The dead session's copy is offered, under the file it was saved as.
            const QList<app::Recovery> found = app::Autosave::recoverable(recovery);
            QCOMPARE(found.size(), 1);
            QCOMPARE(found.front().originalPath, QStringLiteral("/data/churn.flow"));

            // The studio restores it: one whole version, all 300 nodes alike.
            auto w = makeStudioWindow(dir);
            QVERIFY(w->restoreRecovery(found.front()));
            const flows::FlowDocument &doc = w->editor()->document();
            QCOMPARE(int(doc.nodes().size()), 300);
            const double first =
                doc.nodes().front().params.value(QStringLiteral("fraction")).toDouble();
            QVERIFY(first == 0.25 || first == 0.75);
            for (const auto &n : doc.nodes())
                QCOMPARE(n.params.value(QStringLiteral("fraction")).toDouble(), first);
            QVERIFY(w->editor()->isModified()); // recovered work still needs saving
        }
    }
};

QTEST_MAIN(TestCrashAutosave)
#include "tst_crash_autosave.moc"

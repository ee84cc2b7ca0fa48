// Crash safety of saves: a real child process saving a .flow or a .flmodel over and over is
// killed with SIGKILL at different moments. Every time, the file on disk is a whole version —
// the old one or the new one, never a mix — and loads.

#include "FlowDocument.h"
#include "FlowFile.h"
#include "artifact/ModelFile.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline;

namespace {

// Starts the saver, lets it finish `saves` saves plus `extraMs`, kills it. False when it did not
// get that far.
bool killMidSave(const QString &mode, const QString &path, int saves, int extraMs)
{
    QProcess child;
    child.start(QStringLiteral(FLOWLINE_CRASH_SAVER), {mode, path});
    if (!child.waitForStarted(10000))
        return false;
    int seen = 0;
    while (seen < saves) {
        if (!child.canReadLine() && !child.waitForReadyRead(20000))
            return false;
        while (child.canReadLine())
            if (child.readLine().startsWith("saved"))
                ++seen;
    }
    QThread::msleep(extraMs);
    child.kill(); // SIGKILL: no destructor runs, no buffer is flushed
    child.waitForFinished(10000);
    return child.exitStatus() == QProcess::CrashExit;
}

} // namespace

class TestCrashSaves : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flowSaveKilled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.flow"));
        for (int round = 0; round < 8; ++round) {
            QVERIFY(killMidSave(QStringLiteral("flow"), path, 2, round * 7));
            flows::FlowDocument doc;
            auto loaded = flows::FlowFile::load(path, doc);
            QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().toString()));
            QCOMPARE(int(doc.nodes().size()), 3000);
            // One version throughout: every node has the same fraction.
            const double first =
                doc.nodes().front().params.value(QStringLiteral("fraction")).toDouble();
            QVERIFY(first == 0.25 || first == 0.75);
            for (const auto &n : doc.nodes())
                QCOMPARE(n.params.value(QStringLiteral("fraction")).toDouble(), first);
        }
    }

    void modelSaveKilled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("forest.flmodel"));
        for (int round = 0; round < 8; ++round) {
            QVERIFY(killMidSave(QStringLiteral("model"), path, 2, round * 3));
            // The checksum covers the whole file: a mix of two versions would not load.
            auto file = core::artifact::loadModelFile(path);
            QVERIFY2(file, file ? "" : qPrintable(file.error().toString()));
            const double version = file->metrics.value(QStringLiteral("version"));
            QVERIFY(version == 1 || version == 2);
            QCOMPARE(file->pipeline->algorithm, QStringLiteral("random_forest"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCrashSaves)
#include "tst_crash_saves.moc"

#include "ImportController.h"
#include "JobPool.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using flowline::widgets::ImportController;

namespace {
constexpr int kTimeoutMs = 60'000;

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

// About `megabytes` of CSV: an id, two numbers, a category, a date and a flag per row.
QString writeLargeCsv(const QTemporaryDir &dir, int megabytes)
{
    const QString path = dir.filePath(QStringLiteral("large.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("id,amount,ratio,plan,day,active\n");
    const char *plans[] = {"basic", "standard", "premium"};
    QByteArray chunk;
    qint64 written = 0;
    for (qint64 row = 0; written < qint64(megabytes) << 20; ++row) {
        chunk += QByteArray::number(row) + ',' + QByteArray::number(row % 9973 * 1.25) + ',' +
                 QByteArray::number(double(row % 1000) / 997.0) + ',' + plans[row % 3] +
                 ",2024-01-" + QByteArray::number(10 + row % 20) + ',' +
                 (row % 2 ? "true" : "false") + '\n';
        if (chunk.size() > (1 << 20)) {
            written += file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
    return path;
}
} // namespace

class TestImportController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup() { flowline::widgets::jobPool()->waitForDone(); }
    void importsSmallCsv();
    void reportsErrors();
    void cancelBeforeReading();
    void cancelWhileRunning();
    void destroyedWhileRunning();
    void newOpenSupersedesRunning();

private:
    QTemporaryDir m_dir;
    QString m_large;
};

void TestImportController::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_large = writeLargeCsv(m_dir, 50);
    QVERIFY(!m_large.isEmpty());
}

void TestImportController::importsSmallCsv()
{
    const QString path = writeFile(m_dir, QStringLiteral("small.csv"),
                                   "name,score,group\nann,1.5,a\nbob,2.5,b\ncid,,a\n");
    ImportController controller;
    QSignalSpy started(&controller, &ImportController::started);
    QSignalSpy loaded(&controller, &ImportController::tableLoaded);
    QSignalSpy profiled(&controller, &ImportController::profileReady);
    QSignalSpy finished(&controller, &ImportController::finished);
    QSignalSpy failed(&controller, &ImportController::failed);
    QSignalSpy busy(&controller, &ImportController::busyChanged);

    controller.open(path);
    QVERIFY(controller.isBusy());
    QCOMPARE(controller.stage(), ImportController::Stage::Reading);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toString(), path);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(profiled.count(), 1);
    QVERIFY(!controller.isBusy());
    QCOMPARE(busy.count(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);

    const auto table = loaded.at(0).at(0).value<flowline::core::Table>();
    QCOMPARE(table.rowCount(), 3);
    QCOMPARE(table.columnNames(), (QStringList{"name", "score", "group"}));
    QCOMPARE(table.kind(1), flowline::core::ColumnKind::Numeric);
    QVERIFY(table.column(1)->isMissing(2));
    QCOMPARE(controller.table().rowCount(), 3);

    const auto profile = profiled.at(0).at(0).value<flowline::core::TableProfile>();
    QCOMPARE(profile.rows, 3);
    QCOMPARE(int(profile.columns.size()), 3);
    QCOMPARE(profile.columns[1].name, QStringLiteral("score"));
    QCOMPARE(profile.columns[1].missing, 1);
    QCOMPARE(profile.columns[1].mean, 2.0);
    QCOMPARE(controller.profile().columns.size(), profile.columns.size());
}

void TestImportController::reportsErrors()
{
    ImportController controller;
    QSignalSpy failed(&controller, &ImportController::failed);
    QSignalSpy loaded(&controller, &ImportController::tableLoaded);

    const QString missing = m_dir.filePath(QStringLiteral("does-not-exist.csv"));
    controller.open(missing);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("does-not-exist.csv")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!controller.isBusy());

    // A row with too many fields: the message says where ("FILE:LINE:COL: ...").
    const QString ragged = writeFile(m_dir, QStringLiteral("ragged.csv"), "a,b\n1,2\n3,4,5\n");
    controller.open(ragged);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, kTimeoutMs);
    const QString message = failed.at(1).at(0).toString();
    QVERIFY2(message.startsWith(ragged + QStringLiteral(":3")), qPrintable(message));
    QCOMPARE(loaded.count(), 0);
}

void TestImportController::cancelBeforeReading()
{
    ImportController controller;
    QSignalSpy canceled(&controller, &ImportController::canceled);
    QSignalSpy loaded(&controller, &ImportController::tableLoaded);
    QSignalSpy failed(&controller, &ImportController::failed);
    QSignalSpy busy(&controller, &ImportController::busyChanged);
    controller.open(m_large);
    controller.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(canceled.count(), 1, kTimeoutMs);
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!controller.isBusy());
    QCOMPARE(busy.count(), 2);
}

void TestImportController::cancelWhileRunning()
{
    ImportController controller;
    QSignalSpy progress(&controller, &ImportController::progressChanged);
    QSignalSpy canceled(&controller, &ImportController::canceled);
    QSignalSpy finished(&controller, &ImportController::finished);
    QSignalSpy failed(&controller, &ImportController::failed);
    controller.open(m_large);
    // Wait for the reader to report some progress, then cancel.
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 1 || !controller.isBusy(), kTimeoutMs);
    QVERIFY(controller.isBusy());
    // The job runs on the studio's pool; Qt's global pool (which painting uses) stays free.
    QVERIFY(flowline::widgets::jobPool()->activeThreadCount() > 0);
    QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
    const double last = progress.last().at(0).toDouble();
    QVERIFY(last >= 0.0 && last <= 1.0);
    controller.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(canceled.count(), 1, kTimeoutMs);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!controller.isBusy());
}

void TestImportController::destroyedWhileRunning()
{
    auto *controller = new ImportController;
    controller->open(m_large);
    QTest::qWait(50);
    delete controller; // cancels; the worker holds nothing of the controller
    flowline::widgets::jobPool()->waitForDone();
    QCoreApplication::processEvents();
}

void TestImportController::newOpenSupersedesRunning()
{
    const QString small = writeFile(m_dir, QStringLiteral("tiny.csv"), "x\n1\n2\n");
    ImportController controller;
    QSignalSpy loaded(&controller, &ImportController::tableLoaded);
    QSignalSpy finished(&controller, &ImportController::finished);
    QSignalSpy canceled(&controller, &ImportController::canceled);
    QSignalSpy busy(&controller, &ImportController::busyChanged);
    controller.open(m_large);
    controller.open(small);
    QCOMPARE(controller.path(), small);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    flowline::widgets::jobPool()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(loaded.at(0).at(0).value<flowline::core::Table>().rowCount(), 2);
    QCOMPARE(canceled.count(), 0);
    QCOMPARE(busy.count(), 2); // one busy period
}

QTEST_MAIN(TestImportController)
#include "tst_importcontroller.moc"

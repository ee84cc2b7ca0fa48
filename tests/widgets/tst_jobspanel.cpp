// JobsPanel: rows follow the executor (state, progress, time, message), Cancel, the run log
// and the selected node's log, clearing finished rows, removed nodes and labels.

#include "Executor.h"
#include "FlowDocument.h"
#include "JobsModel.h"
#include "JobsPanel.h"
#include "NodeRegistry.h"
#include "jobs/JobContext.h"
#include "table/NumericColumn.h"
#include "util/Memory.h"

#include <QAbstractButton>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeView>

using namespace flowline;
using flows::Executor;
using flows::FlowDocument;
using flows::NodeState;
using widgets::JobsModel;
using widgets::JobsPanel;

namespace {

flows::PortSpec tablePort()
{
    return flows::PortSpec{QStringLiteral("table"), QStringLiteral("Table"),
                           flows::PortType::Table};
}

flows::NodeOutputs oneCell()
{
    core::Table t({QStringLiteral("v")},
                  {std::make_shared<const core::NumericColumn>(std::vector<double>{1.0})});
    return {std::make_shared<const flows::TableValue>(std::move(t))};
}

// test.source: a one-cell table, and a log line. test.slow: sleeps `ms` in 5 ms steps,
// reporting progress and stopping when canceled. test.fail: always fails.
const flows::NodeRegistry &jobsRegistry()
{
    static const flows::NodeRegistry registry = [] {
        flows::NodeRegistry r;
        flows::NodeType source;
        source.id = QStringLiteral("test.source");
        source.displayName = QStringLiteral("Source");
        source.category = QStringLiteral("Data");
        source.outputs = {tablePort()};
        source.run = [](const flows::NodeInputs &,
                        core::JobContext &ctx) -> core::Result<flows::NodeOutputs> {
            ctx.log(QStringLiteral("made 1 row"));
            return oneCell();
        };
        r.add(source);

        flows::NodeType slow;
        slow.id = QStringLiteral("test.slow");
        slow.displayName = QStringLiteral("Slow");
        slow.category = QStringLiteral("Prepare");
        slow.inputs = {tablePort()};
        slow.outputs = {tablePort()};
        slow.params = {flows::ParamSpec{
            QStringLiteral("ms"), QStringLiteral("Sleep"), {}, flows::ParamType::Int, qint64(0)}};
        slow.run = [](const flows::NodeInputs &in,
                      core::JobContext &ctx) -> core::Result<flows::NodeOutputs> {
            const qint64 ms = in.params.value(QStringLiteral("ms")).toLongLong();
            for (qint64 slept = 0; slept < ms; slept += 5) {
                if (ctx.isCanceled())
                    return core::Error{QStringLiteral("canceled")};
                ctx.setProgress(double(slept) / double(ms), QStringLiteral("sleeping"));
                QThread::msleep(5);
            }
            return oneCell();
        };
        r.add(slow);

        flows::NodeType fail = slow;
        fail.id = QStringLiteral("test.fail");
        fail.displayName = QStringLiteral("Fail");
        fail.run = [](const flows::NodeInputs &,
                      core::JobContext &) -> core::Result<flows::NodeOutputs> {
            return core::Error{QStringLiteral("this node always fails")};
        };
        r.add(fail);
        return r;
    }();
    return registry;
}

void addNode(FlowDocument &doc, const char *type, const char *id, qint64 ms = 0)
{
    QVariantMap params;
    if (ms > 0)
        params.insert(QStringLiteral("ms"), ms);
    QVERIFY(doc.addNode(QLatin1String(type), {}, params, QLatin1String(id)).ok());
}

void link(FlowDocument &doc, const char *from, const char *to)
{
    QVERIFY(doc.connect(flows::Link{QLatin1String(from), QStringLiteral("table"), QLatin1String(to),
                                    QStringLiteral("table")})
                .ok());
}

bool runAndWait(Executor &executor)
{
    QSignalSpy finished(&executor, &Executor::runFinished);
    return executor.run() && (finished.count() > 0 || finished.wait(20000));
}

QString cell(const JobsPanel &panel, const char *node, int column, int role = Qt::DisplayRole)
{
    const int row = panel.rowOf(QLatin1String(node));
    return row < 0 ? QStringLiteral("<no row>")
                   : panel.view()->model()->index(row, column).data(role).toString();
}

QAbstractButton *cancelButton(const JobsPanel &panel, const char *node)
{
    const int row = panel.rowOf(QLatin1String(node));
    return row < 0 ? nullptr
                   : qobject_cast<QAbstractButton *>(panel.view()->indexWidget(
                         panel.view()->model()->index(row, JobsModel::CancelColumn)));
}

QString logText(const JobsPanel &panel)
{
    return panel.findChild<QPlainTextEdit *>(QStringLiteral("jobsLog"))->toPlainText();
}

const QRegularExpression kTime(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d "));

} // namespace

class TestJobsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsNothingBeforeARun()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        QCOMPARE(panel.view()->model()->rowCount(), 0);
        QCOMPARE(panel.rowOf(QStringLiteral("a")), -1);
        QVERIFY(panel.runLog().isEmpty());
    }

    void rowsAppearAndReachDone()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "b", 20);
        link(doc, "a", "b");
        QVERIFY(runAndWait(executor));

        QCOMPARE(panel.view()->model()->rowCount(), 2);
        QCOMPARE(panel.rowOf(QStringLiteral("a")), 0);
        QCOMPARE(panel.rowOf(QStringLiteral("b")), 1);
        for (const char *node : {"a", "b"}) {
            QCOMPARE(cell(panel, node, JobsModel::NodeColumn), QLatin1String(node));
            QCOMPARE(cell(panel, node, JobsModel::StateColumn), QStringLiteral("Done"));
            QCOMPARE(cell(panel, node, JobsModel::StateColumn, JobsModel::StateRole).toInt(),
                     static_cast<int>(NodeState::Done));
            QCOMPARE(cell(panel, node, JobsModel::ProgressColumn), QStringLiteral("100"));
            QVERIFY(cell(panel, node, JobsModel::MessageColumn).isEmpty());
            QVERIFY(!cancelButton(panel, node)->isEnabled());
        }
        // b slept 20 ms: its time is what the executor measured, in seconds.
        const QString elapsed = cell(panel, "b", JobsModel::ElapsedColumn);
        QCOMPARE(elapsed, JobsModel::formatSeconds(executor.seconds(QStringLiteral("b"))));
        QVERIFY2(QRegularExpression(QStringLiteral("^0\\.\\d\\d s$")).match(elapsed).hasMatch(),
                 qPrintable(elapsed));
        QVERIFY(executor.seconds(QStringLiteral("b")) >= 0.02);
        // Memory: the process's peak while b ran and its rise, as the executor measured them.
        const flows::MemoryUse m = executor.memory(QStringLiteral("b"));
        QVERIFY(m.atStart > 0 && m.peak >= m.atStart);
        const QString memory = cell(panel, "b", JobsModel::MemoryColumn);
        QCOMPARE(memory, QStringLiteral("%1 (+%2)")
                             .arg(core::readableBytes(double(m.peak)),
                                  core::readableBytes(double(m.peak - m.atStart))));
        QVERIFY2(QRegularExpression(QStringLiteral(R"(^\d+\.\d [MG]iB \(\+\d+\.\d [MG]iB\)$)"))
                     .match(memory)
                     .hasMatch(),
                 qPrintable(memory));
        const QString tip = cell(panel, "b", JobsModel::MemoryColumn, Qt::ToolTipRole);
        QVERIFY2(
            tip.contains(
                QStringLiteral("%1 at most while it ran").arg(core::readableBytes(double(m.peak)))),
            qPrintable(tip));
    }

    void formatsSeconds()
    {
        QCOMPARE(JobsModel::formatSeconds(0.523), QStringLiteral("0.52 s"));
        QCOMPARE(JobsModel::formatSeconds(12.34), QStringLiteral("12.3 s"));
        QCOMPARE(JobsModel::formatSeconds(65.2), QStringLiteral("1 min 05 s"));
    }

    void showsCachedForACachedResult()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "b", 10);
        link(doc, "a", "b");
        QVERIFY(runAndWait(executor));
        QVERIFY(cell(panel, "a", JobsModel::ElapsedColumn).endsWith(QStringLiteral(" s")));

        QVERIFY(doc.setParam(QStringLiteral("b"), QStringLiteral("ms"), qint64(15)).ok());
        QVERIFY(runAndWait(executor));
        QVERIFY(executor.fromCache(QStringLiteral("a")));
        QCOMPARE(cell(panel, "a", JobsModel::ElapsedColumn), QStringLiteral("cached"));
        QVERIFY(cell(panel, "a", JobsModel::MemoryColumn).isEmpty()); // nothing ran
        QCOMPARE(cell(panel, "b", JobsModel::StateColumn), QStringLiteral("Done"));
        QVERIFY(cell(panel, "b", JobsModel::ElapsedColumn).endsWith(QStringLiteral(" s")));
    }

    void elapsedTicksOnlyWhileRunning()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        auto *ticker = panel.findChild<QTimer *>(QStringLiteral("jobsTicker"));
        QVERIFY(ticker);
        QVERIFY(!ticker->isActive());
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "slow", 20000);
        link(doc, "a", "slow");
        QSignalSpy finished(&executor, &Executor::runFinished);
        QVERIFY(executor.run());
        QTRY_COMPARE(executor.state(QStringLiteral("slow")), NodeState::Running);
        QVERIFY(ticker->isActive());
        // The timer, not a state change, refreshes the time of the running row.
        QSignalSpy changed(panel.view()->model(), &QAbstractItemModel::dataChanged);
        const auto ticked = [&] {
            for (const auto &args : changed) {
                const auto from = args.at(0).toModelIndex(), to = args.at(1).toModelIndex();
                if (from.column() == JobsModel::ElapsedColumn &&
                    to.column() == JobsModel::MemoryColumn &&
                    from.row() == panel.rowOf(QStringLiteral("slow")))
                    return true;
            }
            return false;
        };
        const QString before = cell(panel, "slow", JobsModel::ElapsedColumn);
        QVERIFY(before.endsWith(QStringLiteral(" s")));
        QTRY_VERIFY(ticked());
        QTRY_VERIFY(cell(panel, "slow", JobsModel::ElapsedColumn) != before);
        // Progress and its message arrive while it runs.
        QTRY_VERIFY(cell(panel, "slow", JobsModel::ProgressColumn).toInt() > 0);
        QCOMPARE(cell(panel, "slow", JobsModel::MessageColumn), QStringLiteral("sleeping"));

        executor.cancelAll();
        QTRY_VERIFY(finished.count() > 0);
        QVERIFY(!ticker->isActive());
    }

    void cancelButtonCancelsARunningNode()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "slow", 20000);
        addNode(doc, "test.slow", "last");
        link(doc, "a", "slow");
        link(doc, "slow", "last");
        QSignalSpy finished(&executor, &Executor::runFinished);
        QVERIFY(executor.run());
        QTRY_COMPARE(executor.state(QStringLiteral("slow")), NodeState::Running);
        QCOMPARE(cell(panel, "slow", JobsModel::StateColumn), QStringLiteral("Running"));
        QCOMPARE(cell(panel, "last", JobsModel::StateColumn), QStringLiteral("Queued"));
        QVERIFY(cancelButton(panel, "last")->isEnabled());
        QAbstractButton *cancel = cancelButton(panel, "slow");
        QVERIFY(cancel);
        QVERIFY(cancel->isEnabled());
        QVERIFY(!cancelButton(panel, "a")->isEnabled()); // done already

        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE(executor.state(QStringLiteral("slow")), NodeState::Canceled);
        QTRY_VERIFY(finished.count() > 0);
        QCOMPARE(cell(panel, "slow", JobsModel::StateColumn), QStringLiteral("Canceled"));
        QVERIFY(!cancel->isEnabled());
        // What waited for it did not run, and says why.
        QCOMPARE(cell(panel, "last", JobsModel::StateColumn), QStringLiteral("Not run"));
        QVERIFY(cell(panel, "last", JobsModel::MessageColumn).contains(QStringLiteral("canceled")));
        QVERIFY(!cancelButton(panel, "last")->isEnabled());
        QVERIFY2(panel.runLog().contains(QStringLiteral(" slow canceled")),
                 qPrintable(panel.runLog()));
    }

    void failedRowShowsTheError()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.fail", "f");
        link(doc, "a", "f");
        QVERIFY(runAndWait(executor));
        QCOMPARE(cell(panel, "f", JobsModel::StateColumn), QStringLiteral("Failed"));
        QCOMPARE(cell(panel, "f", JobsModel::MessageColumn),
                 QStringLiteral("this node always fails"));
        const QModelIndex state =
            panel.view()->model()->index(panel.rowOf(QStringLiteral("f")), JobsModel::StateColumn);
        QCOMPARE(state.data(Qt::ForegroundRole).value<QColor>(), QColor(0xc0, 0x1c, 0x28));
        QVERIFY(!state.data(Qt::DecorationRole).value<QIcon>().isNull());
        // The successful row is not marked.
        const QModelIndex ok =
            panel.view()->model()->index(panel.rowOf(QStringLiteral("a")), JobsModel::StateColumn);
        QVERIFY(!ok.data(Qt::ForegroundRole).isValid());
        QVERIFY2(panel.runLog().contains(QStringLiteral(" f failed: this node always fails")),
                 qPrintable(panel.runLog()));
    }

    void aNodeThatCannotRunIsListedAsFailed()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.slow", "orphan"); // its required input is unconnected
        QVERIFY(runAndWait(executor));
        QCOMPARE(cell(panel, "orphan", JobsModel::StateColumn), QStringLiteral("Failed"));
        QVERIFY(!cell(panel, "orphan", JobsModel::MessageColumn).isEmpty());
        QVERIFY(cell(panel, "orphan", JobsModel::ElapsedColumn).isEmpty()); // it never ran
    }

    void runLogHasTimestampedLines()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "b", 10);
        link(doc, "a", "b");
        QVERIFY(runAndWait(executor));
        const QStringList lines = panel.runLog().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 5);
        QStringList texts;
        for (const QString &line : lines) {
            QVERIFY2(kTime.match(line).hasMatch(), qPrintable(line));
            texts << line.mid(9);
        }
        QCOMPARE(texts.at(0), QStringLiteral("a started"));
        QVERIFY2(QRegularExpression(QStringLiteral("^a done in \\d+\\.\\d\\d s$"))
                     .match(texts.at(1))
                     .hasMatch(),
                 qPrintable(texts.at(1)));
        QCOMPARE(texts.at(2), QStringLiteral("b started"));
        QVERIFY(texts.at(3).startsWith(QStringLiteral("b done in ")));
        QCOMPARE(texts.at(4), QStringLiteral("run finished"));
        QCOMPARE(logText(panel), panel.runLog());
    }

    void selectingARowShowsItsNodeLog()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "b");
        link(doc, "a", "b");
        QVERIFY(runAndWait(executor));
        QVERIFY(!logText(panel).contains(QStringLiteral("made 1 row")));

        panel.view()->setCurrentIndex(panel.view()->model()->index(0, 0));
        const QString withA = logText(panel);
        QVERIFY2(withA.startsWith(panel.runLog()), qPrintable(withA));
        QVERIFY(withA.contains(QStringLiteral("Log of a")));
        QVERIFY(withA.endsWith(QStringLiteral("made 1 row")));

        panel.view()->setCurrentIndex(panel.view()->model()->index(1, 0));
        QVERIFY(logText(panel).contains(QStringLiteral("Log of b")));
        QVERIFY(logText(panel).endsWith(QStringLiteral("(no log lines)")));
        QVERIFY(!logText(panel).contains(QStringLiteral("made 1 row")));

        // Lines of a new run go above the selected node's log.
        panel.view()->setCurrentIndex(panel.view()->model()->index(0, 0));
        const int before = panel.runLog().split(QLatin1Char('\n')).size();
        QVERIFY(doc.setParam(QStringLiteral("b"), QStringLiteral("ms"), qint64(5)).ok());
        QVERIFY(runAndWait(executor));
        QVERIFY(panel.runLog().split(QLatin1Char('\n')).size() > before);
        QVERIFY(logText(panel).startsWith(panel.runLog()));
        QVERIFY(logText(panel).endsWith(QStringLiteral("made 1 row")));

        panel.view()->clearSelection();
        QCOMPARE(logText(panel), panel.runLog());
        QVERIFY(doc.setParam(QStringLiteral("b"), QStringLiteral("ms"), qint64(10)).ok());
        QVERIFY(runAndWait(executor));
        QCOMPARE(logText(panel), panel.runLog());
        QVERIFY(panel.findChild<QPlainTextEdit *>(QStringLiteral("jobsLog"))->isReadOnly());
    }

    void clearFinishedKeepsWhatStillRuns()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "slow", 20000);
        addNode(doc, "test.source", "c");
        link(doc, "a", "slow");
        QSignalSpy finished(&executor, &Executor::runFinished);
        QVERIFY(executor.run());
        QTRY_COMPARE(executor.state(QStringLiteral("slow")), NodeState::Running);
        QTRY_COMPARE(executor.state(QStringLiteral("c")), NodeState::Done);
        QCOMPARE(panel.view()->model()->rowCount(), 3);

        auto *clear = panel.findChild<QPushButton *>(QStringLiteral("clearFinished"));
        QVERIFY(clear);
        QVERIFY(clear->isEnabled());
        QTest::mouseClick(clear, Qt::LeftButton);
        QCOMPARE(panel.view()->model()->rowCount(), 1);
        QCOMPARE(panel.rowOf(QStringLiteral("slow")), 0);
        QCOMPARE(panel.rowOf(QStringLiteral("a")), -1);
        QCOMPARE(panel.rowOf(QStringLiteral("c")), -1);
        QVERIFY(!clear->isEnabled()); // nothing finished left
        QVERIFY(cancelButton(panel, "slow")->isEnabled());

        executor.cancelAll();
        QTRY_VERIFY(finished.count() > 0);
        QVERIFY(clear->isEnabled());
        panel.clearFinished();
        QCOMPARE(panel.view()->model()->rowCount(), 0);
        QVERIFY(!panel.runLog().isEmpty()); // the log stays
    }

    void removedNodeRowDisappears()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.slow", "b");
        link(doc, "a", "b");
        QVERIFY(runAndWait(executor));
        QCOMPARE(panel.rowOf(QStringLiteral("b")), 1);
        QVERIFY(doc.removeNode(QStringLiteral("a")));
        QCOMPARE(panel.rowOf(QStringLiteral("a")), -1);
        QCOMPARE(panel.rowOf(QStringLiteral("b")), 0);
        QCOMPARE(panel.view()->model()->rowCount(), 1);
        QCOMPARE(cell(panel, "b", JobsModel::NodeColumn), QStringLiteral("b"));
    }

    void labelsFollowTheDocument()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        QVERIFY(doc.setLabel(QStringLiteral("a"), QStringLiteral("Titanic")));
        QVERIFY(runAndWait(executor));
        QCOMPARE(cell(panel, "a", JobsModel::NodeColumn), QStringLiteral("Titanic"));
        QCOMPARE(cell(panel, "a", JobsModel::NodeColumn, Qt::ToolTipRole), QStringLiteral("a"));
        QVERIFY(panel.runLog().contains(QStringLiteral(" Titanic started")));

        QSignalSpy changed(panel.view()->model(), &QAbstractItemModel::dataChanged);
        QVERIFY(doc.setLabel(QStringLiteral("a"), QStringLiteral("Passengers")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cell(panel, "a", JobsModel::NodeColumn), QStringLiteral("Passengers"));
        QVERIFY(doc.setLabel(QStringLiteral("a"), QString()));
        QCOMPARE(cell(panel, "a", JobsModel::NodeColumn), QStringLiteral("a"));
    }

    void doubleClickActivatesTheNode()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.source", "b");
        QVERIFY(runAndWait(executor));
        panel.resize(600, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy activated(&panel, &JobsPanel::nodeActivated);
        const QModelIndex b = panel.view()->model()->index(panel.rowOf(QStringLiteral("b")), 0);
        const QPoint at = panel.view()->visualRect(b).center();
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("b"));
    }

    void paintsWithoutTrouble()
    {
        FlowDocument doc(jobsRegistry());
        Executor executor(doc);
        JobsPanel panel(doc, executor);
        addNode(doc, "test.source", "a");
        addNode(doc, "test.fail", "f");
        link(doc, "a", "f");
        QVERIFY(runAndWait(executor));
        panel.resize(700, 400);
        const QImage image = panel.grab().toImage();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), panel.size() * panel.devicePixelRatio());
    }
};

QTEST_MAIN(TestJobsPanel)
#include "tst_jobspanel.moc"

// Executor: order, concurrency, caching, invalidation, cancel, failure isolation.

#include "Executor.h"
#include "FlowDocument.h"
#include "NodeRegistry.h"
#include "jobs/JobContext.h"
#include "table/NumericColumn.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>

using namespace flowline;
using namespace flowline::flows;

namespace {

// What ran, when: (node value tag, start ms, end ms), from every thread.
struct Trace
{
    QMutex mutex;
    QList<std::tuple<QString, qint64, qint64>> events;
    QElapsedTimer clock;
};
Trace g_trace;

core::Table oneColumn(double v)
{
    return core::Table({QStringLiteral("v")},
                       {std::make_shared<const core::NumericColumn>(std::vector<double>{v})});
}

// test.source: a one-cell table holding `value`. test.step: adds `add` after sleeping `ms`
// (in 5 ms steps, checking cancel). test.fail: always fails.
NodeRegistry testRegistry()
{
    NodeRegistry r;
    NodeType source;
    source.id = QStringLiteral("test.source");
    source.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    source.params = {
        ParamSpec{QStringLiteral("value"), QStringLiteral("Value"), {}, ParamType::Double, 1.0},
        ParamSpec{QStringLiteral("tag"), QStringLiteral("Tag"), {}, ParamType::String, QString()}};
    source.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const qint64 t = g_trace.clock.elapsed();
        QMutexLocker lock(&g_trace.mutex);
        g_trace.events.append({in.params.value(QStringLiteral("tag")).toString(), t, t});
        return NodeOutputs{std::make_shared<const TableValue>(
            oneColumn(in.params.value(QStringLiteral("value")).toDouble()))};
    };
    r.add(source);

    NodeType step;
    step.id = QStringLiteral("test.step");
    step.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    step.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    step.params = {
        ParamSpec{QStringLiteral("add"), QStringLiteral("Add"), {}, ParamType::Double, 1.0},
        ParamSpec{QStringLiteral("ms"), QStringLiteral("Sleep"), {}, ParamType::Int, qint64(0)},
        ParamSpec{QStringLiteral("tag"), QStringLiteral("Tag"), {}, ParamType::String, QString()}};
    step.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const qint64 start = g_trace.clock.elapsed();
        const qint64 ms = in.params.value(QStringLiteral("ms")).toLongLong();
        for (qint64 slept = 0; slept < ms; slept += 5) {
            if (ctx.isCanceled())
                return core::Error{QStringLiteral("canceled")};
            ctx.setProgress(double(slept) / double(ms), QStringLiteral("sleeping"));
            QThread::msleep(5);
        }
        const auto &t = static_cast<const TableValue &>(*in.first(0)).table();
        const double v = t.numeric(0)->value(0) + in.params.value(QStringLiteral("add")).toDouble();
        QMutexLocker lock(&g_trace.mutex);
        g_trace.events.append(
            {in.params.value(QStringLiteral("tag")).toString(), start, g_trace.clock.elapsed()});
        return NodeOutputs{std::make_shared<const TableValue>(oneColumn(v))};
    };
    r.add(step);

    // test.alloc: touches `mib` MiB, keeps them `ms` more milliseconds, frees them, passes the
    // table on.
    NodeType alloc = step;
    alloc.id = QStringLiteral("test.alloc");
    alloc.params = {
        ParamSpec{QStringLiteral("mib"), QStringLiteral("MiB"), {}, ParamType::Int, qint64(0)},
        ParamSpec{QStringLiteral("ms"), QStringLiteral("Keep"), {}, ParamType::Int, qint64(0)}};
    alloc.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const auto bytes = std::size_t(in.params.value(QStringLiteral("mib")).toLongLong()) << 20;
        std::unique_ptr<char[]> block(new char[bytes]);
        volatile char *pages = block.get(); // written, not read: a read page may stay unmapped
        for (std::size_t i = 0; i < bytes; i += 4096)
            pages[i] = 1;
        for (qint64 kept = 0; kept < in.params.value(QStringLiteral("ms")).toLongLong();
             kept += 5) {
            ctx.setProgress(0.5, QStringLiteral("holding"));
            QThread::msleep(5);
        }
        block.reset();
        return NodeOutputs{in.first(0)};
    };
    r.add(alloc);

    NodeType fail = step;
    fail.id = QStringLiteral("test.fail");
    fail.run = [](const NodeInputs &, core::JobContext &) -> core::Result<NodeOutputs> {
        return core::Error{QStringLiteral("this node always fails")};
    };
    r.add(fail);
    return r;
}

const NodeRegistry &registry()
{
    static const NodeRegistry r = testRegistry();
    return r;
}

bool runAndWait(Executor &e, const QStringList &targets = {}, int timeoutMs = 20000)
{
    QSignalSpy done(&e, &Executor::runFinished);
    if (!e.run(targets))
        return false;
    return done.count() > 0 || done.wait(timeoutMs);
}

double valueOf(const Executor &e, const QString &node)
{
    const auto out = e.output(node);
    return out ? static_cast<const TableValue &>(*out).table().numeric(0)->value(0) : -1e300;
}

void link(FlowDocument &doc, const QString &from, const QString &to)
{
    QVERIFY(doc.connect(Link{from, QStringLiteral("table"), to, QStringLiteral("table")}).ok());
}

// a -> slow -> last, with `slowParams` for the middle node.
void slowChain(FlowDocument &doc, const QVariantMap &slowParams)
{
    QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
    QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, slowParams, QStringLiteral("slow")).ok());
    QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("last")).ok());
    link(doc, QStringLiteral("a"), QStringLiteral("slow"));
    link(doc, QStringLiteral("slow"), QStringLiteral("last"));
}

} // namespace

class TestExecutor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QMutexLocker lock(&g_trace.mutex);
        g_trace.events.clear();
        g_trace.clock.start();
    }

    void runsInDependencyOrder()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {},
                            {{QStringLiteral("tag"), QStringLiteral("c")}}, QStringLiteral("c"))
                    .ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {},
                            {{QStringLiteral("tag"), QStringLiteral("b")}}, QStringLiteral("b"))
                    .ok());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {},
                            {{QStringLiteral("tag"), QStringLiteral("a")}}, QStringLiteral("a"))
                    .ok());
        link(doc, QStringLiteral("a"), QStringLiteral("b"));
        link(doc, QStringLiteral("b"), QStringLiteral("c"));
        Executor e(doc);
        QVERIFY(runAndWait(e));
        QCOMPARE(g_trace.events.size(), 3);
        QCOMPARE(std::get<0>(g_trace.events[0]), QStringLiteral("a"));
        QCOMPARE(std::get<0>(g_trace.events[1]), QStringLiteral("b"));
        QCOMPARE(std::get<0>(g_trace.events[2]), QStringLiteral("c"));
        QCOMPARE(valueOf(e, QStringLiteral("c")), 3.0);
        QCOMPARE(e.executedCount(), 3);
        for (const auto &n : {"a", "b", "c"})
            QCOMPARE(e.state(QString::fromLatin1(n)), NodeState::Done);
    }

    void independentBranchesOverlap()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("src")).ok());
        for (const auto &n : {"left", "right"}) {
            QVERIFY(doc.addNode(QStringLiteral("test.step"), {},
                                {{QStringLiteral("ms"), 300},
                                 {QStringLiteral("tag"), QString::fromLatin1(n)}},
                                QString::fromLatin1(n))
                        .ok());
            link(doc, QStringLiteral("src"), QString::fromLatin1(n));
        }
        Executor e(doc);
        QVERIFY(runAndWait(e));
        qint64 ls = 0, le = 0, rs = 0, re = 0;
        for (const auto &[tag, start, end] : g_trace.events) {
            if (tag == QStringLiteral("left"))
                ls = start, le = end;
            if (tag == QStringLiteral("right"))
                rs = start, re = end;
        }
        QVERIFY2(ls < re && rs < le, "the two branches ran one after the other");
    }

    void secondRunExecutesNothing()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("b")).ok());
        link(doc, QStringLiteral("a"), QStringLiteral("b"));
        Executor e(doc);
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 2);
        const auto before = e.output(QStringLiteral("b"));
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 0);
        QCOMPARE(e.state(QStringLiteral("b")), NodeState::Done);
        QVERIFY(e.fromCache(QStringLiteral("b")));
        QCOMPARE(e.output(QStringLiteral("b")).get(), before.get()); // the very same value
    }

    void editingInvalidatesDownstreamOnly()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("b")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("c")).ok());
        // (side's tag keeps it from sharing b's cache key: same type, params and inputs
        // would give the same key, and one execution would serve both.)
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {},
                            {{QStringLiteral("tag"), QStringLiteral("side")}},
                            QStringLiteral("side"))
                    .ok());
        link(doc, QStringLiteral("a"), QStringLiteral("b"));
        link(doc, QStringLiteral("b"), QStringLiteral("c"));
        link(doc, QStringLiteral("a"), QStringLiteral("side"));
        Executor e(doc);
        QVERIFY(runAndWait(e));
        QSignalSpy states(&e, &Executor::stateChanged);
        QVERIFY(doc.setParam(QStringLiteral("b"), QStringLiteral("add"), 10.0).ok());
        QCOMPARE(e.state(QStringLiteral("a")), NodeState::Done);
        QCOMPARE(e.state(QStringLiteral("side")), NodeState::Done);
        QCOMPARE(e.state(QStringLiteral("b")), NodeState::Stale);
        QCOMPARE(e.state(QStringLiteral("c")), NodeState::Stale);
        QCOMPARE(states.count(), 2);
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 2);
        QCOMPARE(valueOf(e, QStringLiteral("c")), 12.0);
        // Back to the old value: the old results are gone (only current keys are kept), so
        // b and c run again; a still comes from the cache.
        QVERIFY(doc.setParam(QStringLiteral("b"), QStringLiteral("add"), 1.0).ok());
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 2);
        QCOMPARE(valueOf(e, QStringLiteral("c")), 3.0);
    }

    void editingAQueuedNodeCachesUnderTheRightKey()
    {
        FlowDocument doc(registry());
        slowChain(doc, {{QStringLiteral("ms"), 300}});
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(e.run());
        QTRY_COMPARE(e.state(QStringLiteral("slow")), NodeState::Running);
        QCOMPARE(e.state(QStringLiteral("last")), NodeState::Queued);
        QVERIFY(doc.setParam(QStringLiteral("last"), QStringLiteral("add"), 100.0)
                    .ok()); // queued: runs with it
        QVERIFY(done.wait(5000));
        QCOMPARE(valueOf(e, QStringLiteral("last")), 102.0);
        // Back to add = 1: the result for add = 100 must not come back from the cache.
        QVERIFY(doc.setParam(QStringLiteral("last"), QStringLiteral("add"), 1.0).ok());
        QVERIFY(runAndWait(e));
        QCOMPARE(valueOf(e, QStringLiteral("last")), 3.0);
    }

    void editingARunningNodeStopsIt()
    {
        FlowDocument doc(registry());
        slowChain(doc, {{QStringLiteral("ms"), 5000}});
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(e.run());
        QTRY_COMPARE(e.state(QStringLiteral("slow")), NodeState::Running);
        QVERIFY(doc.setParam(QStringLiteral("slow"), QStringLiteral("add"), 5.0).ok());
        QVERIFY(done.wait(2000));
        QCOMPARE(e.state(QStringLiteral("slow")), NodeState::Stale);
        QCOMPARE(e.state(QStringLiteral("last")), NodeState::Stale);
        QVERIFY(doc.setParam(QStringLiteral("slow"), QStringLiteral("ms"), 0).ok());
        QVERIFY(runAndWait(e));
        QCOMPARE(valueOf(e, QStringLiteral("last")), 7.0); // 1 + 5 + 1
    }

    void runUpToANode()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("b")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("c")).ok());
        link(doc, QStringLiteral("a"), QStringLiteral("b"));
        link(doc, QStringLiteral("b"), QStringLiteral("c"));
        Executor e(doc);
        QVERIFY(runAndWait(e, {QStringLiteral("b")}));
        QCOMPARE(e.executedCount(), 2);
        QCOMPARE(e.state(QStringLiteral("b")), NodeState::Done);
        QCOMPARE(e.state(QStringLiteral("c")), NodeState::Stale);
        QVERIFY(!e.run({QStringLiteral("nope")}));
    }

    void touchingTheSourceFileReReadsIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data.csv"));
        auto write = [&](const QByteArray &bytes) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        write("x,y\n1,2\n3,4\n");
        FlowDocument doc;
        QVERIFY(doc.addNode(QStringLiteral("data.csv_import"), {},
                            {{QStringLiteral("file"), QStringLiteral("data.csv")}},
                            QStringLiteral("import"))
                    .ok());
        QVERIFY(
            doc.addNode(QStringLiteral("explore.profile"), {}, {}, QStringLiteral("profile")).ok());
        QVERIFY(doc.connect(Link{QStringLiteral("import"), QStringLiteral("table"),
                                 QStringLiteral("profile"), QStringLiteral("table")})
                    .ok());
        Executor e(doc);
        e.setFlowDir(dir.path());
        QVERIFY(runAndWait(e));
        QCOMPARE(e.state(QStringLiteral("profile")), NodeState::Done);
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 0);
        write("x,y\n1,2\n3,4\n5,6\n");
        QVERIFY(runAndWait(e));
        QCOMPARE(e.executedCount(), 2);
        const auto out = e.output(QStringLiteral("import"));
        QCOMPARE(static_cast<const TableValue &>(*out).table().rowCount(), 3);
    }

    void cancelStopsARunningNodeQuickly()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {{QStringLiteral("ms"), 10000}},
                            QStringLiteral("slow"))
                    .ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("after")).ok());
        link(doc, QStringLiteral("a"), QStringLiteral("slow"));
        link(doc, QStringLiteral("slow"), QStringLiteral("after"));
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(e.run());
        QTRY_COMPARE(e.state(QStringLiteral("slow")), NodeState::Running);
        QSignalSpy progress(&e, &Executor::progressChanged);
        QTRY_VERIFY(progress.count() > 0); // progress arrives while it runs
        QElapsedTimer t;
        t.start();
        e.cancel(QStringLiteral("slow"));
        QVERIFY(done.wait(5000));
        QVERIFY2(t.elapsed() < 200, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(e.state(QStringLiteral("slow")), NodeState::Canceled);
        QCOMPARE(e.state(QStringLiteral("after")), NodeState::Stale);
        QCOMPARE(e.message(QStringLiteral("after")),
                 QStringLiteral("not run: 'slow' was canceled"));
        QCOMPARE(e.state(QStringLiteral("a")), NodeState::Done);
    }

    void cancelAllStopsEverything()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        for (const auto &n : {"s1", "s2", "s3"}) {
            QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {{QStringLiteral("ms"), 10000}},
                                QString::fromLatin1(n))
                        .ok());
            link(doc, QStringLiteral("a"), QString::fromLatin1(n));
        }
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(e.run());
        QTRY_COMPARE(e.state(QStringLiteral("s1")), NodeState::Running);
        e.cancelAll();
        QVERIFY(done.wait(2000));
        for (const auto &n : {"s1", "s2", "s3"})
            QCOMPARE(e.state(QString::fromLatin1(n)), NodeState::Canceled);
    }

    void aFailureStopsOnlyWhatDependsOnIt()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.fail"), {}, {}, QStringLiteral("bad")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("after")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("fine")).ok());
        link(doc, QStringLiteral("a"), QStringLiteral("bad"));
        link(doc, QStringLiteral("bad"), QStringLiteral("after"));
        link(doc, QStringLiteral("a"), QStringLiteral("fine"));
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(runAndWait(e));
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(e.state(QStringLiteral("bad")), NodeState::Failed);
        QCOMPARE(e.message(QStringLiteral("bad")), QStringLiteral("this node always fails"));
        QCOMPARE(e.state(QStringLiteral("after")), NodeState::Stale);
        QCOMPARE(e.message(QStringLiteral("after")), QStringLiteral("not run: 'bad' failed"));
        QCOMPARE(e.state(QStringLiteral("fine")), NodeState::Done);
        QCOMPARE(valueOf(e, QStringLiteral("fine")), 2.0);
    }

    void unconnectedInputFailsClearly()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {}, QStringLiteral("lonely")).ok());
        Executor e(doc);
        QVERIFY(runAndWait(e));
        QCOMPARE(e.state(QStringLiteral("lonely")), NodeState::Failed);
        QCOMPARE(e.message(QStringLiteral("lonely")),
                 QStringLiteral("input 'table' is not connected"));
    }

    void reportsTheMemoryANodeUsed()
    {
        constexpr std::int64_t mib = 1 << 20;
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        // brief: 384 MiB freed at once, too quick for the 50 ms samples; the process's new
        // high-water mark shows it. held: 160 MiB kept for 400 ms, seen by the samples (the
        // high-water mark stays at brief's).
        QVERIFY(doc.addNode(QStringLiteral("test.alloc"), {}, {{QStringLiteral("mib"), 384}},
                            QStringLiteral("brief"))
                    .ok());
        QVERIFY(doc.addNode(QStringLiteral("test.alloc"), {},
                            {{QStringLiteral("mib"), 160}, {QStringLiteral("ms"), 400}},
                            QStringLiteral("held"))
                    .ok());
        link(doc, QStringLiteral("a"), QStringLiteral("brief"));
        link(doc, QStringLiteral("brief"), QStringLiteral("held"));
        Executor e(doc);
        QCOMPARE(e.memory(QStringLiteral("brief")).peak, std::int64_t(-1)); // not run yet
        QVERIFY(runAndWait(e));
        for (const char *node : {"a", "brief", "held"}) {
            const MemoryUse m = e.memory(QLatin1String(node));
            QVERIFY2(m.atStart > 0 && m.atEnd > 0, node);
            QVERIFY2(m.peak >= m.atStart && m.peak >= m.atEnd, node);
        }
        const MemoryUse brief = e.memory(QStringLiteral("brief"));
        const MemoryUse held = e.memory(QStringLiteral("held"));
        QVERIFY2(brief.peak - brief.atStart >= 380 * mib,
                 qPrintable(QString::number((brief.peak - brief.atStart) / mib)));
        QVERIFY2(held.peak - held.atStart >= 150 * mib,
                 qPrintable(QString::number((held.peak - held.atStart) / mib)));
        QVERIFY(e.memory(QStringLiteral("a")).peak < brief.peak);

        // A result from the cache used no memory of its own.
        QVERIFY(runAndWait(e));
        QVERIFY(e.fromCache(QStringLiteral("brief")));
        QCOMPARE(e.memory(QStringLiteral("brief")).peak, std::int64_t(-1));
    }

    void removingANodeDuringARunIsSafe()
    {
        FlowDocument doc(registry());
        QVERIFY(doc.addNode(QStringLiteral("test.source"), {}, {}, QStringLiteral("a")).ok());
        QVERIFY(doc.addNode(QStringLiteral("test.step"), {}, {{QStringLiteral("ms"), 2000}},
                            QStringLiteral("slow"))
                    .ok());
        link(doc, QStringLiteral("a"), QStringLiteral("slow"));
        Executor e(doc);
        QSignalSpy done(&e, &Executor::runFinished);
        QVERIFY(e.run());
        QTRY_COMPARE(e.state(QStringLiteral("slow")), NodeState::Running);
        QVERIFY(doc.removeNode(QStringLiteral("slow")));
        QVERIFY(done.wait(2000));
        QCOMPARE(e.state(QStringLiteral("a")), NodeState::Done);
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"

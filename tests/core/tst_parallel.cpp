// parallelFor and JobContext: every index once, cancel, exceptions, nesting without deadlock.

#include "jobs/JobContext.h"
#include "jobs/Parallel.h"

#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <stdexcept>

using namespace flowline::core;

class TestParallel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyIndexOnce()
    {
        for (int threads : {1, 2, 8}) {
            JobContext ctx;
            ctx.setThreads(threads);
            std::vector<std::atomic<int>> hits(10000);
            parallelFor(ctx, 10000, [&](std::int64_t i) { hits[static_cast<std::size_t>(i)]++; });
            for (auto &h : hits)
                QCOMPARE(h.load(), 1);
        }
    }

    void cancelStopsHandingOutWork()
    {
        JobContext ctx;
        ctx.setThreads(2);
        std::atomic<int> ran{0};
        parallelFor(ctx, 100000, [&](std::int64_t i) {
            ran++;
            if (i == 10)
                ctx.cancel();
        });
        QVERIFY(ran.load() < 100000);
    }

    void exceptionIsRethrown()
    {
        JobContext ctx;
        ctx.setThreads(2);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parallelFor(ctx, 1000, [](std::int64_t i) {
                                     if (i == 500)
                                         throw std::runtime_error("boom");
                                 }));
    }

    void nestedCallsOnASaturatedPoolFinish()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        JobContext ctx;
        ctx.setPool(&pool);
        ctx.setThreads(4);
        std::atomic<int> total{0};
        parallelFor(ctx, 8,
                    [&](std::int64_t) { parallelFor(ctx, 8, [&](std::int64_t) { total++; }); });
        QCOMPARE(total.load(), 64);
    }

    void progressIsThrottledButEndsAtOne()
    {
        JobContext ctx;
        int calls = 0;
        double last = -1;
        ctx.setProgressCallback([&](double f, const QString &) {
            ++calls;
            last = f;
        });
        for (int i = 0; i < 100000; ++i)
            ctx.setProgress(i / 100000.0, QStringLiteral("working"));
        ctx.setProgress(1.0);
        QVERIFY(calls < 1000);
        QCOMPARE(last, 1.0);
        QCOMPARE(ctx.message(), QStringLiteral("working"));
        ctx.log(QStringLiteral("one"));
        QCOMPARE(ctx.logLines(), QStringList{QStringLiteral("one")});
    }
};

QTEST_GUILESS_MAIN(TestParallel)
#include "tst_parallel.moc"

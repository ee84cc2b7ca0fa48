// Process memory readings (util/Memory.h) and JobContext's peak.

#include "jobs/JobContext.h"
#include "util/Memory.h"

#include <QtTest>

#include <memory>
#include <thread>
#include <vector>

using namespace flowline::core;

class TestMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsThisProcess()
    {
        const ProcessMemory before = processMemory();
        QVERIFY(before.resident > 0);
        QVERIFY(before.peakResident >= before.resident);

        // Writing 96 MiB of fresh pages puts them in RAM: both readings follow.
        constexpr std::size_t bytes = std::size_t(96) << 20;
        std::unique_ptr<char[]> block(new char[bytes]);
        volatile char *pages = block.get();
        for (std::size_t i = 0; i < bytes; i += 4096)
            pages[i] = 1;
        const ProcessMemory during = processMemory();
        QVERIFY2(during.resident - before.resident >= std::int64_t(90) << 20,
                 qPrintable(readableBytes(double(during.resident - before.resident))));
        QVERIFY(during.peakResident >= during.resident);
        block.reset();
        // The high-water mark keeps the 96 MiB after they are freed. The kernel records it from
        // per-thread counters it syncs lazily, so it may lag the true peak by a few pages.
        QVERIFY2(processMemory().peakResident >= during.resident - (std::int64_t(8) << 20),
                 qPrintable(readableBytes(double(during.resident - processMemory().peakResident))));
    }

    void readsTheSystem()
    {
        const std::int64_t available = availableMemory();
        QVERIFY(available > 0);
        QVERIFY(available > processMemory().resident / 4); // not a unit mistake
    }

    void formatsBytes()
    {
        QCOMPARE(readableBytes(double(1 << 19)), QStringLiteral("0.5 MiB"));
        QCOMPARE(readableBytes(35.4 * double(1 << 20)), QStringLiteral("35.4 MiB"));
        QCOMPARE(readableBytes(1.2 * double(1LL << 30)), QStringLiteral("1.2 GiB"));
        QCOMPARE(readableBytes(-1), QStringLiteral("?"));
    }

    void jobContextKeepsThePeak()
    {
        JobContext ctx;
        QCOMPARE(ctx.peakMemory(), std::int64_t(-1));
        ctx.noteMemory(-1); // unknown readings change nothing
        QCOMPARE(ctx.peakMemory(), std::int64_t(-1));
        // Eight threads noting at once: the largest of all 80,000 stays.
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&ctx, t] {
                for (std::int64_t i = 0; i < 10000; ++i)
                    ctx.noteMemory(i * 8 + t);
            });
        }
        for (auto &th : threads)
            th.join();
        QCOMPARE(ctx.peakMemory(), std::int64_t(9999 * 8 + 7));
        ctx.noteMemory(5);
        QCOMPARE(ctx.peakMemory(), std::int64_t(9999 * 8 + 7));
    }
};

QTEST_GUILESS_MAIN(TestMemory)
#include "tst_memory.moc"

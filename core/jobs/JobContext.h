#pragma once

#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

class QThreadPool;

namespace flowline::core {

// What a long-running piece of work needs from whoever started it: where to report progress,
// how to learn it was canceled, a log, the seed, and how many threads it may use.
// Thread-safe: workers call setProgress / isCanceled / log concurrently.
class JobContext
{
public:
    using ProgressCallback = std::function<void(double fraction, const QString &message)>;

    JobContext();
    JobContext(const JobContext &) = delete;
    JobContext &operator=(const JobContext &) = delete;

    // Fraction in [0, 1]. The callback (if any) is invoked at most every 50 ms, plus once at 1.0.
    // It runs on the calling (worker) thread: a GUI must forward it queued.
    void setProgress(double fraction, const QString &message = {});
    double progress() const { return m_progress.load(std::memory_order_relaxed); }
    QString message() const;
    void setProgressCallback(ProgressCallback callback);

    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    bool isCanceled() const { return m_canceled.load(std::memory_order_relaxed); }

    void log(const QString &line);
    QStringList logLines() const;

    std::uint64_t seed() const { return m_seed; }
    void setSeed(std::uint64_t seed) { m_seed = seed; }

    // Threads this job may keep busy at once, the calling thread included (>= 1).
    int threads() const { return m_threads; }
    void setThreads(int threads) { m_threads = threads < 1 ? 1 : threads; }

    // The most memory (resident bytes of the process) seen while the job ran: whoever watches
    // the job notes samples; -1 until one is noted.
    void noteMemory(std::int64_t residentBytes);
    std::int64_t peakMemory() const { return m_peakMemory.load(std::memory_order_relaxed); }

    // The pool its parallel loops use: sharedJobPool() unless set.
    QThreadPool *pool() const { return m_pool; }
    void setPool(QThreadPool *pool);

private:
    std::atomic<double> m_progress{0.0};
    std::atomic<bool> m_canceled{false};
    std::atomic<std::int64_t> m_lastReportNs{0};
    std::atomic<std::int64_t> m_peakMemory{-1};
    mutable QMutex m_mutex;
    QString m_message;
    QStringList m_log;
    ProgressCallback m_callback;
    std::uint64_t m_seed = 0;
    int m_threads = 1;
    QThreadPool *m_pool = nullptr;
};

} // namespace flowline::core

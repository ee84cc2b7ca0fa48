#include "JobContext.h"

#include "JobPool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace flowline::core {

namespace {
std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
constexpr std::int64_t kReportIntervalNs = 50'000'000;
} // namespace

JobContext::JobContext()
    : m_threads(std::max(1, QThread::idealThreadCount()))
    , m_pool(sharedJobPool())
{}

void JobContext::setProgress(double fraction, const QString &message)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_progress.store(fraction, std::memory_order_relaxed);
    ProgressCallback callback;
    QString text;
    {
        QMutexLocker lock(&m_mutex);
        if (!message.isNull())
            m_message = message;
        text = m_message;
        if (!m_callback)
            return;
        const auto now = nowNs();
        const auto last = m_lastReportNs.load(std::memory_order_relaxed);
        if (fraction < 1.0 && now - last < kReportIntervalNs)
            return;
        m_lastReportNs.store(now, std::memory_order_relaxed);
        callback = m_callback;
    }
    callback(fraction, text);
}

QString JobContext::message() const
{
    QMutexLocker lock(&m_mutex);
    return m_message;
}

void JobContext::setProgressCallback(ProgressCallback callback)
{
    QMutexLocker lock(&m_mutex);
    m_callback = std::move(callback);
}

void JobContext::log(const QString &line)
{
    QMutexLocker lock(&m_mutex);
    m_log << line;
}

QStringList JobContext::logLines() const
{
    QMutexLocker lock(&m_mutex);
    return m_log;
}

void JobContext::noteMemory(std::int64_t residentBytes)
{
    std::int64_t seen = m_peakMemory.load(std::memory_order_relaxed);
    while (residentBytes > seen &&
           !m_peakMemory.compare_exchange_weak(seen, residentBytes, std::memory_order_relaxed)) {
    }
}

void JobContext::setPool(QThreadPool *pool)
{
    m_pool = pool ? pool : sharedJobPool();
}

} // namespace flowline::core

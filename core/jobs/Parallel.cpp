#include "Parallel.h"

#include "JobContext.h"
#include "ThreadHandOff.h"

#include <QRunnable>
#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

namespace flowline::core {

namespace {

struct Shared
{
    std::atomic<std::int64_t> next{0};
    std::int64_t count = 0;
    const std::function<void(std::int64_t)> *body = nullptr;
    JobContext *ctx = nullptr;
    std::mutex errorMutex;
    std::exception_ptr error;
    std::atomic<bool> failed{false};

    void work()
    {
        while (!ctx->isCanceled() && !failed.load(std::memory_order_relaxed)) {
            const auto i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= count)
                return;
            try {
                (*body)(i);
            } catch (...) {
                std::lock_guard lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                failed.store(true, std::memory_order_relaxed);
            }
        }
    }
};

// Counts helpers that finished. std::mutex rather than QSemaphore: ThreadSanitizer sees the
// pthread calls under the standard library's, but not Qt's futex-based locks, and would report
// the helpers' deletion below as racing with their last read. Notified under the lock, so the
// waiter cannot return (and destroy this) before the helper is done with it.
class Finished
{
public:
    void release()
    {
        std::lock_guard lock(m_mutex);
        ++m_count;
        m_changed.notify_one();
    }
    void acquire(int count)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_count >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_count = 0;
};

class Helper : public QRunnable
{
public:
    Helper(Shared *shared, Finished *done)
        : m_shared(shared)
        , m_done(done)
    {
        setAutoDelete(false);
    }
    void run() override
    {
        received(this);
        m_shared->work();
        m_done->release();
    }

private:
    Shared *m_shared;
    Finished *m_done;
};

} // namespace

void parallelFor(JobContext &ctx, std::int64_t count, const std::function<void(std::int64_t)> &body)
{
    if (count <= 0)
        return;
    Shared shared;
    shared.count = count;
    shared.body = &body;
    shared.ctx = &ctx;

    const int helpers = static_cast<int>(std::min<std::int64_t>(ctx.threads(), count)) - 1;
    Finished done;
    std::vector<std::unique_ptr<Helper>> runnables;
    for (int h = 0; h < helpers; ++h) {
        runnables.push_back(std::make_unique<Helper>(&shared, &done));
        handOff(runnables.back().get());
        ctx.pool()->start(runnables.back().get());
    }
    shared.work();
    // Helpers still queued have no work left: take them back instead of waiting for a thread.
    int started = 0;
    for (auto &r : runnables) {
        if (!ctx.pool()->tryTake(r.get()))
            ++started;
    }
    done.acquire(started);
    if (shared.error)
        std::rethrow_exception(shared.error);
}

} // namespace flowline::core

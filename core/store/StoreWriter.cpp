#include "store/StoreWriter.h"

#include <sqlite3.h>

namespace flowline::core::store {

namespace {
// Producers wait when this many tasks are queued (about 100 MB of metric tasks at most).
constexpr std::size_t kMaxQueued = 200000;
// One transaction runs at most this many tasks, so a waiting call() is not held up long.
constexpr std::size_t kMaxBatch = 50000;
} // namespace

StoreWriter::StoreWriter(std::unique_ptr<Db> db)
    : m_db(std::move(db))
{
    m_thread = std::thread([this] { loop(); });
}

StoreWriter::~StoreWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void StoreWriter::post(RunId run, Fn fn)
{
    {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_queue.size() < kMaxQueued; });
        m_queue.push_back(Task{run, std::move(fn)});
        ++m_posted;
    }
    m_wake.notify_one();
}

void StoreWriter::sync()
{
    std::unique_lock lock(m_mutex);
    const std::uint64_t target = m_posted;
    m_done.wait(lock, [&] { return m_committed >= target; });
}

std::optional<Error> StoreWriter::takeError(RunId run)
{
    sync();
    std::lock_guard lock(m_mutex);
    auto it = run == 0 ? m_errors.begin() : m_errors.find(run);
    if (it == m_errors.end())
        return std::nullopt;
    Error e = it->second;
    if (run == 0)
        m_errors.clear();
    else
        m_errors.erase(it);
    return e;
}

void StoreWriter::recordFailure(RunId run, const Error &error)
{
    std::lock_guard lock(m_mutex);
    m_errors.try_emplace(run, error);
}

void StoreWriter::loop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty())
            break; // stopping, and nothing left
        std::vector<Task> tasks;
        if (m_queue.size() <= kMaxBatch) {
            tasks.swap(m_queue);
        } else {
            tasks.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + kMaxBatch));
            m_queue.erase(m_queue.begin(), m_queue.begin() + kMaxBatch);
        }
        lock.unlock();
        m_space.notify_all();
        const std::size_t n = tasks.size();
        runBatch(tasks);
        lock.lock();
        m_committed += n;
        m_done.notify_all();
    }
}

void StoreWriter::runBatch(std::vector<Task> &tasks)
{
    WriteBatch batch;
    batch.fail = [this](RunId run, const Error &error) { recordFailure(run, error); };
    // BEGIN IMMEDIATE takes the write lock now, waiting (busy timeout) for another process
    // that holds it, instead of failing at the first write of a read transaction.
    auto begun = m_db->exec("BEGIN IMMEDIATE");
    for (int retry = 0;
         !begun && retry < 5 && (sqlite3_errcode(m_db->handle()) & 0xff) == SQLITE_BUSY; ++retry)
        begun = m_db->exec("BEGIN IMMEDIATE");
    if (!begun) {
        const Error error{
            QStringLiteral("cannot write to the experiment store: %1").arg(begun.error().message),
            m_db->path()};
        batch.unavailable = &error;
        recordFailure(0, error);
        for (Task &task : tasks) {
            recordFailure(task.run, error);
            task.fn(*m_db, batch);
        }
        return;
    }
    std::vector<RunId> runs; // the runs this batch logs for, to blame a failed commit on
    for (Task &task : tasks) {
        if (task.run != 0 && (runs.empty() || runs.back() != task.run))
            runs.push_back(task.run);
        task.fn(*m_db, batch);
    }
    tasks.clear(); // free what the tasks hold before the commit
    auto committed = m_db->exec("COMMIT");
    if (!committed) {
        m_db->exec("ROLLBACK");
        const Error error{QStringLiteral("cannot save to the experiment store: %1")
                              .arg(committed.error().message),
                          m_db->path()};
        recordFailure(0, error);
        for (RunId run : runs)
            recordFailure(run, error);
        for (auto &after : batch.afterCommit)
            after(&error);
        return;
    }
    for (auto &after : batch.afterCommit)
        after(nullptr);
}

} // namespace flowline::core::store

#pragma once

// The one write path of a store in this process: a thread that owns the writing connection
// and runs queued tasks in batched transactions. Logging calls from any thread only queue a
// task, so jobs never wait on each other's disk writes and never see "database is locked";
// other processes are waited for through SQLite's busy timeout (BEGIN IMMEDIATE).

#include "store/RunTypes.h"
#include "store/Sqlite.h"

#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace flowline::core::store {

// What a task sees of the transaction it runs in.
struct WriteBatch
{
    // Set when the transaction could not begin: the task must not touch the database.
    const Error *unavailable = nullptr;
    // Called once the transaction has committed (nullptr) or failed to (the error).
    std::vector<std::function<void(const Error *)>> afterCommit;
    // A failure of a queued task, kept for the run (0: not about one run).
    std::function<void(RunId, const Error &)> fail;
};

class StoreWriter
{
public:
    using Fn = std::function<void(Db &, WriteBatch &)>;
    struct Task
    {
        RunId run = 0; // the run the task logs for (0: none); a failed batch is its failure
        Fn fn;
    };

    explicit StoreWriter(std::unique_ptr<Db> db);
    ~StoreWriter(); // runs what is queued, then stops
    StoreWriter(const StoreWriter &) = delete;
    StoreWriter &operator=(const StoreWriter &) = delete;

    // Queues a task; waits only when very many tasks are queued already.
    void post(RunId run, Fn fn);
    // Waits until everything queued so far has been committed.
    void sync();
    // sync(), then hands over (and forgets) the first failure of a queued task of `run`
    // (or of any task when run is 0).
    std::optional<Error> takeError(RunId run);

    // Runs `fn` on the writer thread inside its own savepoint and waits for the commit.
    // A failed `fn` rolls back its own changes only.
    template <class T>
    Result<T> call(std::function<Result<T>(Db &)> fn)
    {
        auto promise = std::make_shared<std::promise<Result<T>>>();
        auto future = promise->get_future();
        post(0, [fn = std::move(fn), promise](Db &db, WriteBatch &batch) {
            if (batch.unavailable) {
                promise->set_value(*batch.unavailable);
                return;
            }
            if (auto begun = db.exec("SAVEPOINT task"); !begun) {
                promise->set_value(begun.error());
                return;
            }
            auto result = std::make_shared<Result<T>>(fn(db));
            if (!result->ok()) {
                db.exec("ROLLBACK TO task");
                db.exec("RELEASE task");
                promise->set_value(*result);
                return;
            }
            db.exec("RELEASE task");
            batch.afterCommit.push_back([promise, result](const Error *failed) {
                if (failed)
                    promise->set_value(*failed);
                else
                    promise->set_value(std::move(*result));
            });
        });
        return future.get();
    }

private:
    void loop();
    void runBatch(std::vector<Task> &tasks);
    void recordFailure(RunId run, const Error &error);

    std::unique_ptr<Db> m_db;
    std::mutex m_mutex;
    std::condition_variable m_wake;  // tasks queued, or stop
    std::condition_variable m_done;  // a batch committed
    std::condition_variable m_space; // the queue shrank
    std::vector<Task> m_queue;
    std::uint64_t m_posted = 0;    // tasks queued since the start
    std::uint64_t m_committed = 0; // tasks run since the start
    bool m_stop = false;
    std::map<RunId, Error> m_errors; // under m_mutex
    std::thread m_thread;
};

} // namespace flowline::core::store

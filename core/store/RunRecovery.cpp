#include "store/RunRecovery.h"

#include "store/ProcessIdentity.h"

#include <QDateTime>

namespace flowline::core::store {

Result<std::vector<RunId>> recoverInterruptedRuns(Db &db)
{
    struct Orphan
    {
        RunId id;
        std::int64_t pid;
    };
    const ProcessIdentity &me = ProcessIdentity::current();
    std::vector<Orphan> orphans;
    {
        auto stmt = db.prepare(
            "SELECT id, pid, process_token FROM runs WHERE status = 'running' AND host = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, me.host);
        while (stmt->step()) {
            const std::int64_t pid = stmt->isNull(1) ? 0 : stmt->integer(1);
            if (!ProcessIdentity::isAlive(pid, stmt->text(2)))
                orphans.push_back({stmt->integer(0), pid});
        }
        if (stmt->failed())
            return db.error(QStringLiteral("looking for interrupted runs"));
    }
    if (orphans.empty())
        return std::vector<RunId>{};

    if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
        return r.error();
    const auto now = QDateTime::currentMSecsSinceEpoch();
    const QString when = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    std::vector<RunId> marked;
    for (const Orphan &o : orphans) {
        const QString why = QStringLiteral("interrupted: process %1 on %2 ended without finishing "
                                           "the run (found when the store was opened at %3)")
                                .arg(o.pid)
                                .arg(me.host, when);
        Statement *update = db.cached(
            "UPDATE runs SET status = 'failed', error = ?2 WHERE id = ?1 AND status = 'running'");
        if (!update || !update->bind(1, o.id).bind(2, why).run()) {
            const Error e = db.error(QStringLiteral("marking interrupted runs"));
            db.exec("ROLLBACK");
            return e;
        }
        if (db.changes() == 0)
            continue; // another process got there first
        Statement *note =
            db.cached("INSERT INTO notes (run_id, created_ms, text) VALUES (?1, ?2, ?3)");
        if (!note || !note->bind(1, o.id).bind(2, now).bind(3, why).run()) {
            const Error e = db.error(QStringLiteral("marking interrupted runs"));
            db.exec("ROLLBACK");
            return e;
        }
        marked.push_back(o.id);
    }
    if (auto r = db.exec("COMMIT"); !r) {
        db.exec("ROLLBACK");
        return r.error();
    }
    return marked;
}

} // namespace flowline::core::store

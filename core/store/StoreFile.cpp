#include "store/StoreFile.h"

#include "store/StoreSchema.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>

namespace flowline::core::store {

namespace {

constexpr int kBusyTimeoutMs = 15000;
const QByteArray kSqliteMagic("SQLite format 3\0", 16);

// Before SQLite sees the file: a directory, a truncated file or a file of another kind gets
// a clear message instead of SQLite's "file is not a database".
Result<bool> checkFileKind(const QString &path, bool readOnly)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (readOnly)
            return Error{QStringLiteral("there is no experiment store here"), path};
        return true;
    }
    if (info.isDir())
        return Error{QStringLiteral("this is a folder, not an experiment store file"), path};
    if (info.size() == 0)
        return true; // SQLite treats an empty file as a new database
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot read the experiment store: %1").arg(f.errorString()),
                     path};
    const QByteArray head = f.read(100);
    if (!head.startsWith(kSqliteMagic))
        return Error{QStringLiteral("not an experiment store: the file is not a SQLite database "
                                    "(it does not start with \"SQLite format 3\")"),
                     path};
    if (head.size() < 100 || info.size() < 512)
        return Error{QStringLiteral("the experiment store is truncated (%1 bytes; a SQLite "
                                    "database holds at least one 512-byte page)")
                         .arg(info.size()),
                     path};
    return true;
}

Result<bool> configure(Db &db, bool readOnly)
{
    sqlite3_busy_timeout(db.handle(), kBusyTimeoutMs);
    if (auto r = db.exec("PRAGMA trusted_schema = OFF"); !r)
        return r;
    if (readOnly)
        return db.exec("PRAGMA query_only = ON");
    return db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
}

// PRAGMA quick_check: "ok", or the first problems it lists. A file SQLite cannot read at all
// (not a database, a corrupt header) fails here too.
Result<bool> quickCheck(Db &db)
{
    auto stmt = db.prepare("PRAGMA quick_check(5)");
    if (!stmt)
        return Error{QStringLiteral("not a usable SQLite database: %1").arg(db.lastMessage()),
                     db.path()};
    QStringList problems;
    while (stmt->step())
        problems << stmt->text(0);
    if (stmt->failed())
        return Error{QStringLiteral("not a usable SQLite database: %1").arg(db.lastMessage()),
                     db.path()};
    if (problems == QStringList{QStringLiteral("ok")})
        return true;
    return Error{QStringLiteral("the experiment store is damaged (SQLite's quick_check: %1)")
                     .arg(problems.join(QStringLiteral("; "))),
                 db.path()};
}

Result<bool> checkTables(Db &db, int version)
{
    auto stmt = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    if (!stmt)
        return stmt.error();
    for (const QString &table : requiredTables(version)) {
        stmt->reset();
        stmt->bind(1, table);
        if (!stmt->step())
            return Error{QStringLiteral("not a complete experiment store: schema version %1 "
                                        "has no table '%2'")
                             .arg(version)
                             .arg(table),
                         db.path()};
    }
    return true;
}

// One migration step in one transaction. Another process may have run it meanwhile: the
// version is read again under the write lock.
Result<bool> migrateTo(Db &db, int version)
{
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r)
        return r;
    auto current = db.scalar("PRAGMA user_version");
    if (!current) {
        db.exec("ROLLBACK");
        return current.error();
    }
    if (*current >= version)
        return db.exec("COMMIT");
    auto applied = db.exec(migrationSql(version));
    if (applied && version == 1)
        applied =
            db.exec(QByteArray("PRAGMA application_id = " + QByteArray::number(kStoreApplicationId))
                        .constData());
    if (applied)
        applied =
            db.exec(QByteArray("PRAGMA user_version = " + QByteArray::number(version)).constData());
    if (applied)
        applied = db.exec("COMMIT");
    if (!applied) {
        db.exec("ROLLBACK");
        return Error{QStringLiteral("migrating the experiment store to schema version %1 "
                                    "failed: %2")
                         .arg(version)
                         .arg(applied.error().message),
                     db.path()};
    }
    return true;
}

} // namespace

Result<bool> openStoreConnection(Db &db, const QString &path, bool readOnly)
{
    if (auto r = db.open(path, readOnly ? Db::Access::ReadOnly : Db::Access::ReadWrite); !r)
        return r;
    return configure(db, readOnly);
}

Result<StoreOpening> openStoreFile(Db &db, const QString &path, bool readOnly, int *foundVersion)
{
    if (auto r = checkFileKind(path, readOnly); !r)
        return r.error();
    if (auto r = openStoreConnection(db, path, readOnly); !r)
        return Error{QStringLiteral("not a usable SQLite database: %1").arg(r.error().message),
                     path};
    if (auto r = quickCheck(db); !r)
        return r.error();

    StoreOpening opening;
    auto version = db.scalar("PRAGMA user_version");
    auto appId = db.scalar("PRAGMA application_id");
    auto tables = db.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
    if (!version || !appId || !tables)
        return Error{QStringLiteral("cannot read the experiment store: %1").arg(db.lastMessage()),
                     path};
    opening.foundVersion = int(*version);
    if (foundVersion)
        *foundVersion = opening.foundVersion;
    if (*version == 0 && *tables > 0)
        return Error{QStringLiteral("not an experiment store: a SQLite database of another "
                                    "program (it has tables but no store schema version)"),
                     path};
    if (*version != 0 && *appId != kStoreApplicationId)
        return Error{QStringLiteral("not an experiment store: a SQLite database of another "
                                    "program (application id %1)")
                         .arg(*appId),
                     path};
    if (*version < 0)
        return Error{QStringLiteral("not an experiment store: schema version %1").arg(*version),
                     path};
    if (*version > kStoreSchemaVersion && !readOnly)
        return Error{QStringLiteral("this experiment store was written by a newer Flowline: it "
                                    "has store schema version %1, and writing to it needs a "
                                    "Flowline that knows store schema version %1 (this one knows "
                                    "up to version %2). It can still be opened read-only.")
                         .arg(*version)
                         .arg(kStoreSchemaVersion),
                     path};
    if (readOnly) {
        if (*version == 0)
            return Error{QStringLiteral("the experiment store is empty"), path};
        if (*version < kStoreSchemaVersion)
            return Error{QStringLiteral("this experiment store has the older schema version %1 "
                                        "and must be migrated to version %2 before it can be "
                                        "read: open it once for writing (a backup is made "
                                        "first)")
                             .arg(*version)
                             .arg(kStoreSchemaVersion),
                         path};
        if (auto r = checkTables(db, kStoreSchemaVersion); !r)
            return r.error();
        opening.schemaVersion = int(*version);
        return opening;
    }

    {
        auto wal = db.prepare("PRAGMA journal_mode = WAL");
        if (!wal || !wal->step() || wal->text(0).compare(QStringLiteral("wal")) != 0)
            return Error{QStringLiteral("cannot switch the experiment store to WAL mode: %1")
                             .arg(db.lastMessage()),
                         path};
    } // finalized: a statement in progress would block the backup and the migrations
    if (*version > 0 && *version < kStoreSchemaVersion) {
        auto backup = backupStore(db, int(*version));
        if (!backup)
            return backup.error();
        opening.backupPath = *backup;
    }
    for (int v = int(*version) + 1; v <= kStoreSchemaVersion; ++v)
        if (auto r = migrateTo(db, v); !r)
            return r.error();
    if (auto r = checkTables(db, kStoreSchemaVersion); !r)
        return r.error();
    opening.schemaVersion = kStoreSchemaVersion;
    return opening;
}

Result<QString> backupStore(Db &db, int version)
{
    QString target = db.path() + QStringLiteral(".v%1.backup").arg(version);
    if (QFileInfo::exists(target))
        target = db.path() + QStringLiteral(".v%1-%2.backup")
                                 .arg(version)
                                 .arg(QDateTime::currentDateTimeUtc().toString(
                                     QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    const QString temp = target + QStringLiteral(".part");
    QFile::remove(temp);
    const auto fail = [&](const QString &why) -> Result<QString> {
        QFile::remove(temp);
        return Error{QStringLiteral("cannot back up the experiment store before migrating it "
                                    "(nothing was changed): %1")
                         .arg(why),
                     db.path()};
    };
    {
        Db copy;
        if (auto r = copy.open(temp, Db::Access::ReadWrite); !r)
            return fail(r.error().message);
        sqlite3_backup *backup = sqlite3_backup_init(copy.handle(), "main", db.handle(), "main");
        if (!backup)
            return fail(copy.lastMessage());
        const int stepped = sqlite3_backup_step(backup, -1);
        const int finished = sqlite3_backup_finish(backup);
        if (stepped != SQLITE_DONE || finished != SQLITE_OK)
            return fail(copy.lastMessage());
        // The copy keeps the source's WAL flag; leave it a single self-contained file.
        if (auto r = copy.exec("PRAGMA journal_mode = DELETE"); !r)
            return fail(r.error().message);
    }
    if (!QFile::rename(temp, target))
        return fail(QStringLiteral("cannot rename %1 to %2").arg(temp, target));
    return target;
}

} // namespace flowline::core::store

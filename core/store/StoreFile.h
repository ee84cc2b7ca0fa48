#pragma once

// Opening a store file safely: the checks before SQLite reads it, the connection settings,
// quick_check, the schema version, the automatic backup and the migrations.

#include "store/Sqlite.h"

namespace flowline::core::store {

struct StoreOpening
{
    int foundVersion = 0;  // user_version when the file was opened
    int schemaVersion = 0; // after migrating
    QString backupPath;    // the copy made before migrating, if one was
};

// Checks the file at `path` (a SQLite database or nothing, not truncated), opens `db` on it
// with the store's settings, runs quick_check and checks that it is a Flowline store this
// build can use. With `readOnly` false, creates or migrates the schema (after a backup) and
// refuses a store from a newer version; with `readOnly` true, reads the current version and
// newer ones (whose migrations only add), and refuses an older one, which needs migrating.
// `foundVersion`, when given, receives the file's schema version even when opening fails.
Result<StoreOpening> openStoreFile(Db &db, const QString &path, bool readOnly,
                                   int *foundVersion = nullptr);

// Another connection on a store that openStoreFile has checked: the settings only.
Result<bool> openStoreConnection(Db &db, const QString &path, bool readOnly);

// Copies the store into a new file beside it with SQLite's backup API (under a temporary
// name, renamed when complete) and returns the copy's path.
Result<QString> backupStore(Db &db, int version);

} // namespace flowline::core::store

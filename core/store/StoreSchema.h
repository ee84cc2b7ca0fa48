#pragma once

// The store's schema as a list of migrations: migration k turns a version k-1 store into a
// version k store (version 0 is an empty file). The schema of any version is the first k
// migrations run in order, so every older schema stays in the code and tests can build it.

#include <QStringList>

namespace flowline::core::store {

// The schema version this build writes (PRAGMA user_version).
constexpr int kStoreSchemaVersion = 2;
// PRAGMA application_id of a Flowline store: "FlSt".
constexpr int kStoreApplicationId = 0x466C5374;

// The SQL that takes a store from version `version - 1` to `version` (1..kStoreSchemaVersion).
// It does not set user_version; the caller does, in the same transaction.
const char *migrationSql(int version);

// The tables a store of `version` must hold (checked when a store is opened).
QStringList requiredTables(int version);

} // namespace flowline::core::store

#pragma once

// What the `runs` and `models` commands share: the --store option, opening the store with a
// clear message, and plain-text tables.

#include "store/ExperimentStore.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QJsonValue>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace flowline::app {

// --store PATH (default: the user's store, ExperimentStore::defaultPath()).
void addStoreOption(QCommandLineParser &parser);

// Opens the store --store names; on failure prints "flowline-cli COMMAND: FILE: message" and
// returns null. Reading commands open read-only: they change nothing, not even an old schema,
// and read stores written by newer versions.
std::shared_ptr<core::store::ExperimentStore>
openStoreForCli(const QCommandLineParser &parser, const QString &command, bool readOnly);

// "flowline-cli COMMAND SUB: why" and the usage on stderr; ExitUsage.
int storeUsageError(const QString &command, const QString &sub, const QString &why,
                    const QString &usage);
// "flowline-cli COMMAND SUB: FILE: message" on stderr; ExitFailure.
int storeFailure(const QString &command, const QString &sub, const core::Error &e);
// An indented JSON object on stdout.
void printJsonObject(const QJsonObject &o);

// Runs `args`' subcommand (args[1]: one of `subcommands`, in order) with the arguments from it
// on; --help prints `usage`; none or an unknown one is a usage error.
using Subcommand = int (*)(const QStringList &args);
int runSubcommand(const QString &command, const QStringList &args, const QString &usage,
                  const std::vector<std::pair<QString, Subcommand>> &subcommands);

// A run id from the command line, or nothing.
std::optional<core::store::RunId> parseRunId(const QString &text);

QString formatTime(std::int64_t ms); // local time, yyyy-MM-dd HH:mm:ss
QString isoTime(std::int64_t ms);    // UTC, ISO 8601 with milliseconds
QString formatMetric(double value);  // up to 6 significant digits; NaN as "nan"
QString formatDuration(std::optional<double> seconds);
QJsonValue jsonNumber(double value); // NaN and infinities as null

// Rows of cells, the first the header, aligned in columns two spaces apart.
QString textTable(const QList<QStringList> &rows);

} // namespace flowline::app

#pragma once

#include "io/CsvOptions.h"

#include <QCommandLineParser>
#include <QStringList>

#include <cstdio>

namespace flowline::app {

// Exit codes shared by every command.
enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Adds the options every command that reads a CSV file understands.
void addReadingOptions(QCommandLineParser &parser);
// Turns them into CsvOptions; on a bad value, writes the usage error to `error`.
bool readingOptions(const QCommandLineParser &parser, core::CsvOptions &options, QString &error);

// Parses `args` (the command name first); prints help or a usage error. Returns -1 to go on,
// or the exit code to stop with.
int parseCommand(QCommandLineParser &parser, const QStringList &args, const QString &usage);

void printOut(const QString &text);
void printOut(const QByteArray &bytes);
void printErr(const QString &text);

} // namespace flowline::app

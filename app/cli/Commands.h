#pragma once

#include <QStringList>

namespace flowline::app {

// Each takes the command's arguments, the command name first, and returns the exit code.
int profileCommand(const QStringList &args);
int headCommand(const QStringList &args);
int runCommand(const QStringList &args);
int nodesCommand(const QStringList &args);
int trainCommand(const QStringList &args);
int predictCommand(const QStringList &args);
int runsCommand(const QStringList &args);
int modelsCommand(const QStringList &args);
int exportCommand(const QStringList &args);

} // namespace flowline::app

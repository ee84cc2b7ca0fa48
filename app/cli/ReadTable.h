#pragma once

#include "io/CsvReader.h"

#include <optional>

namespace flowline::app {

// Reads FILE for a command: errors to stderr as FILE:LINE:COL: message, warnings as
// "warning: ...". Empty when the read failed.
std::optional<core::CsvReadResult> readTableForCli(const QString &file,
                                                   const core::CsvOptions &options);

} // namespace flowline::app

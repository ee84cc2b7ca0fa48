#pragma once

#include "store/RunTypes.h"
#include "store/Sqlite.h"

namespace flowline::core::store {

// Marks failed, with a note, every 'running' run recorded on this host by a process that has
// ended (killed, crashed) without finishing it. Runs of live processes and of other hosts are
// left alone. Returns the runs it marked.
Result<std::vector<RunId>> recoverInterruptedRuns(Db &db);

} // namespace flowline::core::store

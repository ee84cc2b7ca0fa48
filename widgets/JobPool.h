#pragma once

class QThreadPool;

namespace flowline::widgets {

// The pool the studio's jobs run on: core's shared job pool (see core/jobs/JobPool.h for why
// it is not Qt's global pool). Start GUI jobs on it, so a job and its inner loops share it.
QThreadPool *jobPool();

} // namespace flowline::widgets

#pragma once

class QThreadPool;

namespace flowline::core {

// The one pool that jobs and their inner parallel loops run on (JobContext's default).
//
// It is deliberately not QThreadPool::globalInstance(): Qt's raster paint engine (Qt 6.4)
// splits large fills over the global pool and waits for them on the UI thread, so long jobs
// that kept the global pool busy would freeze all painting in the studio until they end.
QThreadPool *sharedJobPool();

} // namespace flowline::core

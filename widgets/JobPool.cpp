#include "JobPool.h"

#include "jobs/JobPool.h"

namespace flowline::widgets {

QThreadPool *jobPool()
{
    return core::sharedJobPool();
}

} // namespace flowline::widgets

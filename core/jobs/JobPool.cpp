#include "JobPool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace flowline::core {

namespace {
struct FlowlineJobPool : QThreadPool
{
    FlowlineJobPool()
    {
        setObjectName(QStringLiteral("flowline-jobs"));
        setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    }
};
Q_GLOBAL_STATIC(FlowlineJobPool, g_jobPool)
} // namespace

QThreadPool *sharedJobPool()
{
    return g_jobPool();
}

} // namespace flowline::core

// A process the crash test kills: opens the store given as its argument, finishes a few runs,
// then starts one more and logs metrics into it until it is killed. It tells the test what
// it did on stdout, one line at a time:
//   finished ID        a run it finished (params and 100 metric points committed)
//   running ID         the run it is in the middle of
//   logged N           N metric points of that run are committed

#include "store/ExperimentStore.h"

#include <QCoreApplication>

#include <cstdio>

using namespace flowline::core::store;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: store_crash_child STORE FINISHED_RUNS\n");
        return 2;
    }
    auto store = ExperimentStore::open(QString::fromLocal8Bit(argv[1]));
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error().toString()));
        return 1;
    }
    ExperimentStore &s = **store;
    const int finished = std::atoi(argv[2]);
    for (int i = 0; i < finished; ++i) {
        RunStart start;
        start.experiment = QStringLiteral("crash");
        start.nodeId = QStringLiteral("n%1").arg(i);
        start.algorithm = QStringLiteral("ridge");
        auto run = s.startRun(start);
        if (!run)
            return 1;
        s.logParam(*run, QStringLiteral("alpha"), QString::number(i));
        for (int step = 0; step < 100; ++step)
            s.logMetric(*run, QStringLiteral("loss"), step, 1.0 / (step + 1));
        if (!s.finishRun(*run, RunStatus::Finished))
            return 1;
        std::printf("finished %lld\n", static_cast<long long>(*run));
        std::fflush(stdout);
    }
    RunStart victim;
    victim.experiment = QStringLiteral("crash");
    victim.nodeId = QStringLiteral("victim");
    victim.algorithm = QStringLiteral("mlp");
    auto run = s.startRun(victim);
    if (!run)
        return 1;
    std::printf("running %lld\n", static_cast<long long>(*run));
    std::fflush(stdout);
    // Log without pause: the writer is committing batches all the time, so the kill lands in
    // the middle of one sooner or later.
    for (long long step = 0;; ++step) {
        s.logMetric(*run, QStringLiteral("loss"), step, 1.0 / double(step + 1));
        s.logMetric(*run, QStringLiteral("accuracy"), step, double(step % 100) / 100.0);
        if (step % 5000 == 4999) {
            if (!s.flush())
                return 1;
            std::printf("logged %lld\n", step + 1);
            std::fflush(stdout);
        }
    }
}

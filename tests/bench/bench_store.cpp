// flowline-bench-store: how fast the experiment store records and lists runs. One JSON line
// per case:
//   store_log_100k_metrics_*   100,000 metric points logged into one run, one call per point,
//                              in one call, and from 8 threads into 8 runs, until committed
//                              (target under 1 s)
//   store_list_10k_runs_*      listing 10,000 runs (5 params, 4 metrics each) sorted by a
//                              metric, with their metric values, and filtered by a metric
//                              (target under 200 ms)
//   store_run_start_to_finish  one small run, started and finished (each waits for a commit)
//   store_open_10k_runs        opening that store (quick_check, recovery scan)
// Each case runs in a fresh store in a temporary folder; the best of three rounds is kept.

#include "store/ExperimentStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>

using namespace flowline::core::store;

namespace {

void emitLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

[[noreturn]] void die(const flowline::core::Error &e)
{
    std::fprintf(stderr, "flowline-bench-store: %s\n", qPrintable(e.toString()));
    std::exit(1);
}

template <class T>
T need(flowline::core::Result<T> r)
{
    if (!r)
        die(r.error());
    return std::move(*r);
}

constexpr int kPoints = 100000;

// Seconds for `log` to record into a new store, until everything is committed.
double timeLogging(const QString &path, const std::function<void(ExperimentStore &)> &log)
{
    auto store = need(ExperimentStore::open(path));
    QElapsedTimer t;
    t.start();
    log(*store);
    need(store->flush());
    return t.nsecsElapsed() / 1e9;
}

double bestOf3(QTemporaryDir &dir, const QString &name,
               const std::function<void(ExperimentStore &)> &log)
{
    double best = 1e300;
    for (int round = 0; round < 3; ++round)
        best = std::min(
            best,
            timeLogging(dir.filePath(QStringLiteral("%1-%2.sqlite").arg(name).arg(round)), log));
    return best;
}

void logCase(QTemporaryDir &dir, const QString &name, const QString &how,
             const std::function<void(ExperimentStore &)> &log)
{
    emitLine({{QStringLiteral("case"), QStringLiteral("store_log_100k_metrics_") + name},
              {QStringLiteral("tool"), QStringLiteral("flowline")},
              {QStringLiteral("points"), kPoints},
              {QStringLiteral("how"), how},
              {QStringLiteral("seconds"), bestOf3(dir, name, log)},
              {QStringLiteral("target_seconds"), 1.0}});
}

// 10,000 finished runs over 4 algorithms, 5 params and 4 metrics each.
void fillRuns(ExperimentStore &store, int runs)
{
    const QString algorithms[] = {QStringLiteral("random_forest"), QStringLiteral("knn"),
                                  QStringLiteral("logistic_regression"), QStringLiteral("mlp")};
    for (int i = 0; i < runs; ++i) {
        RunStart start;
        start.experiment = QStringLiteral("exp%1").arg(i % 10);
        start.algorithm = algorithms[i % 4];
        start.params = {{QStringLiteral("max_depth"), QString::number(i % 12)},
                        {QStringLiteral("n_estimators"), QString::number(100 + i % 7)},
                        {QStringLiteral("learning_rate"), QString::number(0.01 * (i % 9))},
                        {QStringLiteral("seed"), QString::number(i)},
                        {QStringLiteral("class_weight"), QStringLiteral("balanced")}};
        const RunId id = need(store.startRun(start));
        const double x = double((i * 7919) % 10007) / 10007.0;
        store.logMetrics(id, {{QStringLiteral("roc_auc"), 0, 0.5 + x / 2},
                              {QStringLiteral("accuracy"), 0, x},
                              {QStringLiteral("f1"), 0, 1 - x},
                              {QStringLiteral("log_loss"), 0, x * 3}});
        need(store.finishRun(id, RunStatus::Finished));
    }
}

double bestListMs(ExperimentStore &store, const RunFilter &filter, std::size_t &count)
{
    double best = 1e300;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer t;
        t.start();
        count = need(store.runs(filter)).size();
        best = std::min(best, t.nsecsElapsed() / 1e6);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;

    logCase(dir, QStringLiteral("single"), QStringLiteral("logMetric per point"),
            [](ExperimentStore &s) {
                const RunId run = need(s.startRun({}));
                for (int i = 0; i < kPoints; ++i)
                    s.logMetric(run, QStringLiteral("loss"), i, 1.0 / (i + 1));
                need(s.finishRun(run, RunStatus::Finished));
            });
    logCase(dir, QStringLiteral("batch"), QStringLiteral("one logMetrics call"),
            [](ExperimentStore &s) {
                const RunId run = need(s.startRun({}));
                std::vector<MetricPoint> points;
                points.reserve(kPoints);
                for (int i = 0; i < kPoints; ++i)
                    points.push_back({QStringLiteral("loss"), i, 1.0 / (i + 1)});
                s.logMetrics(run, std::move(points));
                need(s.finishRun(run, RunStatus::Finished));
            });
    logCase(dir, QStringLiteral("8_threads"), QStringLiteral("logMetric per point, 8 runs"),
            [](ExperimentStore &s) {
                std::vector<std::thread> threads;
                for (int t = 0; t < 8; ++t)
                    threads.emplace_back([&s] {
                        const RunId run = need(s.startRun({}));
                        for (int i = 0; i < kPoints / 8; ++i)
                            s.logMetric(run, QStringLiteral("loss"), i, 1.0 / (i + 1));
                        need(s.finishRun(run, RunStatus::Finished));
                    });
                for (auto &t : threads)
                    t.join();
            });

    {
        // What a node pays per run: startRun and finishRun each wait for their commit.
        auto store = need(ExperimentStore::open(dir.filePath(QStringLiteral("runs.sqlite"))));
        constexpr int kRunsTimed = 300;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < kRunsTimed; ++i) {
            const RunId run = need(store->startRun({}));
            store->logParam(run, QStringLiteral("alpha"), QString::number(i));
            store->logMetric(run, QStringLiteral("r2"), 0, 0.5);
            need(store->finishRun(run, RunStatus::Finished));
        }
        emitLine({{QStringLiteral("case"), QStringLiteral("store_run_start_to_finish")},
                  {QStringLiteral("tool"), QStringLiteral("flowline")},
                  {QStringLiteral("runs"), kRunsTimed},
                  {QStringLiteral("ms_per_run"), t.nsecsElapsed() / 1e6 / kRunsTimed}});
    }

    const QString listPath = dir.filePath(QStringLiteral("list.sqlite"));
    constexpr int kRuns = 10000;
    {
        auto store = need(ExperimentStore::open(listPath));
        fillRuns(*store, kRuns);
    }
    QElapsedTimer opening;
    opening.start();
    auto store = need(ExperimentStore::open(listPath));
    const double openMs = opening.nsecsElapsed() / 1e6;

    const auto listCase = [&](const QString &name, const RunFilter &filter) {
        std::size_t count = 0;
        const double ms = bestListMs(*store, filter, count);
        emitLine({{QStringLiteral("case"), QStringLiteral("store_list_10k_runs_") + name},
                  {QStringLiteral("tool"), QStringLiteral("flowline")},
                  {QStringLiteral("runs_in_store"), kRuns},
                  {QStringLiteral("runs_listed"), qint64(count)},
                  {QStringLiteral("ms"), ms},
                  {QStringLiteral("target_ms"), 200.0}});
    };
    RunFilter sorted;
    sorted.sortMetric = QStringLiteral("roc_auc");
    sorted.descending = true;
    listCase(QStringLiteral("sorted_by_metric"), sorted);
    sorted.withMetrics = true;
    listCase(QStringLiteral("sorted_with_metrics"), sorted);
    RunFilter filtered;
    filtered.metrics = {{QStringLiteral("roc_auc"), Compare::GreaterOrEqual, 0.8}};
    filtered.algorithm = QStringLiteral("random_forest");
    filtered.sortMetric = QStringLiteral("f1");
    listCase(QStringLiteral("filtered_by_metric"), filtered);

    emitLine({{QStringLiteral("case"), QStringLiteral("store_open_10k_runs")},
              {QStringLiteral("tool"), QStringLiteral("flowline")},
              {QStringLiteral("ms"), openMs}});
    return 0;
}

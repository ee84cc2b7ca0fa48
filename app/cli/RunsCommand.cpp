// flowline-cli runs list | show | compare: the experiment store's runs.

#include "CliCommon.h"
#include "Commands.h"
#include "RunsFormat.h"
#include "StoreCli.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flowline::app {

using namespace core::store;

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli runs list [--experiment E] [--algorithm A] [--status S] [--tag K=V]\n"
    "                              [--param K=V] [--metric COND] [--sort METRIC] [--desc]\n"
    "                              [--limit N] [--json] [--store PATH]\n"
    "       flowline-cli runs show ID [--json] [--store PATH]\n"
    "       flowline-cli runs compare ID ID... [--diff-only] [--curve METRIC] [--json]\n"
    "                              [--store PATH]\n"
    "Lists, shows and compares the runs recorded in the experiment store. Filters combine;\n"
    "--metric takes a condition on a metric's last value such as 'roc_auc>=0.8'; --sort orders\n"
    "by a metric's last value (runs without it last).");

int usageError(const QString &sub, const QString &why)
{
    return storeUsageError(QStringLiteral("runs"), sub, why, kUsage);
}

int failure(const QString &sub, const core::Error &e)
{
    return storeFailure(QStringLiteral("runs"), sub, e);
}

bool keyValue(const QString &text, std::pair<QString, QString> &out)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return false;
    out = {text.left(eq), text.mid(eq + 1)};
    return true;
}

int listRuns(const QStringList &args)
{
    const QString sub = QStringLiteral("list");
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("experiment"), QStringLiteral("Only runs of this experiment."),
         QStringLiteral("E")},
        {QStringLiteral("algorithm"), QStringLiteral("Only runs of this algorithm."),
         QStringLiteral("A")},
        {QStringLiteral("status"),
         QStringLiteral("Only runs in this state: running, finished, failed or canceled."),
         QStringLiteral("S")},
        {QStringLiteral("tag"), QStringLiteral("Only runs with this tag, repeatable."),
         QStringLiteral("K=V")},
        {QStringLiteral("param"),
         QStringLiteral("Only runs with this parameter value, repeatable."), QStringLiteral("K=V")},
        {QStringLiteral("metric"),
         QStringLiteral("Only runs whose metric meets this, repeatable (e.g. 'roc_auc>=0.8')."),
         QStringLiteral("COND")},
        {QStringLiteral("sort"), QStringLiteral("Sort by this metric's last value."),
         QStringLiteral("METRIC")},
        {QStringLiteral("desc"), QStringLiteral("Sort descending (default ascending).")},
        {QStringLiteral("limit"), QStringLiteral("At most N runs."), QStringLiteral("N")},
        {QStringLiteral("json"), QStringLiteral("Print JSON.")},
    });
    addStoreOption(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            sub,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    RunFilter filter;
    filter.experiment = parser.value(QStringLiteral("experiment"));
    filter.algorithm = parser.value(QStringLiteral("algorithm"));
    if (parser.isSet(QStringLiteral("status"))) {
        filter.status = statusFromName(parser.value(QStringLiteral("status")));
        if (!filter.status)
            return usageError(sub, QStringLiteral("--status: expected running, finished, failed "
                                                  "or canceled; got '%1'")
                                       .arg(parser.value(QStringLiteral("status"))));
    }
    for (const char *option : {"tag", "param"})
        for (const QString &kv : parser.values(QString::fromLatin1(option))) {
            std::pair<QString, QString> pair;
            if (!keyValue(kv, pair))
                return usageError(sub, QStringLiteral("--%1 takes KEY=VALUE, got '%2'")
                                           .arg(QString::fromLatin1(option), kv));
            (option[0] == 't' ? filter.tags : filter.params).push_back(pair);
        }
    for (const QString &text : parser.values(QStringLiteral("metric"))) {
        auto condition = parseMetricCondition(text);
        if (!condition)
            return usageError(sub, QStringLiteral("--metric: ") + condition.error().message);
        filter.metrics.push_back(*condition);
    }
    filter.sortMetric = parser.value(QStringLiteral("sort"));
    filter.descending = parser.isSet(QStringLiteral("desc"));
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit <= 0)
            return usageError(sub, QStringLiteral("--limit takes a positive number"));
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    filter.withMetrics = json;
    auto store = openStoreForCli(parser, QStringLiteral("runs list"), false);
    if (!store)
        return ExitFailure;
    auto runs = store->runs(filter);
    if (!runs)
        return failure(sub, runs.error());
    if (json) {
        QJsonArray list;
        for (const RunSummary &r : *runs)
            list.append(runSummaryJson(r));
        printJsonObject({{QStringLiteral("store"), store->path()}, {QStringLiteral("runs"), list}});
        return ExitOk;
    }
    QList<QStringList> rows;
    QStringList header{QStringLiteral("ID"),        QStringLiteral("EXPERIMENT"),
                       QStringLiteral("ALGORITHM"), QStringLiteral("NODE"),
                       QStringLiteral("STATUS"),    QStringLiteral("STARTED"),
                       QStringLiteral("DURATION")};
    if (!filter.sortMetric.isEmpty())
        header << filter.sortMetric.toUpper();
    rows << header;
    for (const RunSummary &r : *runs) {
        QStringList row{QString::number(r.id),
                        r.experiment,
                        r.algorithm,
                        r.nodeId.isEmpty() ? QStringLiteral("-") : r.nodeId,
                        statusName(r.status),
                        formatTime(r.startedMs),
                        formatDuration(r.durationSeconds())};
        if (!filter.sortMetric.isEmpty())
            row << (r.sortValue ? formatMetric(*r.sortValue) : QStringLiteral("-"));
        rows << row;
    }
    printOut(textTable(rows) + QStringLiteral("%1 run(s)\n").arg(runs->size()));
    return ExitOk;
}

int showRun(const QStringList &args)
{
    const QString sub = QStringLiteral("show");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    addStoreOption(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const QStringList ids = parser.positionalArguments();
    if (ids.size() != 1)
        return usageError(sub, QStringLiteral("give one run ID"));
    const auto id = parseRunId(ids[0]);
    if (!id)
        return usageError(sub, QStringLiteral("'%1' is not a run ID").arg(ids[0]));
    auto store = openStoreForCli(parser, QStringLiteral("runs show"), false);
    if (!store)
        return ExitFailure;
    auto d = store->run(*id);
    if (!d)
        return failure(sub, d.error());
    if (parser.isSet(QStringLiteral("json")))
        printJsonObject(runDetailsJson(*d));
    else
        printOut(runDetailsText(*d));
    return ExitOk;
}

int compareRuns(const QStringList &args)
{
    const QString sub = QStringLiteral("compare");
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("diff-only"), QStringLiteral("Only the rows whose values differ.")},
        {QStringLiteral("curve"),
         QStringLiteral("Also every step of this metric per run, to overlay."),
         QStringLiteral("METRIC")},
        {QStringLiteral("json"), QStringLiteral("Print JSON.")},
    });
    addStoreOption(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    std::vector<RunId> ids;
    for (const QString &text : parser.positionalArguments()) {
        const auto id = parseRunId(text);
        if (!id)
            return usageError(sub, QStringLiteral("'%1' is not a run ID").arg(text));
        ids.push_back(*id);
    }
    if (ids.size() < 2)
        return usageError(sub, QStringLiteral("give at least two run IDs"));
    auto store = openStoreForCli(parser, QStringLiteral("runs compare"), false);
    if (!store)
        return ExitFailure;
    auto c = store->compare(ids, parser.isSet(QStringLiteral("diff-only")));
    if (!c)
        return failure(sub, c.error());
    const QString curveKey = parser.value(QStringLiteral("curve"));
    std::vector<MetricCurve> curves;
    if (!curveKey.isEmpty()) {
        auto read = store->curves(ids, curveKey);
        if (!read)
            return failure(sub, read.error());
        curves = std::move(*read);
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = comparisonJson(*c);
        if (!curveKey.isEmpty())
            o.insert(QStringLiteral("curves"), curvesJson(curves));
        printJsonObject(o);
    } else {
        printOut(comparisonText(*c) + curvesText(curves));
    }
    return ExitOk;
}

} // namespace

int runsCommand(const QStringList &args)
{
    return runSubcommand(QStringLiteral("runs"), args, kUsage,
                         {{QStringLiteral("list"), listRuns},
                          {QStringLiteral("show"), showRun},
                          {QStringLiteral("compare"), compareRuns}});
}

} // namespace flowline::app

#include "CliCommon.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "StoreCli.h"

#include "Executor.h"
#include "FlowDocument.h"
#include "FlowFile.h"
#include "StoreRecorder.h"
#include "util/Memory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli run FLOW [--json] [--until NODE] [--set NODE.PARAM=VALUE ...]\n"
    "         [--store PATH | --no-store] [--experiment NAME]\n"
    "Runs a .flow file headless: every node, or only what NODE needs. Prints each node's state\n"
    "and time and a summary of each final output; --json prints one object instead. Every\n"
    "train, evaluate and cross-validate node that runs is recorded in the experiment store\n"
    "(--store, default the user's; under the flow's name unless --experiment says otherwise).");

QString clip(QString s, int width)
{
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return s.size() > width ? s.left(width - 1) + QStringLiteral("…") : s;
}

// The first rows of a table, aligned.
QString tablePreview(const core::Table &t, int rows)
{
    QList<QStringList> cells;
    QStringList header = t.columnNames();
    cells << header;
    for (std::int64_t r = 0; r < std::min<std::int64_t>(rows, t.rowCount()); ++r) {
        QStringList row;
        for (int c = 0; c < t.columnCount(); ++c)
            row << (t.column(c)->isMissing(r) ? QStringLiteral("<NA>")
                                              : clip(t.column(c)->displayValue(r), 24));
        cells << row;
    }
    std::vector<qsizetype> width(static_cast<std::size_t>(t.columnCount()), 0);
    for (const auto &row : cells)
        for (int c = 0; c < row.size(); ++c)
            width[static_cast<std::size_t>(c)] =
                std::max(width[static_cast<std::size_t>(c)], row[c].size());
    QString out;
    for (const auto &row : cells) {
        QStringList padded;
        for (int c = 0; c < row.size(); ++c)
            padded << row[c].leftJustified(width[static_cast<std::size_t>(c)]);
        out += QStringLiteral("    ") + padded.join(QStringLiteral("  ")).trimmed() +
               QLatin1Char('\n');
    }
    return out;
}

QString outputSummary(const flows::PortValue &value)
{
    QString out = QStringLiteral("  %1\n").arg(value.summary());
    if (value.type() == flows::PortType::Table)
        out += tablePreview(static_cast<const flows::TableValue &>(value).table(), 5);
    if (value.type() == flows::PortType::Report) {
        const auto &p = static_cast<const flows::ProfileReportValue &>(value).profile();
        for (const auto &c : p.columns) {
            QString figures =
                c.kind == core::ColumnKind::Numeric
                    ? QStringLiteral("mean %1, std %2").arg(c.mean, 0, 'g', 6).arg(c.std, 0, 'g', 6)
                    : (c.top.empty() ? QString()
                                     : QStringLiteral("top %1 (%2)")
                                           .arg(c.top.front().first)
                                           .arg(c.top.front().second));
            out += QStringLiteral("    %1 (%2): %3 missing, %4 distinct; %5\n")
                       .arg(c.name, core::kindName(c.kind))
                       .arg(c.missing)
                       .arg(c.distinct)
                       .arg(figures);
        }
    }
    return out;
}

} // namespace

int runCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
        {QStringLiteral("until"), QStringLiteral("Run only what NODE needs."),
         QStringLiteral("NODE")},
        {QStringLiteral("set"), QStringLiteral("Set a parameter for this run (repeatable)."),
         QStringLiteral("NODE.PARAM=VALUE")},
        {QStringLiteral("no-store"), QStringLiteral("Do not record runs.")},
        {QStringLiteral("experiment"),
         QStringLiteral("Record the runs under this experiment (default: the flow's name)."),
         QStringLiteral("NAME")},
    });
    addStoreOption(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(QStringLiteral("flowline-cli run: expected one FLOW file\n") + kUsage);
        return ExitUsage;
    }
    const QString path = files[0];
    flows::FlowDocument doc;
    auto loaded = flows::FlowFile::load(path, doc);
    if (!loaded) {
        printErr(loaded.error().toString());
        return ExitFailure;
    }
    for (const QString &set : parser.values(QStringLiteral("set"))) {
        const auto eq = set.indexOf(QLatin1Char('='));
        const auto dot = set.left(eq).indexOf(QLatin1Char('.'));
        if (eq < 0 || dot <= 0) {
            printErr(QStringLiteral("flowline-cli run: --set expects NODE.PARAM=VALUE, got '%1'")
                         .arg(set));
            return ExitUsage;
        }
        const QString node = set.left(dot), key = set.mid(dot + 1, eq - dot - 1);
        const flows::NodeType *type = doc.typeOf(node);
        if (!type) {
            printErr(QStringLiteral("flowline-cli run: --set %1: the flow has no node '%2'")
                         .arg(set, node));
            return ExitUsage;
        }
        const flows::ParamSpec *spec = type->param(key);
        if (!spec) {
            printErr(
                QStringLiteral("flowline-cli run: --set %1: node '%2' (%3) has no parameter '%4'")
                    .arg(set, node, type->id, key));
            return ExitUsage;
        }
        auto value = spec->parse(set.mid(eq + 1));
        auto applied = value ? doc.setParam(node, key, *value) : core::Result<bool>(value.error());
        if (!applied) {
            printErr(
                QStringLiteral("flowline-cli run: --set %1: %2").arg(set, applied.error().message));
            return ExitUsage;
        }
    }
    const QString until = parser.value(QStringLiteral("until"));
    if (!until.isEmpty() && !doc.node(until)) {
        printErr(QStringLiteral("flowline-cli run: --until: the flow has no node '%1'").arg(until));
        return ExitUsage;
    }

    // The leakage guard's warnings do not stop the run, but they are said.
    for (const auto &n : doc.topologicalOrder()) {
        for (const QString &w : doc.warnings(n))
            printErr(QStringLiteral("flowline-cli run: warning: %1").arg(w));
    }

    flows::Executor executor(doc);
    executor.setFlowDir(QFileInfo(path).absolutePath());
    std::shared_ptr<core::store::ExperimentStore> store;
    if (!parser.isSet(QStringLiteral("no-store"))) {
        store = openStoreForCli(parser, QStringLiteral("run"), true);
        if (!store && parser.isSet(QStringLiteral("store")))
            return ExitFailure; // the store asked for cannot be used: said on stderr
        if (!store)
            printErr(QStringLiteral("flowline-cli run: warning: runs are not recorded"));
    }
    if (store) {
        const QString experiment = parser.isSet(QStringLiteral("experiment"))
                                       ? parser.value(QStringLiteral("experiment"))
                                       : QFileInfo(path).completeBaseName();
        executor.setRecorder(std::make_shared<flows::StoreRecorder>(store), experiment);
    }
    QEventLoop loop;
    QObject::connect(&executor, &flows::Executor::runFinished, &loop, &QEventLoop::quit);
    QElapsedTimer timer;
    timer.start();
    executor.run(until.isEmpty() ? QStringList() : QStringList{until});
    if (executor.isRunning())
        loop.exec();
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    if (store) {
        if (auto flushed = store->flush(); !flushed)
            printErr(QStringLiteral("flowline-cli run: the experiment store: %1")
                         .arg(flushed.error().toString()));
    }

    const QStringList order = doc.topologicalOrder();
    const QStringList scope = until.isEmpty() ? order : doc.upstreamOf(until);
    bool failed = false;
    for (const auto &n : order) {
        const auto state = executor.state(n);
        if (state == flows::NodeState::Failed || state == flows::NodeState::Canceled) {
            failed = true;
            printErr(QStringLiteral("node '%1' %2: %3")
                         .arg(n, flows::nodeStateName(state), executor.message(n)));
        }
    }
    const auto isTerminal = [&](const QString &n) {
        for (const auto &l : doc.linksFrom(n)) {
            if (scope.contains(l.toNode))
                return false;
        }
        return true;
    };

    if (parser.isSet(QStringLiteral("json"))) {
        JsonWriter json(false);
        json.beginObject();
        json.key(QStringLiteral("flow")).value(path);
        json.key(QStringLiteral("ok")).value(!failed);
        json.key(QStringLiteral("seconds")).value(seconds);
        if (store)
            json.key(QStringLiteral("store")).value(store->path());
        json.key(QStringLiteral("nodes")).beginArray();
        for (const auto &n : scope) {
            json.beginObject();
            json.key(QStringLiteral("id")).value(n);
            json.key(QStringLiteral("type")).value(doc.node(n)->type);
            json.key(QStringLiteral("state")).value(flows::nodeStateName(executor.state(n)));
            json.key(QStringLiteral("seconds")).value(executor.seconds(n));
            json.key(QStringLiteral("cached")).value(executor.fromCache(n));
            if (const flows::MemoryUse m = executor.memory(n); m.peak >= 0) {
                // The process's resident bytes when the node began, at most while it ran, at its
                // end.
                json.key(QStringLiteral("memory")).beginObject();
                json.key(QStringLiteral("start_bytes")).value(m.atStart);
                json.key(QStringLiteral("peak_bytes")).value(m.peak);
                json.key(QStringLiteral("end_bytes")).value(m.atEnd);
                json.endObject();
            }
            json.key(QStringLiteral("message")).value(executor.message(n));
            json.key(QStringLiteral("terminal")).value(isTerminal(n));
            if (!executor.runId(n).isEmpty() && !executor.fromCache(n))
                json.key(QStringLiteral("run")).value(std::int64_t(executor.runId(n).toLongLong()));
            json.key(QStringLiteral("outputs")).beginArray();
            const flows::NodeType *type = doc.typeOf(n);
            for (int p = 0; type && p < type->outputs.size(); ++p) {
                if (const auto out = executor.output(n, p)) {
                    const QByteArray bytes =
                        QJsonDocument(out->toJson()).toJson(QJsonDocument::Compact);
                    json.beginObject().key(QStringLiteral("port")).value(type->outputs[p].key);
                    json.key(QStringLiteral("summary")).value(out->summary());
                    json.key(QStringLiteral("value")).raw(bytes);
                    json.endObject();
                }
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        printOut(json.bytes() + '\n');
        return failed ? ExitFailure : ExitOk;
    }

    QString out =
        QStringLiteral("%1: %2 nodes, %3 s\n").arg(path).arg(scope.size()).arg(seconds, 0, 'f', 3);
    for (const auto &n : scope) {
        const auto state = executor.state(n);
        const QString time = executor.fromCache(n)
                                 ? QStringLiteral("cached")
                                 : QStringLiteral("%1 s").arg(executor.seconds(n), 0, 'f', 3);
        QString line =
            QStringLiteral("%1  %2  %3")
                .arg(n.leftJustified(16), flows::nodeStateName(state).leftJustified(8), time);
        if (const flows::MemoryUse m = executor.memory(n); m.peak >= 0 && !executor.fromCache(n))
            line += QStringLiteral("  peak %1").arg(core::readableBytes(double(m.peak)));
        if (!executor.message(n).isEmpty() && state != flows::NodeState::Done)
            line += QStringLiteral("  ") + executor.message(n);
        if (!executor.runId(n).isEmpty() && !executor.fromCache(n))
            line += QStringLiteral("  run %1").arg(executor.runId(n));
        out += line + QLatin1Char('\n');
    }
    for (const auto &n : scope) {
        if (!isTerminal(n) || executor.state(n) != flows::NodeState::Done)
            continue;
        const flows::NodeType *type = doc.typeOf(n);
        for (int p = 0; type && p < type->outputs.size(); ++p) {
            if (const auto value = executor.output(n, p))
                out += QStringLiteral("\n%1.%2:\n").arg(n, type->outputs[p].key) +
                       outputSummary(*value);
        }
    }
    printOut(out);
    return failed ? ExitFailure : ExitOk;
}

} // namespace flowline::app

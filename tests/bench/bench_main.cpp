// flowline-bench: one JSON line per case, {"case", "rows", "cols", "seconds", "mb_per_s",
// "peak_rss_mb", ...}. With python3 + pandas on the machine, the peer (tests/bench/peers.py) is
// timed on the very same file in the same run, and a ratio line follows each pair.
//
//   flowline-bench                 generate the 1M x 22 CSV, time import and profile; generate
//                                  two 1M-row tables (join_left/right_N.csv), time an inner join
//   flowline-bench --csv FILE      time the import (and profile) of FILE instead
//   options: --rows N  --repeat K  --no-peers  --threads T  --data-dir DIR

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/Impute.h"
#include "prep/Join.h"
#include "prep/OneHot.h"
#include "prep/Standardize.h"
#include "stats/Profiler.h"
#include "util/SplitMix64.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <charconv>
#include <cmath>
#include <cstdio>

using namespace flowline::core;

namespace {

// 20 numeric columns (6 decimals, various scales), a categorical "segment" and a 0/1 "label".
bool generate(const QString &path, std::int64_t rows)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray buf;
    buf.reserve(1 << 22);
    for (int c = 0; c < 20; ++c)
        buf += "x" + QByteArray::number(c) + ",";
    buf += "segment,label\n";
    static const char *segments[] = {"alpha", "bravo",   "charlie", "delta",
                                     "echo",  "foxtrot", "golf",    "hotel"};
    SplitMix64 rng{20261123}; // the same bytes for every run and every peer
    char num[64];
    for (std::int64_t r = 0; r < rows; ++r) {
        double score = 0;
        for (int c = 0; c < 20; ++c) {
            const double scale = std::pow(10.0, c % 5 - 1);
            const double v = (rng.uniform() * 2 - 1 + rng.uniform() - 0.5) * scale;
            score += (c % 3 == 0 ? v / scale : 0);
            const auto res = std::to_chars(num, num + sizeof num, v, std::chars_format::fixed, 6);
            buf.append(num, res.ptr - num);
            buf.append(',');
        }
        buf += segments[rng.next() % 8];
        buf += score + rng.uniform() - 0.5 > 0 ? ",1\n" : ",0\n";
        if (buf.size() > (1 << 22) - 512) {
            if (f.write(buf) != buf.size())
                return false;
            buf.clear();
        }
    }
    return f.write(buf) == buf.size() && f.flush();
}

// The join case's tables: left has a unique integer key (0..rows-1, shuffled), a number, a
// category and another number; right's keys are a shuffled permutation of left's with every
// tenth replaced by a key left lacks, then a number and a category. Written as CSV so pandas
// reads the very same tables.
bool generateJoin(const QString &leftPath, const QString &rightPath, std::int64_t rows)
{
    SplitMix64 rng{20261124};
    const auto shuffled = [&] {
        std::vector<std::int64_t> keys(static_cast<std::size_t>(rows));
        for (std::int64_t i = 0; i < rows; ++i)
            keys[static_cast<std::size_t>(i)] = i;
        for (std::size_t i = keys.size(); i > 1; --i)
            std::swap(keys[i - 1], keys[static_cast<std::size_t>(rng.below(i))]);
        return keys;
    };
    static const char *grades[] = {"a", "b", "c", "d", "e", "f"};
    char num[64];
    const auto write = [&](const QString &path, const char *header, bool isLeft) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        QByteArray buf(header);
        const auto keys = shuffled();
        for (std::int64_t r = 0; r < rows; ++r) {
            const std::int64_t key = !isLeft && r % 10 == 9 ? rows + r : keys[r];
            buf += QByteArray::number(static_cast<qint64>(key));
            for (int c = 0; c < 2; ++c) {
                const auto res = std::to_chars(num, num + sizeof num, rng.uniform() * 100,
                                               std::chars_format::fixed, 4);
                buf += ',';
                buf.append(num, res.ptr - num);
                if (c == 0) {
                    buf += ',';
                    buf += grades[rng.below(isLeft ? 6 : 4)];
                }
            }
            buf += '\n';
            if (buf.size() > (1 << 22) - 512) {
                if (f.write(buf) != buf.size())
                    return false;
                buf.clear();
            }
        }
        return f.write(buf) == buf.size() && f.flush();
    };
    return write(leftPath, "key,a,segment,c\n", true) && write(rightPath, "key,d,grade,e\n", false);
}

void resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

double peakRssMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const auto &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

void emitLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

QString findPeerPython()
{
    for (const QString &py : {QStringLiteral("/usr/bin/python3"), QStringLiteral("python3")}) {
        QProcess p;
        p.start(py, {QStringLiteral("-c"), QStringLiteral("import pandas")});
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            return py;
    }
    return {};
}

// Runs the peer script; returns its JSON lines by case name.
QMap<QString, QJsonObject> runPeers(const QString &python, const QString &csv, int repeat,
                                    const QStringList &extra)
{
    QMap<QString, QJsonObject> out;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(python,
            QStringList{QStringLiteral(FLOWLINE_BENCH_DIR "/peers.py"), QStringLiteral("--csv"),
                        csv, QStringLiteral("--repeat"), QString::number(repeat)} +
                extra);
    if (!p.waitForFinished(-1))
        return out;
    for (const auto &line : p.readAllStandardOutput().split('\n')) {
        const auto doc = QJsonDocument::fromJson(line);
        if (doc.isObject()) {
            emitLine(doc.object());
            out.insert(doc.object().value(QStringLiteral("case")).toString(), doc.object());
        }
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Flowline benchmarks: one JSON line per case."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("csv"), QStringLiteral("Time the import of this file instead."),
         QStringLiteral("FILE")},
        {QStringLiteral("rows"), QStringLiteral("Rows of the generated file (default 1000000)."),
         QStringLiteral("N"), QStringLiteral("1000000")},
        {QStringLiteral("repeat"), QStringLiteral("Runs per case; the fastest counts (default 3)."),
         QStringLiteral("K"), QStringLiteral("3")},
        {QStringLiteral("threads"), QStringLiteral("Thread budget (default: all cores)."),
         QStringLiteral("T")},
        {QStringLiteral("no-peers"), QStringLiteral("Do not time pandas on the same file.")},
        {QStringLiteral("data-dir"), QStringLiteral("Where the generated file goes."),
         QStringLiteral("DIR")},
        {QStringLiteral("import-only"),
         QStringLiteral("Time the import alone (for profiling the reader).")},
    });
    parser.process(app);
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

    QString csv = parser.value(QStringLiteral("csv"));
    QString label = QStringLiteral("file");
    if (csv.isEmpty()) {
        const std::int64_t rows = parser.value(QStringLiteral("rows")).toLongLong();
        const QString dir = parser.isSet(QStringLiteral("data-dir"))
                                ? parser.value(QStringLiteral("data-dir"))
                                : QDir::tempPath() + QStringLiteral("/flowline-bench");
        QDir().mkpath(dir);
        csv = QStringLiteral("%1/synthetic_%2x22.csv").arg(dir).arg(rows);
        if (!QFileInfo::exists(csv) && !generate(csv, rows)) {
            std::fprintf(stderr, "flowline-bench: cannot write %s\n", qPrintable(csv));
            return 1;
        }
        label = rows == 1000000 ? QStringLiteral("1Mx22") : QStringLiteral("%1x22").arg(rows);
    }
    const double mb = static_cast<double>(QFileInfo(csv).size()) / 1e6;

    JobContext ctx;
    if (parser.isSet(QStringLiteral("threads")))
        ctx.setThreads(parser.value(QStringLiteral("threads")).toInt());

    // Import.
    double best = 1e300, peak = 0;
    Table table;
    for (int i = 0; i < repeat; ++i) {
        table = Table();
        resetPeakRss();
        QElapsedTimer t;
        t.start();
        auto r = CsvReader::readFile(csv, CsvOptions{}, ctx);
        const double s = t.nsecsElapsed() / 1e9;
        if (!r.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
            return 1;
        }
        peak = std::max(peak, peakRssMb());
        best = std::min(best, s);
        table = r->table;
    }
    const double tableMb = static_cast<double>(table.memoryBytes()) / 1e6 * (1e6 / (1 << 20));
    emitLine(QJsonObject{{QStringLiteral("case"), QStringLiteral("csv_import_") + label},
                         {QStringLiteral("tool"), QStringLiteral("flowline")},
                         {QStringLiteral("rows"), static_cast<qint64>(table.rowCount())},
                         {QStringLiteral("cols"), table.columnCount()},
                         {QStringLiteral("seconds"), best},
                         {QStringLiteral("mb_per_s"), mb / best},
                         {QStringLiteral("peak_rss_mb"), peak},
                         {QStringLiteral("table_mb"), tableMb},
                         {QStringLiteral("threads"), ctx.threads()}});
    const double importSeconds = best;
    if (parser.isSet(QStringLiteral("import-only")))
        return 0;

    // Profile.
    best = 1e300;
    peak = 0;
    for (int i = 0; i < repeat; ++i) {
        resetPeakRss();
        QElapsedTimer t;
        t.start();
        auto p = Profiler::profile(table, ProfileOptions{}, ctx);
        const double s = t.nsecsElapsed() / 1e9;
        if (!p.ok())
            return 1;
        peak = std::max(peak, peakRssMb());
        best = std::min(best, s);
    }
    emitLine(QJsonObject{{QStringLiteral("case"), QStringLiteral("profile_") + label},
                         {QStringLiteral("tool"), QStringLiteral("flowline")},
                         {QStringLiteral("rows"), static_cast<qint64>(table.rowCount())},
                         {QStringLiteral("cols"), table.columnCount()},
                         {QStringLiteral("seconds"), best},
                         {QStringLiteral("mb_per_s"), mb / best},
                         {QStringLiteral("peak_rss_mb"), peak},
                         {QStringLiteral("threads"), ctx.threads()}});
    const double profileSeconds = best;

    // Data-prep steps on the imported table: fit on it, then apply to it.
    const auto timeStep = [&](const QString &name, const auto &fitAndApply) {
        double fastest = 1e300;
        int columns = 0;
        for (int i = 0; i < repeat; ++i) {
            QElapsedTimer t;
            t.start();
            auto out = fitAndApply();
            const double s = t.nsecsElapsed() / 1e9;
            if (!out.ok()) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(name), qPrintable(out.error().message));
                return 0.0;
            }
            columns = out->columnCount();
            fastest = std::min(fastest, s);
        }
        emitLine(QJsonObject{{QStringLiteral("case"), name + QStringLiteral("_") + label},
                             {QStringLiteral("tool"), QStringLiteral("flowline")},
                             {QStringLiteral("rows"), static_cast<qint64>(table.rowCount())},
                             {QStringLiteral("cols_out"), columns},
                             {QStringLiteral("seconds"), fastest},
                             {QStringLiteral("threads"), ctx.threads()}});
        return fastest;
    };
    const double imputeSeconds = timeStep(QStringLiteral("impute_mean"), [&]() -> Result<Table> {
        auto fitted = prep::fitImpute(table, {}, ctx);
        if (!fitted)
            return fitted.error();
        return (*fitted)->apply(table, ctx);
    });
    const double standardizeSeconds =
        timeStep(QStringLiteral("standardize"), [&]() -> Result<Table> {
            auto fitted = prep::fitStandardize(table, {}, ctx);
            if (!fitted)
                return fitted.error();
            return (*fitted)->apply(table, ctx);
        });
    const double oneHotSeconds = timeStep(QStringLiteral("one_hot"), [&]() -> Result<Table> {
        auto fitted = prep::fitOneHot(table, {}, ctx);
        if (!fitted)
            return fitted.error();
        return (*fitted)->apply(table, ctx);
    });

    // Inner join of two generated tables on an integer key.
    const std::int64_t joinRowCount = parser.value(QStringLiteral("rows")).toLongLong();
    const QString joinDir = parser.isSet(QStringLiteral("data-dir"))
                                ? parser.value(QStringLiteral("data-dir"))
                                : QDir::tempPath() + QStringLiteral("/flowline-bench");
    QDir().mkpath(joinDir);
    const QString joinLeft = QStringLiteral("%1/join_left_%2.csv").arg(joinDir).arg(joinRowCount);
    const QString joinRight = QStringLiteral("%1/join_right_%2.csv").arg(joinDir).arg(joinRowCount);
    if ((!QFileInfo::exists(joinLeft) || !QFileInfo::exists(joinRight)) &&
        !generateJoin(joinLeft, joinRight, joinRowCount)) {
        std::fprintf(stderr, "flowline-bench: cannot write %s\n", qPrintable(joinLeft));
        return 1;
    }
    auto left = CsvReader::readFile(joinLeft, CsvOptions{}, ctx);
    auto right = CsvReader::readFile(joinRight, CsvOptions{}, ctx);
    if (!left.ok() || !right.ok())
        return 1;
    prep::JoinSpec joinSpec;
    joinSpec.leftOn = {QStringLiteral("key")};
    best = 1e300;
    peak = 0;
    std::int64_t joinedRows = 0;
    for (int i = 0; i < repeat; ++i) {
        resetPeakRss();
        QElapsedTimer t;
        t.start();
        auto joined = prep::join(left->table, right->table, joinSpec);
        const double s = t.nsecsElapsed() / 1e9;
        if (!joined.ok())
            return 1;
        joinedRows = joined->rowCount();
        peak = std::max(peak, peakRssMb());
        best = std::min(best, s);
    }
    const QString joinLabel = QStringLiteral("join_inner_%1").arg(joinRowCount);
    emitLine(QJsonObject{{QStringLiteral("case"), joinLabel},
                         {QStringLiteral("tool"), QStringLiteral("flowline")},
                         {QStringLiteral("rows"), static_cast<qint64>(joinedRows)},
                         {QStringLiteral("cols"), 7},
                         {QStringLiteral("seconds"), best},
                         {QStringLiteral("rows_per_s"), 2.0 * joinRowCount / best},
                         {QStringLiteral("peak_rss_mb"), peak},
                         {QStringLiteral("threads"), 1}});
    const double joinSeconds = best;

    if (parser.isSet(QStringLiteral("no-peers")))
        return 0;
    const QString python = findPeerPython();
    if (python.isEmpty()) {
        std::fprintf(stderr, "flowline-bench: no python3 with pandas; peers skipped "
                             "(installer/bootstrap.sh --reference installs them)\n");
        return 0;
    }
    const auto peers = runPeers(
        python, csv, repeat,
        {QStringLiteral("--join-left"), joinLeft, QStringLiteral("--join-right"), joinRight});
    const auto ratio = [&](const QString &peerCase, const QString &ours, double ourSeconds) {
        if (!peers.contains(peerCase))
            return;
        const double theirs = peers[peerCase].value(QStringLiteral("seconds")).toDouble();
        emitLine(QJsonObject{{QStringLiteral("case"), ours + QStringLiteral("_vs_") + peerCase},
                             {QStringLiteral("speedup"), theirs / ourSeconds}});
    };
    ratio(QStringLiteral("pandas_read_csv"), QStringLiteral("csv_import_") + label, importSeconds);
    ratio(QStringLiteral("pandas_profile"), QStringLiteral("profile_") + label, profileSeconds);
    ratio(QStringLiteral("pandas_merge_inner"), joinLabel, joinSeconds);
    ratio(QStringLiteral("sklearn_simple_imputer_mean"), QStringLiteral("impute_mean_") + label,
          imputeSeconds);
    ratio(QStringLiteral("sklearn_standard_scaler"), QStringLiteral("standardize_") + label,
          standardizeSeconds);
    ratio(QStringLiteral("sklearn_one_hot_encoder"), QStringLiteral("one_hot_") + label,
          oneHotSeconds);
    return 0;
}

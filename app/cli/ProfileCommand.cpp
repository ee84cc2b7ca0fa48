#include "CliCommon.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "ReadTable.h"
#include "jobs/JobContext.h"
#include "stats/Profiler.h"
#include "table/DatetimeColumn.h"

#include <cmath>

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli profile FILE [--json] [--delimiter C] [--no-header] [reading options]\n"
    "Reads a CSV or TSV file and describes every column: count, missing, distinct values,\n"
    "statistics of numbers, the most frequent values, and correlations.");

bool isNumberKind(core::ColumnKind k)
{
    return k == core::ColumnKind::Numeric || k == core::ColumnKind::Boolean;
}

QString number(double v)
{
    if (std::isnan(v))
        return QStringLiteral("-");
    return QString::number(v, 'g', 6);
}

void writeMatrix(JsonWriter &json, const QStringList &names, const Eigen::MatrixXd &m)
{
    json.beginObject();
    for (int i = 0; i < names.size(); ++i) {
        json.key(names[i]).beginObject();
        for (int j = 0; j < names.size(); ++j)
            json.key(names[j]).value(m(i, j));
        json.endObject();
    }
    json.endObject();
}

QByteArray profileJson(const core::TableProfile &p)
{
    JsonWriter json(false);
    json.beginObject();
    json.key(QStringLiteral("rows")).value(static_cast<std::int64_t>(p.rows));
    json.key(QStringLiteral("columns")).beginArray();
    for (const auto &c : p.columns) {
        json.beginObject();
        json.key(QStringLiteral("name")).value(c.name);
        json.key(QStringLiteral("kind")).value(core::kindName(c.kind));
        json.key(QStringLiteral("count")).value(static_cast<std::int64_t>(c.count));
        json.key(QStringLiteral("missing")).value(static_cast<std::int64_t>(c.missing));
        json.key(QStringLiteral("distinct")).value(static_cast<std::int64_t>(c.distinct));
        json.key(QStringLiteral("distinct_exact")).value(c.distinctExact);
        if (c.kind == core::ColumnKind::Datetime) {
            const bool any = c.count > 0;
            json.key(QStringLiteral("min"));
            any ? json.value(core::DatetimeColumn::format(c.minTime)) : json.null();
            json.key(QStringLiteral("max"));
            any ? json.value(core::DatetimeColumn::format(c.maxTime)) : json.null();
        } else {
            json.key(QStringLiteral("mean")).value(c.mean);
            json.key(QStringLiteral("std")).value(c.std);
            json.key(QStringLiteral("min")).value(c.min);
            json.key(QStringLiteral("q1")).value(c.q1);
            json.key(QStringLiteral("median")).value(c.median);
            json.key(QStringLiteral("q3")).value(c.q3);
            json.key(QStringLiteral("max")).value(c.max);
            json.key(QStringLiteral("skewness")).value(c.skewness);
            if (isNumberKind(c.kind))
                json.key(QStringLiteral("zeros")).value(static_cast<std::int64_t>(c.zeros));
        }
        json.key(QStringLiteral("top")).beginArray();
        for (const auto &[value, count] : c.top)
            json.beginArray().value(value).value(static_cast<std::int64_t>(count)).endArray();
        json.endArray();
        if (!c.histogram.counts.empty()) {
            json.key(QStringLiteral("histogram")).beginObject();
            json.key(QStringLiteral("edges")).beginArray();
            for (double e : c.histogram.edges)
                json.value(e);
            json.endArray();
            json.key(QStringLiteral("counts")).beginArray();
            for (auto n : c.histogram.counts)
                json.value(static_cast<std::int64_t>(n));
            json.endArray();
            json.endObject();
        }
        json.endObject();
    }
    json.endArray();
    json.key(QStringLiteral("correlation")).beginObject();
    json.key(QStringLiteral("pearson"));
    writeMatrix(json, p.correlationColumns, p.pearson);
    json.key(QStringLiteral("spearman"));
    writeMatrix(json, p.correlationColumns, p.spearman);
    json.endObject();
    json.endObject();
    QByteArray out = json.bytes();
    out.append('\n');
    return out;
}

QString pad(const QString &s, int width)
{
    return s.size() >= width ? s : s + QString(width - s.size(), QLatin1Char(' '));
}

QString profileText(const QString &file, const core::CsvReadResult &read,
                    const core::TableProfile &p)
{
    QString out;
    const QString delimiter =
        read.delimiter == '\t' ? QStringLiteral("tab") : QString(QLatin1Char(read.delimiter));
    out +=
        QStringLiteral("%1: %2 rows x %3 columns (delimiter '%4', %5, %6)\n\n")
            .arg(file)
            .arg(p.rows)
            .arg(p.columns.size())
            .arg(delimiter, read.hasHeader ? QStringLiteral("header") : QStringLiteral("no header"),
                 read.encoding);
    int nameWidth = 6;
    for (const auto &c : p.columns)
        nameWidth = std::max(nameWidth, static_cast<int>(std::min<qsizetype>(c.name.size(), 32)));
    out += pad(QStringLiteral("column"), nameWidth) +
           QStringLiteral("  kind         count  missing  distinct  summary\n");
    for (const auto &c : p.columns) {
        QString summary;
        if (c.kind == core::ColumnKind::Numeric) {
            summary = QStringLiteral("mean %1  std %2  min %3  q1 %4  median %5  q3 %6  max %7")
                          .arg(number(c.mean), number(c.std), number(c.min), number(c.q1),
                               number(c.median), number(c.q3), number(c.max));
        } else if (c.kind == core::ColumnKind::Datetime) {
            if (c.count > 0)
                summary = QStringLiteral("from %1 to %2")
                              .arg(core::DatetimeColumn::format(c.minTime),
                                   core::DatetimeColumn::format(c.maxTime));
        } else {
            QStringList top;
            for (std::size_t i = 0; i < c.top.size() && i < 3; ++i)
                top << QStringLiteral("%1 (%2)").arg(c.top[i].first.left(24)).arg(c.top[i].second);
            summary = QStringLiteral("top: ") + top.join(QStringLiteral(", "));
        }
        const QString distinct =
            (c.distinctExact ? QString() : QStringLiteral("~")) + QString::number(c.distinct);
        out += pad(c.name.left(32), nameWidth) + QStringLiteral("  ") +
               pad(core::kindName(c.kind), 11) +
               QStringLiteral("%1  %2  %3  ").arg(c.count, 6).arg(c.missing, 7).arg(distinct, 8) +
               summary + QLatin1Char('\n');
    }
    if (p.correlationColumns.size() >= 2) {
        // The strongest pairs are what a person looks for first.
        struct Pair
        {
            double r;
            int i, j;
        };
        std::vector<Pair> pairs;
        for (int i = 0; i < p.correlationColumns.size(); ++i)
            for (int j = i + 1; j < p.correlationColumns.size(); ++j)
                if (!std::isnan(p.pearson(i, j)))
                    pairs.push_back({p.pearson(i, j), i, j});
        std::sort(pairs.begin(), pairs.end(),
                  [](const Pair &a, const Pair &b) { return std::abs(a.r) > std::abs(b.r); });
        out += QStringLiteral("\nstrongest correlations (Pearson; Spearman):\n");
        for (std::size_t k = 0; k < pairs.size() && k < 5; ++k) {
            const auto &pr = pairs[k];
            out += QStringLiteral("  %1 ~ %2: %3; %4\n")
                       .arg(p.correlationColumns[pr.i], p.correlationColumns[pr.j],
                            QString::number(pr.r, 'f', 3),
                            QString::number(p.spearman(pr.i, pr.j), 'f', 3));
        }
    }
    return out;
}

} // namespace

int profileCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object.")});
    addReadingOptions(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(QStringLiteral("flowline-cli profile: expected one FILE\n") + kUsage);
        return ExitUsage;
    }
    core::CsvOptions options;
    QString error;
    if (!readingOptions(parser, options, error)) {
        printErr(QStringLiteral("flowline-cli profile: ") + error);
        return ExitUsage;
    }
    const auto read = readTableForCli(files[0], options);
    if (!read)
        return ExitFailure;
    core::JobContext ctx;
    auto profile = core::Profiler::profile(read->table, core::ProfileOptions{}, ctx);
    if (!profile.ok()) {
        printErr(profile.error().toString());
        return ExitFailure;
    }
    if (parser.isSet(QStringLiteral("json")))
        printOut(profileJson(profile.value()));
    else
        printOut(profileText(files[0], *read, profile.value()));
    return ExitOk;
}

} // namespace flowline::app

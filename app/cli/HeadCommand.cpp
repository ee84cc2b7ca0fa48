#include "CliCommon.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "ReadTable.h"
#include "table/BooleanColumn.h"
#include "table/NumericColumn.h"

namespace flowline::app {

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli head FILE [-n N] [--json] [reading options]\n"
    "Prints the first N parsed rows (10 by default, all with -n 0) as the reader understood\n"
    "them: an aligned table with each column's kind, or JSON objects with typed values.");

constexpr int kMaxWidth = 40;

QString clip(QString s)
{
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"))
        .replace(QLatin1Char('\r'), QStringLiteral("\\r"));
    s.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
    return s.size() > kMaxWidth ? s.left(kMaxWidth - 1) + QStringLiteral("…") : s;
}

QByteArray headJson(const core::Table &t)
{
    JsonWriter json(false);
    json.beginArray();
    for (std::int64_t r = 0; r < t.rowCount(); ++r) {
        json.beginObject();
        for (int c = 0; c < t.columnCount(); ++c) {
            json.key(t.columnName(c));
            const core::Column &col = *t.column(c);
            if (col.isMissing(r)) {
                json.null();
            } else if (col.kind() == core::ColumnKind::Numeric) {
                json.value(static_cast<const core::NumericColumn &>(col).value(r));
            } else if (col.kind() == core::ColumnKind::Boolean) {
                json.value(static_cast<const core::BooleanColumn &>(col).value(r) == 1);
            } else {
                json.value(col.displayValue(r));
            }
        }
        json.endObject();
    }
    json.endArray();
    QByteArray out = json.bytes();
    out.append('\n');
    return out;
}

QString headText(const core::Table &t)
{
    const int columns = t.columnCount();
    std::vector<QStringList> cells(static_cast<std::size_t>(columns));
    std::vector<int> width(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
        auto &col = cells[static_cast<std::size_t>(c)];
        col << clip(t.columnName(c)) << core::kindName(t.kind(c));
        for (std::int64_t r = 0; r < t.rowCount(); ++r)
            col << (t.column(c)->isMissing(r) ? QStringLiteral("<NA>")
                                              : clip(t.column(c)->displayValue(r)));
        int w = 0;
        for (const auto &s : col)
            w = std::max(w, static_cast<int>(s.size()));
        width[static_cast<std::size_t>(c)] = w;
    }
    QString out;
    const auto lines = static_cast<int>(t.rowCount()) + 2;
    for (int line = 0; line < lines; ++line) {
        QStringList row;
        for (int c = 0; c < columns; ++c) {
            const auto &s = cells[static_cast<std::size_t>(c)][line];
            const int w = width[static_cast<std::size_t>(c)];
            const bool right = line >= 2 && t.kind(c) == core::ColumnKind::Numeric;
            row << (right ? s.rightJustified(w) : s.leftJustified(w));
        }
        out += row.join(QStringLiteral("  ")).trimmed() + QLatin1Char('\n');
        if (line == 1) {
            QStringList rule;
            for (int c = 0; c < columns; ++c)
                rule << QString(width[static_cast<std::size_t>(c)], QLatin1Char('-'));
            out += rule.join(QStringLiteral("  ")) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace

int headCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("n"), QStringLiteral("Rows to print (0: all; default 10)."),
                      QStringLiteral("N"), QStringLiteral("10")});
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("Print a JSON array of row objects.")});
    addReadingOptions(parser);
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(QStringLiteral("flowline-cli head: expected one FILE\n") + kUsage);
        return ExitUsage;
    }
    bool ok = false;
    const qlonglong n = parser.value(QStringLiteral("n")).toLongLong(&ok);
    if (!ok || n < 0) {
        printErr(QStringLiteral("flowline-cli head: -n takes a whole number >= 0, got '%1'")
                     .arg(parser.value(QStringLiteral("n"))));
        return ExitUsage;
    }
    core::CsvOptions options;
    QString error;
    if (!readingOptions(parser, options, error)) {
        printErr(QStringLiteral("flowline-cli head: ") + error);
        return ExitUsage;
    }
    options.maxRows = n == 0 ? -1 : n;
    const auto read = readTableForCli(files[0], options);
    if (!read)
        return ExitFailure;
    printOut(parser.isSet(QStringLiteral("json")) ? headJson(read->table)
                                                  : headText(read->table).toUtf8());
    return ExitOk;
}

} // namespace flowline::app

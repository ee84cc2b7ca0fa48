#include "CliCommon.h"

namespace flowline::app {

using core::ColumnKind;

void printOut(const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void printOut(const QString &text)
{
    printOut(text.toUtf8());
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

void addReadingOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("delimiter"),
         QStringLiteral(
             "Field delimiter: one character, or 'tab' (default: sniffed among , ; tab |)."),
         QStringLiteral("C")},
        {QStringLiteral("no-header"), QStringLiteral("The first row is data, not column names.")},
        {QStringLiteral("header"),
         QStringLiteral("The first row holds the column names (default: sniffed).")},
        {QStringLiteral("missing"),
         QStringLiteral("Missing-value tokens, comma-separated (default: ',NA,N/A,NaN,null,?'; the "
                        "empty token first)."),
         QStringLiteral("TOKENS")},
        {QStringLiteral("decimal-comma"), QStringLiteral("Numbers use a decimal comma (3,14).")},
        {QStringLiteral("thousands"), QStringLiteral("Thousands separator inside numbers."),
         QStringLiteral("C")},
        {QStringLiteral("encoding"),
         QStringLiteral("auto (default: UTF-8, or UTF-16 by its BOM), utf8 or latin1."),
         QStringLiteral("NAME")},
        {QStringLiteral("type"),
         QStringLiteral(
             "Column kind override, repeatable: numeric, categorical, text, datetime or boolean."),
         QStringLiteral("COLUMN=KIND")},
        {QStringLiteral("ragged"),
         QStringLiteral(
             "Rows with another field count than the header: error (default), pad or skip."),
         QStringLiteral("POLICY")},
        {QStringLiteral("comment"), QStringLiteral("Skip lines starting with this character."),
         QStringLiteral("C")},
        {QStringLiteral("escape"), QStringLiteral("Escape character inside quotes (e.g. \\)."),
         QStringLiteral("C")},
        {QStringLiteral("trim"), QStringLiteral("Strip spaces around unquoted fields.")},
        {QStringLiteral("day-first"),
         QStringLiteral("Read ambiguous dates such as 03/04/2024 as day first.")},
    });
}

namespace {
bool oneChar(const QString &value, const QString &option, char &out, QString &error)
{
    if (value.compare(QStringLiteral("tab"), Qt::CaseInsensitive) == 0 ||
        value == QStringLiteral("\\t")) {
        out = '\t';
        return true;
    }
    if (value.size() != 1 || value[0].unicode() > 0x7F || value[0] == QLatin1Char('\n') ||
        value[0] == QLatin1Char('\r')) {
        error = QStringLiteral("--%1 takes one ASCII character, got '%2'").arg(option, value);
        return false;
    }
    out = value[0].toLatin1();
    return true;
}
} // namespace

bool readingOptions(const QCommandLineParser &parser, core::CsvOptions &o, QString &error)
{
    char c = 0;
    if (parser.isSet(QStringLiteral("delimiter"))) {
        if (!oneChar(parser.value(QStringLiteral("delimiter")), QStringLiteral("delimiter"), c,
                     error))
            return false;
        o.delimiter = c;
    }
    if (parser.isSet(QStringLiteral("no-header")) && parser.isSet(QStringLiteral("header"))) {
        error = QStringLiteral("--header and --no-header contradict each other");
        return false;
    }
    if (parser.isSet(QStringLiteral("no-header")))
        o.header = core::HeaderMode::No;
    if (parser.isSet(QStringLiteral("header")))
        o.header = core::HeaderMode::Yes;
    if (parser.isSet(QStringLiteral("missing")))
        o.missingTokens = parser.value(QStringLiteral("missing")).split(QLatin1Char(','));
    o.decimalComma = parser.isSet(QStringLiteral("decimal-comma"));
    if (parser.isSet(QStringLiteral("thousands"))) {
        if (!oneChar(parser.value(QStringLiteral("thousands")), QStringLiteral("thousands"), c,
                     error))
            return false;
        o.thousandsSeparator = c;
    }
    if (parser.isSet(QStringLiteral("encoding"))) {
        const QString e = parser.value(QStringLiteral("encoding")).toLower();
        if (e == QStringLiteral("auto"))
            o.encoding = core::TextEncoding::Auto;
        else if (e == QStringLiteral("utf8") || e == QStringLiteral("utf-8"))
            o.encoding = core::TextEncoding::Utf8;
        else if (e == QStringLiteral("latin1") || e == QStringLiteral("iso-8859-1"))
            o.encoding = core::TextEncoding::Latin1;
        else {
            error =
                QStringLiteral("--encoding: unknown encoding '%1' (auto, utf8 or latin1)").arg(e);
            return false;
        }
    }
    for (const QString &t : parser.values(QStringLiteral("type"))) {
        const auto eq = t.lastIndexOf(QLatin1Char('='));
        const auto kind = eq > 0 ? core::kindFromName(QStringView(t).mid(eq + 1)) : std::nullopt;
        if (!kind) {
            error =
                QStringLiteral("--type expects COLUMN=KIND with KIND one of numeric, categorical, "
                               "text, datetime, boolean; got '%1'")
                    .arg(t);
            return false;
        }
        o.columnKinds[t.left(eq)] = *kind;
    }
    if (parser.isSet(QStringLiteral("ragged"))) {
        const QString r = parser.value(QStringLiteral("ragged"));
        if (r == QStringLiteral("error"))
            o.ragged = core::RaggedRows::Error;
        else if (r == QStringLiteral("pad"))
            o.ragged = core::RaggedRows::Pad;
        else if (r == QStringLiteral("skip"))
            o.ragged = core::RaggedRows::Skip;
        else {
            error = QStringLiteral("--ragged: expected error, pad or skip; got '%1'").arg(r);
            return false;
        }
    }
    if (parser.isSet(QStringLiteral("comment"))) {
        if (!oneChar(parser.value(QStringLiteral("comment")), QStringLiteral("comment"), c, error))
            return false;
        o.comment = c;
    }
    if (parser.isSet(QStringLiteral("escape"))) {
        if (!oneChar(parser.value(QStringLiteral("escape")), QStringLiteral("escape"), c, error))
            return false;
        o.escape = c;
    }
    o.trimSpaces = parser.isSet(QStringLiteral("trim"));
    o.dayFirst = parser.isSet(QStringLiteral("day-first"));
    return true;
}

int parseCommand(QCommandLineParser &parser, const QStringList &args, const QString &usage)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        printErr(QStringLiteral("flowline-cli: %1\n%2").arg(parser.errorText(), usage));
        return ExitUsage;
    }
    if (parser.isSet(help)) {
        printOut(usage + QLatin1Char('\n') + parser.helpText().section(QLatin1Char('\n'), 2));
        return ExitOk;
    }
    return -1;
}

} // namespace flowline::app

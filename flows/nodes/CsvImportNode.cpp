#include "BuiltinNodes.h"
#include "NodeHelpers.h"

#include "io/CsvReader.h"
#include "jobs/JobContext.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace flowline::flows {

namespace {

core::Result<core::CsvOptions> optionsFrom(const QVariantMap &p)
{
    core::CsvOptions o;
    const QString delimiter = p.value(QStringLiteral("delimiter")).toString();
    if (delimiter == QStringLiteral("comma"))
        o.delimiter = ',';
    else if (delimiter == QStringLiteral("semicolon"))
        o.delimiter = ';';
    else if (delimiter == QStringLiteral("tab"))
        o.delimiter = '\t';
    else if (delimiter == QStringLiteral("pipe"))
        o.delimiter = '|';
    const QString header = p.value(QStringLiteral("header")).toString();
    o.header = header == QStringLiteral("yes")  ? core::HeaderMode::Yes
               : header == QStringLiteral("no") ? core::HeaderMode::No
                                                : core::HeaderMode::Auto;
    o.missingTokens.clear();
    if (p.value(QStringLiteral("empty_is_missing")).toBool())
        o.missingTokens << QString();
    for (const auto &t :
         p.value(QStringLiteral("missing")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        o.missingTokens << t.trimmed();
    o.decimalComma = p.value(QStringLiteral("decimal_comma")).toBool();
    const QString encoding = p.value(QStringLiteral("encoding")).toString();
    o.encoding = encoding == QStringLiteral("latin1") ? core::TextEncoding::Latin1
                 : encoding == QStringLiteral("utf8") ? core::TextEncoding::Utf8
                                                      : core::TextEncoding::Auto;
    const QString ragged = p.value(QStringLiteral("ragged")).toString();
    o.ragged = ragged == QStringLiteral("pad")    ? core::RaggedRows::Pad
               : ragged == QStringLiteral("skip") ? core::RaggedRows::Skip
                                                  : core::RaggedRows::Error;
    const QString types = p.value(QStringLiteral("column_types")).toString();
    for (const auto &entry : types.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto eq = entry.lastIndexOf(QLatin1Char('='));
        const auto kind =
            eq > 0 ? core::kindFromName(QStringView(entry).mid(eq + 1).trimmed()) : std::nullopt;
        if (!kind)
            return core::Error{QStringLiteral("parameter 'column_types': '%1' is not COLUMN=KIND "
                                              "(numeric, categorical, text, datetime, boolean)")
                                   .arg(entry.trimmed())};
        o.columnKinds[entry.left(eq).trimmed()] = *kind;
    }
    return o;
}

// Size, modification time, and a hash of the first, middle and last 64 KiB: cheap even for a
// huge file, and any edit that keeps size and time identical is very unlikely to miss all three.
QByteArray fileFingerprint(const NodeInputs &inputs)
{
    const QString path = resolvePath(inputs, QStringLiteral("file"));
    const QFileInfo info(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(path.toUtf8());
    hash.addData(QByteArray::number(info.size()));
    hash.addData(QByteArray::number(info.lastModified().toMSecsSinceEpoch()));
    QFile f(path);
    if (f.open(QIODevice::ReadOnly)) {
        constexpr qint64 kPiece = 64 << 10;
        const qint64 size = f.size();
        for (qint64 at : {qint64(0), std::max<qint64>(0, size / 2 - kPiece / 2),
                          std::max<qint64>(0, size - kPiece)}) {
            f.seek(at);
            hash.addData(f.read(kPiece));
        }
    }
    return hash.result();
}

} // namespace

NodeType csvImportNode()
{
    NodeType t;
    t.id = QStringLiteral("data.csv_import");
    t.displayName = QStringLiteral("CSV Import");
    t.category = QStringLiteral("Data");
    t.icon = QStringLiteral("file");
    t.keywords = {QStringLiteral("csv"),  QStringLiteral("tsv"),  QStringLiteral("file"),
                  QStringLiteral("read"), QStringLiteral("load"), QStringLiteral("open")};
    t.help = QStringLiteral("Reads a CSV or TSV file into a table. The delimiter, the header and "
                            "each column's kind are detected unless set here.");
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Table"), PortType::Table}};
    t.params = {
        ParamSpec{QStringLiteral("file"),
                  QStringLiteral("File"),
                  QStringLiteral(
                      "The CSV or TSV file; inside the flow's folder it is stored relative to it."),
                  ParamType::FilePath,
                  QString(),
                  {},
                  {},
                  {},
                  {},
                  QStringLiteral("CSV files (*.csv *.tsv *.txt)"),
                  true},
        ParamSpec{QStringLiteral("delimiter"),
                  QStringLiteral("Delimiter"),
                  QStringLiteral("auto (default) detects , ; tab or |."),
                  ParamType::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  {QStringLiteral("auto"), QStringLiteral("comma"), QStringLiteral("semicolon"),
                   QStringLiteral("tab"), QStringLiteral("pipe")}},
        ParamSpec{QStringLiteral("header"),
                  QStringLiteral("Header row"),
                  QStringLiteral("auto (default) detects whether the first row names the columns."),
                  ParamType::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  {QStringLiteral("auto"), QStringLiteral("yes"), QStringLiteral("no")}},
        ParamSpec{QStringLiteral("column_types"), QStringLiteral("Column kinds"),
                  QStringLiteral("Overrides, as COLUMN=KIND separated by commas; KIND is numeric, "
                                 "categorical, text, datetime or boolean. Default: none."),
                  ParamType::String, QString()},
        ParamSpec{QStringLiteral("missing"), QStringLiteral("Missing values"),
                  QStringLiteral("Tokens that mean a missing value, separated by commas. Default: "
                                 "NA,N/A,NaN,null,?"),
                  ParamType::String, QStringLiteral("NA,N/A,NaN,null,?")},
        ParamSpec{QStringLiteral("empty_is_missing"), QStringLiteral("Empty is missing"),
                  QStringLiteral("An empty field is a missing value (default: yes)."),
                  ParamType::Bool, true},
        ParamSpec{QStringLiteral("decimal_comma"), QStringLiteral("Decimal comma"),
                  QStringLiteral("Numbers are written 3,14 (default: no)."), ParamType::Bool,
                  false},
        ParamSpec{QStringLiteral("encoding"),
                  QStringLiteral("Encoding"),
                  QStringLiteral("auto (default): UTF-8, or UTF-16 by its byte-order mark."),
                  ParamType::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  {QStringLiteral("auto"), QStringLiteral("utf8"), QStringLiteral("latin1")}},
        ParamSpec{QStringLiteral("ragged"),
                  QStringLiteral("Rows of another length"),
                  QStringLiteral("error (default) stops at the first; pad fills with missing "
                                 "values; skip leaves them out."),
                  ParamType::Choice,
                  QStringLiteral("error"),
                  {},
                  {},
                  {QStringLiteral("error"), QStringLiteral("pad"), QStringLiteral("skip")}},
    };
    t.fingerprint = fileFingerprint;
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const QString path = resolvePath(in, QStringLiteral("file"));
        if (path.isEmpty())
            return core::Error{QStringLiteral("parameter 'file': no file chosen")};
        auto options = optionsFrom(in.params);
        if (!options)
            return options.error();
        auto read = core::CsvReader::readFile(path, *options, ctx);
        if (!read)
            return read.error();
        for (const auto &w : read->warnings)
            ctx.log(QStringLiteral("warning: ") + w);
        return tableOutput(std::move(read->table));
    };
    return t;
}

} // namespace flowline::flows

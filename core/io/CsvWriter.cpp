#include "CsvWriter.h"

#include "csv/ValueParsers.h"
#include "io/CsvOptions.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QSaveFile>

#include <charconv>
#include <cmath>

namespace flowline::core {

namespace {

class FieldWriter
{
public:
    FieldWriter(const CsvWriteOptions &options, QByteArray &out)
        : m_options(options)
        , m_out(out)
        , m_missing(CsvOptions::defaultMissingTokens())
        , m_missingText(options.missing.toUtf8())
    {}

    void missing() { m_out.append(m_missingText); }

    void number(double v)
    {
        if (std::isnan(v)) {
            missing();
            return;
        }
        char buf[64];
        const auto res = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, res.ptr - buf);
    }

    // Text is quoted when it would not read back as itself.
    void text(std::string_view s)
    {
        bool quote = s.empty() || m_missing.matches(s) || s.front() == ' ' || s.back() == ' ' ||
                     s.front() == '\t' || s.back() == '\t';
        for (char c : s) {
            if (c == m_options.delimiter || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            m_out.append(s.data(), static_cast<qsizetype>(s.size()));
            return;
        }
        m_out.append('"');
        for (char c : s) {
            if (c == '"')
                m_out.append('"');
            m_out.append(c);
        }
        m_out.append('"');
    }

    void raw(const QString &s) { m_out.append(s.toUtf8()); }

private:
    const CsvWriteOptions &m_options;
    QByteArray &m_out;
    csv::MissingTokens m_missing;
    QByteArray m_missingText;
};

} // namespace

QByteArray CsvWriter::toBytes(const Table &table, const CsvWriteOptions &options)
{
    QByteArray out;
    FieldWriter w(options, out);
    const char *eol = options.crlf ? "\r\n" : "\n";
    const int columns = table.columnCount();
    if (options.header) {
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                out.append(options.delimiter);
            w.text(table.columnName(c).toStdString());
        }
        out.append(eol);
    }
    for (std::int64_t r = 0; r < table.rowCount(); ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                out.append(options.delimiter);
            const Column &col = *table.column(c);
            if (col.isMissing(r)) {
                w.missing();
                continue;
            }
            switch (col.kind()) {
            case ColumnKind::Numeric:
                w.number(static_cast<const NumericColumn &>(col).value(r));
                break;
            case ColumnKind::Categorical: {
                const auto &cat = static_cast<const CategoricalColumn &>(col);
                w.text(cat.category(cat.code(r)));
                break;
            }
            case ColumnKind::Text:
                w.text(static_cast<const TextColumn &>(col).value(r));
                break;
            case ColumnKind::Datetime:
            case ColumnKind::Boolean:
                w.raw(col.displayValue(r));
                break;
            }
        }
        out.append(eol);
    }
    return out;
}

Result<bool> CsvWriter::writeFile(const QString &path, const Table &table,
                                  const CsvWriteOptions &options)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write the file: %1").arg(file.errorString()), path};
    const QByteArray bytes = toBytes(table, options);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error{QStringLiteral("cannot write the file: %1").arg(file.errorString()), path};
    return true;
}

} // namespace flowline::core

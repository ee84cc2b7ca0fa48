#pragma once

#include "CsvOptions.h"
#include "table/Table.h"
#include "util/Error.h"

#include <QByteArray>

namespace flowline::core {

class JobContext;

struct CsvReadResult
{
    Table table;
    QStringList warnings;  // "FILE:LINE: ..." notes that did not stop the import
    char delimiter = ',';  // as used (given or sniffed)
    bool hasHeader = true; // as used (given or sniffed)
    QString encoding;      // "UTF-8", "UTF-16LE", "ISO-8859-1", ...
};

// Reads delimited text into a Table. Parsing runs in parallel on the job's pool, reports
// progress in bytes and stops when the job is canceled (returning an Error "canceled").
// Every problem with the input is an Error "FILE:LINE:COL: message"; nothing is thrown.
class CsvReader
{
public:
    static Result<CsvReadResult> readFile(const QString &path, const CsvOptions &options,
                                          JobContext &ctx);
    static Result<CsvReadResult> readFile(const QString &path, const CsvOptions &options = {});
    // The same, from bytes in memory; sourceName stands for the file in messages.
    static Result<CsvReadResult> readBytes(const QByteArray &bytes, const CsvOptions &options,
                                           JobContext &ctx,
                                           const QString &sourceName = QStringLiteral("<memory>"));
    static Result<CsvReadResult> readBytes(const QByteArray &bytes, const CsvOptions &options = {});
};

} // namespace flowline::core

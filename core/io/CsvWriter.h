#pragma once

#include "table/Table.h"
#include "util/Error.h"

#include <QByteArray>

namespace flowline::core {

class JobContext;

struct CsvWriteOptions
{
    char delimiter = ',';
    bool header = true;
    QString missing;   // how a missing value is written (empty by default)
    bool crlf = false; // line ends: "\r\n" instead of "\n"
};

// Writes a Table as RFC 4180 text that CsvReader reads back to the same Table. Text and
// categories are quoted when they hold the delimiter, a quote, a line break or surrounding
// spaces, or when they are empty or equal a missing token (a quoted field is never missing).
// Numbers are written in their shortest exact form. Saving is atomic (QSaveFile).
class CsvWriter
{
public:
    static QByteArray toBytes(const Table &table, const CsvWriteOptions &options = {});
    static Result<bool> writeFile(const QString &path, const Table &table,
                                  const CsvWriteOptions &options = {});
};

} // namespace flowline::core

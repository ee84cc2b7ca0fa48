#include "CsvReader.h"

#include "csv/ByteSource.h"
#include "csv/CsvImport.h"
#include "jobs/JobContext.h"

#include <QFileInfo>

namespace flowline::core {

Result<CsvReadResult> CsvReader::readFile(const QString &path, const CsvOptions &options,
                                          JobContext &ctx)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QStringLiteral("no such file"), path};
    if (!info.isFile())
        return Error{QStringLiteral("not a regular file"), path};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot open the file: %1").arg(file.errorString()), path};
    csv::FileSource source(file);
    return csv::CsvImport(source, path, options, ctx).run();
}

Result<CsvReadResult> CsvReader::readFile(const QString &path, const CsvOptions &options)
{
    JobContext ctx;
    return readFile(path, options, ctx);
}

Result<CsvReadResult> CsvReader::readBytes(const QByteArray &bytes, const CsvOptions &options,
                                           JobContext &ctx, const QString &sourceName)
{
    csv::MemorySource source(bytes);
    return csv::CsvImport(source, sourceName, options, ctx).run();
}

Result<CsvReadResult> CsvReader::readBytes(const QByteArray &bytes, const CsvOptions &options)
{
    JobContext ctx;
    return readBytes(bytes, options, ctx);
}

} // namespace flowline::core

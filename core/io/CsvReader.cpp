#include "CsvReader.h"

#include "csv/ByteSource.h"
#include "csv/CsvImport.h"
#include "jobs/JobContext.h"

#include <QFileInfo>

#include <exception>
#include <functional>

namespace flowline::core {

namespace {

// The reader never throws: a bug inside it becomes an error, not a crash of the studio.
Result<CsvReadResult> guarded(const QString &source,
                              const std::function<Result<CsvReadResult>()> &read)
{
    try {
        return read();
    } catch (const std::exception &e) {
        return Error{
            QStringLiteral("internal error while reading: %1").arg(QString::fromUtf8(e.what())),
            source};
    } catch (...) {
        return Error{QStringLiteral("internal error while reading"), source};
    }
}

} // namespace

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
    return guarded(path, [&] { return csv::CsvImport(source, path, options, ctx).run(); });
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
    return guarded(sourceName,
                   [&] { return csv::CsvImport(source, sourceName, options, ctx).run(); });
}

Result<CsvReadResult> CsvReader::readBytes(const QByteArray &bytes, const CsvOptions &options)
{
    JobContext ctx;
    return readBytes(bytes, options, ctx);
}

} // namespace flowline::core

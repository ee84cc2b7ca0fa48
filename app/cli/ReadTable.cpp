#include "ReadTable.h"

#include "CliCommon.h"
#include "jobs/JobContext.h"

namespace flowline::app {

std::optional<core::CsvReadResult> readTableForCli(const QString &file,
                                                   const core::CsvOptions &options)
{
    core::JobContext ctx;
    auto result = core::CsvReader::readFile(file, options, ctx);
    if (!result.ok()) {
        printErr(result.error().toString());
        return std::nullopt;
    }
    for (const auto &w : result->warnings)
        printErr(QStringLiteral("warning: ") + w);
    return std::move(result.value());
}

} // namespace flowline::app

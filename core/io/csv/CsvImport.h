#pragma once

#include "ByteSource.h"
#include "ChunkParser.h"
#include "ColumnAccumulator.h"
#include "io/CsvReader.h"

#include <memory>
#include <optional>

namespace flowline::core::csv {

// One import: decodes, sniffs, splits the bytes into chunks at record boundaries, parses the
// chunks in parallel and gathers the columns. See docs/ARCHITECTURE.md, "CSV import".
class CsvImport
{
public:
    CsvImport(const ByteSource &source, QString name, const CsvOptions &options, JobContext &ctx);
    Result<CsvReadResult> run();

private:
    struct Range
    {
        std::int64_t begin = 0;
        std::int64_t end = 0;
        std::int64_t line = 1; // line number of the first byte
    };

    bool decode();
    bool readHeader();
    bool checkMemory();
    bool checkBytes(const char *data, std::size_t size, std::int64_t offset, std::int64_t line);
    bool planChunks(std::vector<Range> &ranges);
    bool parseParallel(std::size_t firstRange, std::vector<Range> &ranges, bool &fallback,
                       Range &resumeAt);
    bool parseSequential(Range start);
    bool parseRanges(const std::vector<Range> &ranges, const std::vector<bool> &wanted,
                     bool rebuild, bool &fallback, Range &resumeAt);
    bool readRange(const Range &range, ChunkOutput &out);
    bool accumulate(ChunkOutput &out, const Range &range, bool rebuild);
    bool rebuildColumns();
    bool report(const ChunkOutput &out, const Range &range);
    bool fail(QString message, std::int64_t line = 0, std::int64_t column = 0);
    bool failAt(const char *buffer, std::size_t offset, const Range &range, QString message);
    bool canceled();
    void progress(std::int64_t bytesDone, const QString &what);

    const ByteSource *m_source;
    std::unique_ptr<MemorySource> m_decoded;
    QString m_name;
    CsvOptions m_options;
    JobContext &m_ctx;
    std::optional<Error> m_error;

    QString m_encoding = QStringLiteral("UTF-8");
    std::int64_t m_begin = 0;     // after the BOM
    std::int64_t m_dataStart = 0; // after the header
    std::int64_t m_dataLine = 1;  // line number at m_dataStart
    Dialect m_dialect;
    bool m_hasHeader = true;
    QStringList m_names;
    QStringList m_warnings;
    std::unique_ptr<ChunkParser> m_parser;
    std::vector<ColumnTarget> m_targets;
    std::vector<ColumnAccumulator> m_columns;
    std::vector<bool> m_needRebuild; // columns to read again (their kind widened)
    std::vector<bool> m_again;       // ... again after this rebuild pass
    std::vector<Range> m_done;       // ranges parsed so far, in order
    std::int64_t m_rows = 0;
    std::int64_t m_padded = 0, m_dropped = 0, m_skipped = 0;
    std::int64_t m_firstRaggedLine = 0;
    std::int64_t m_estimatedRows = 0;
};

} // namespace flowline::core::csv

// libFuzzer target: bytes -> CsvReader::readBytes. The first byte picks the options (sniffed or
// given delimiter, header mode, escape, comment, ragged rows, encoding, number formats, a row
// limit) and, with small chunks and two threads, the parallel path; the rest is the file.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "table/Table.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace flowline::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t pick = data[0];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    CsvOptions options;
    if (pick & 0x01)
        options.chunkBytes = 1024; // the smallest chunk: a few KiB already run in parallel
    if (pick & 0x02)
        options.delimiter = (pick & 0x40) ? ';' : ',';
    if (pick & 0x04)
        options.header = (pick & 0x80) ? HeaderMode::Yes : HeaderMode::No;
    if (pick & 0x08) {
        options.escape = '\\';
        options.comment = '#';
    }
    if (pick & 0x10)
        options.ragged = (pick & 0x80) ? RaggedRows::Skip : RaggedRows::Pad;
    if (pick & 0x20) {
        options.encoding = TextEncoding::Latin1;
        options.trimSpaces = true;
        options.dayFirst = true;
    }
    if ((pick & 0x42) == 0x40) {
        options.decimalComma = true;
        options.delimiter = ';';
        options.thousandsSeparator = '.';
    }
    if ((pick & 0x81) == 0x81)
        options.maxRows = 3;
    if ((pick & 0x30) == 0x30)
        options.maxCategories = 2;

    JobContext ctx;
    ctx.setThreads(2);
    const auto result = CsvReader::readBytes(bytes, options, ctx);
    if (!result)
        return 0;
    // Every cell of what was read must be readable (dictionary codes, offsets, sizes).
    const Table &table = result->table;
    for (const ColumnPtr &column : table.columns()) {
        if (column->size() != table.rowCount())
            __builtin_trap();
        for (std::int64_t row = 0; row < table.rowCount(); ++row)
            (void)column->displayValue(row);
    }
    return 0;
}

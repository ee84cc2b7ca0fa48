#include "CsvImport.h"

#include <QFile>

#include "ByteChecks.h"
#include "Sniffer.h"
#include "jobs/JobContext.h"
#include "jobs/Parallel.h"
#include "util/Memory.h"

#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <cstring>
#include <limits>

namespace flowline::core::csv {

namespace {

constexpr std::int64_t kSampleBytes = 1 << 20;
constexpr std::int64_t kWindowBytes = 64 << 10;

QString fieldName(const Tokens &tokens, const char *buffer, std::uint32_t index)
{
    const auto text = tokens.text(buffer, tokens.field(0, index));
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

CsvImport::CsvImport(const ByteSource &source, QString name, const CsvOptions &options,
                     JobContext &ctx)
    : m_source(&source)
    , m_name(std::move(name))
    , m_options(options)
    , m_ctx(ctx)
{
    m_dialect.quote = options.quote;
    m_dialect.escape = options.escape ? static_cast<unsigned char>(*options.escape) : -1;
    m_dialect.comment = options.comment ? static_cast<unsigned char>(*options.comment) : -1;
    m_dialect.skipBlankLines = options.skipBlankLines;
    m_dialect.trimSpaces = options.trimSpaces;
    m_dialect.maxFieldBytes = std::max<std::int64_t>(1, options.maxFieldBytes);
}

bool CsvImport::fail(QString message, std::int64_t line, std::int64_t column)
{
    m_error = Error{std::move(message), m_name, line, column};
    return false;
}

bool CsvImport::failAt(const char *buffer, std::size_t offset, const Range &range, QString message)
{
    std::int64_t lineEnds = 0;
    const auto column = columnAt(buffer, 0, offset, &lineEnds);
    return fail(std::move(message), range.line + lineEnds, column);
}

bool CsvImport::canceled()
{
    if (!m_ctx.isCanceled())
        return false;
    m_error = Error{QStringLiteral("canceled"), m_name};
    return true;
}

void CsvImport::progress(std::int64_t bytesDone, const QString &what)
{
    const auto total = std::max<std::int64_t>(1, m_source->size() - m_dataStart);
    m_ctx.setProgress(static_cast<double>(bytesDone) / static_cast<double>(total), what);
}

bool CsvImport::decode()
{
    const auto size = m_source->size();
    unsigned char head[4] = {0, 0, 0, 0};
    const auto headSize = static_cast<std::size_t>(std::min<std::int64_t>(4, size));
    if (!m_source->read(0, headSize, reinterpret_cast<char *>(head)))
        return fail(QStringLiteral("cannot read the file"));
    auto starts = [&](std::initializer_list<unsigned char> bom) {
        if (bom.size() > headSize)
            return false;
        return std::equal(bom.begin(), bom.end(), head);
    };
    if (starts({0xFF, 0xFE, 0x00, 0x00}) || starts({0x00, 0x00, 0xFE, 0xFF}))
        return fail(QStringLiteral("UTF-32 text is not supported: save the file as UTF-8"), 1, 1);

    auto readAll = [&](std::int64_t from, QByteArray &out) {
        out.resize(static_cast<qsizetype>(size - from));
        return m_source->read(from, static_cast<std::size_t>(size - from), out.data());
    };
    const bool le = starts({0xFF, 0xFE});
    if (le || starts({0xFE, 0xFF})) {
        QByteArray raw;
        if (!readAll(2, raw))
            return fail(QStringLiteral("cannot read the file"));
        QStringDecoder decoder(le ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE);
        const QString text = decoder(raw);
        if (decoder.hasError() || raw.size() % 2 != 0)
            return fail(QStringLiteral("invalid UTF-16 text (the file starts with a UTF-16 "
                                       "byte-order mark)"));
        m_decoded = std::make_unique<MemorySource>(text.toUtf8());
        m_source = m_decoded.get();
        m_encoding = le ? QStringLiteral("UTF-16LE") : QStringLiteral("UTF-16BE");
        return true;
    }
    if (starts({0xEF, 0xBB, 0xBF})) {
        m_begin = 3;
        m_encoding = QStringLiteral("UTF-8 (BOM)");
    }
    if (m_options.encoding == TextEncoding::Latin1) {
        QByteArray raw;
        if (!readAll(m_begin, raw))
            return fail(QStringLiteral("cannot read the file"));
        m_decoded = std::make_unique<MemorySource>(QString::fromLatin1(raw).toUtf8());
        m_source = m_decoded.get();
        m_begin = 0;
        m_encoding = QStringLiteral("ISO-8859-1");
    }
    return true;
}

bool CsvImport::checkBytes(const char *data, std::size_t size, std::int64_t offset,
                           std::int64_t line)
{
    const auto counts = countBytes(data, size, 0, m_dialect.quote, false);
    std::int64_t at = -1;
    QString message;
    if (counts.firstNul >= 0 &&
        (counts.firstInvalid < 0 || counts.firstNul < counts.firstInvalid)) {
        at = counts.firstNul;
        message = QStringLiteral("NUL byte: this does not look like a text file (UTF-16 without "
                                 "a byte-order mark, or binary data)");
    } else if (counts.firstInvalid >= 0) {
        at = counts.firstInvalid;
        const QString hex =
            QStringLiteral("%1").arg(static_cast<unsigned char>(data[at]), 2, 16, QLatin1Char('0'));
        message = QStringLiteral("invalid UTF-8 (byte 0x%1); if the file is Latin-1, read it "
                                 "with that encoding")
                      .arg(hex.toUpper());
    }
    if (at < 0)
        return true;
    return failAt(data, static_cast<std::size_t>(at),
                  Range{offset, offset + static_cast<std::int64_t>(size), line}, message);
}

bool CsvImport::readHeader()
{
    const auto size = m_source->size();
    if (size - m_begin <= 0)
        return fail(QStringLiteral("the file is empty: expected a header or a first row"), 1, 1);

    std::int64_t sample = std::min<std::int64_t>(size - m_begin, kSampleBytes);
    std::vector<char> buffer;
    Tokens tokens;
    TokenizeResult r;
    for (;;) {
        buffer.assign(static_cast<std::size_t>(sample) + 1, '\n');
        if (!m_source->read(m_begin, static_cast<std::size_t>(sample), buffer.data()))
            return fail(QStringLiteral("cannot read the file"));
        const bool atEnd = m_begin + sample == size;
        m_dialect.delimiter = m_options.delimiter
                                  ? *m_options.delimiter
                                  : sniffDelimiter(buffer.data(), static_cast<std::size_t>(sample),
                                                   atEnd, m_dialect, m_options.decimalComma);
        tokens.clear();
        r = tokenize(buffer.data(), static_cast<std::size_t>(sample),
                     static_cast<std::size_t>(sample), atEnd, m_dialect, tokens, 200);
        if (r.status == TokenizeStatus::Error) {
            if (!checkBytes(buffer.data(), r.errorOffset, m_begin, 1))
                return false;
            return failAt(buffer.data(), r.errorOffset, Range{m_begin, size, 1}, r.errorMessage);
        }
        if (tokens.records() > 0)
            break;
        if (atEnd)
            return fail(QStringLiteral("no data: the file holds only blank or comment lines"), 1,
                        1);
        if (sample >= 2 * m_dialect.maxFieldBytes + kSampleBytes)
            return fail(QStringLiteral("the first record is longer than %1 bytes; is a quote "
                                       "left open?")
                            .arg(sample),
                        1, 1);
        sample = std::min<std::int64_t>(size - m_begin, sample * 4);
    }

    const MissingTokens missing(m_options.missingTokens);
    const NumberSyntax numbers{m_options.decimalComma, m_options.thousandsSeparator.value_or(0)};
    switch (m_options.header) {
    case HeaderMode::Yes:
        m_hasHeader = true;
        break;
    case HeaderMode::No:
        m_hasHeader = false;
        break;
    case HeaderMode::Auto:
        m_hasHeader = sniffHeader(buffer.data(), tokens, missing, numbers, m_options.dayFirst);
        break;
    }

    const auto columns = tokens.fieldCount(0);
    if (columns > static_cast<std::uint32_t>(m_options.maxColumns))
        return fail(QStringLiteral("the first row has %1 fields; the limit is %2 columns")
                        .arg(columns)
                        .arg(m_options.maxColumns),
                    1 + tokens.recordLine[0], 1);
    if (!m_hasHeader) {
        for (std::uint32_t c = 0; c < columns; ++c)
            m_names << QStringLiteral("column_%1").arg(c + 1);
        m_dataStart = m_begin;
        m_dataLine = 1;
        return true;
    }

    const std::size_t headerEnd = tokens.records() > 1 ? tokens.recordOffset[1] : r.consumed;
    if (!checkBytes(buffer.data(), headerEnd, m_begin, 1))
        return false;
    m_dataStart = m_begin + static_cast<std::int64_t>(headerEnd);
    m_dataLine = 1 + (tokens.records() > 1 ? tokens.recordLine[1] : r.lines);
    const std::int64_t headerLine = 1 + tokens.recordLine[0];
    QSet<QString> taken;
    for (std::uint32_t c = 0; c < columns; ++c) {
        QString name = fieldName(tokens, buffer.data(), c);
        if (name.trimmed().isEmpty()) {
            name = QStringLiteral("column_%1").arg(c + 1);
            m_warnings << QStringLiteral("%1:%2: column %3 has no name; it is called '%4'")
                              .arg(m_name)
                              .arg(headerLine)
                              .arg(c + 1)
                              .arg(name);
        }
        if (taken.contains(name)) {
            QString unique;
            for (int n = 2;; ++n) {
                unique = QStringLiteral("%1_%2").arg(name).arg(n);
                if (!taken.contains(unique))
                    break;
            }
            m_warnings << QStringLiteral(
                              "%1:%2: column %3 repeats the name '%4'; it is called '%5'")
                              .arg(m_name)
                              .arg(headerLine)
                              .arg(c + 1)
                              .arg(name, unique);
            name = unique;
        }
        taken.insert(name);
        m_names << name;
    }
    return true;
}

bool CsvImport::readRange(const Range &range, ChunkOutput &out)
{
    const auto size = static_cast<std::size_t>(range.end - range.begin);
    out.buffer.resize(size + 1);
    out.buffer[size] = '\n';
    out.size = size;
    return m_source->read(range.begin, size, out.buffer.data());
}

bool CsvImport::planChunks(std::vector<Range> &ranges)
{
    const auto size = m_source->size();
    const auto chunk = std::max<std::int64_t>(1024, m_options.chunkBytes);
    const auto total = size - m_dataStart;
    const auto count = (total + chunk - 1) / chunk;
    std::vector<ByteCounts> counts(static_cast<std::size_t>(count));
    std::vector<char> readOk(static_cast<std::size_t>(count), 1);
    parallelFor(m_ctx, count, [&](std::int64_t k) {
        const auto begin = m_dataStart + k * chunk;
        const auto end = std::min(size, begin + chunk);
        const auto lookahead = static_cast<std::size_t>(std::min<std::int64_t>(3, size - end));
        // One scratch buffer per thread, reused: no fresh pages for every chunk.
        thread_local std::vector<char> buffer;
        buffer.resize(static_cast<std::size_t>(end - begin) + lookahead + 1);
        if (!m_source->read(begin, buffer.size() - 1, buffer.data())) {
            readOk[static_cast<std::size_t>(k)] = 0;
            return;
        }
        counts[static_cast<std::size_t>(k)] =
            countBytes(buffer.data(), static_cast<std::size_t>(end - begin), lookahead,
                       m_dialect.quote, k > 0);
    });
    if (canceled())
        return false;

    std::int64_t linesBefore = 0;
    for (std::int64_t k = 0; k < count; ++k) {
        const auto &c = counts[static_cast<std::size_t>(k)];
        if (!readOk[static_cast<std::size_t>(k)])
            return fail(QStringLiteral("cannot read the file"));
        if (c.firstNul >= 0 || c.firstInvalid >= 0) {
            // Locate it precisely with the same check on the bytes up to the problem.
            const auto begin = m_dataStart + k * chunk;
            const auto at = std::min(c.firstNul < 0 ? c.firstInvalid : c.firstNul,
                                     c.firstInvalid < 0 ? c.firstNul : c.firstInvalid);
            std::vector<char> buffer(static_cast<std::size_t>(std::min(size - begin, at + 4)) + 1);
            if (!m_source->read(begin, buffer.size() - 1, buffer.data()))
                return fail(QStringLiteral("cannot read the file"));
            return checkBytes(buffer.data(), buffer.size() - 1, begin, m_dataLine + linesBefore);
        }
        linesBefore += c.lineEnds;
    }
    m_estimatedRows = linesBefore + 1;

    // Record boundaries: the first line end after each nominal chunk start that lies outside
    // quotes, by the parity of the quotes before it. Checked while parsing: each chunk must end
    // exactly where the next begins, else parsing goes on sequentially from there.
    ranges.clear();
    ranges.push_back(Range{m_dataStart, size, m_dataLine});
    bool inQuote = false;
    std::int64_t lines = m_dataLine;
    std::vector<char> window(static_cast<std::size_t>(kWindowBytes) + 1);
    for (std::int64_t k = 1; k < count; ++k) {
        const auto &prev = counts[static_cast<std::size_t>(k - 1)];
        inQuote = inQuote != ((prev.quotes & 1) != 0);
        lines += prev.lineEnds;
        const auto begin = m_dataStart + k * chunk;
        const auto end = std::min(size, begin + chunk);
        std::int64_t boundary = -1;
        std::int64_t lineEnds = 0;
        bool quoted = inQuote;
        for (std::int64_t w = begin; w < end && boundary < 0; w += kWindowBytes) {
            const auto n = std::min(kWindowBytes, end - w);
            const auto readable = std::min<std::int64_t>(n + 1, size - w);
            if (!m_source->read(w, static_cast<std::size_t>(readable), window.data()))
                return fail(QStringLiteral("cannot read the file"));
            if (readable == n)
                window[static_cast<std::size_t>(n)] = 0;
            for (std::int64_t i = 0; i < n; ++i) {
                const char ch = window[static_cast<std::size_t>(i)];
                if (ch == m_dialect.quote) {
                    quoted = !quoted;
                    continue;
                }
                const bool lineEnd =
                    ch == '\n' || (ch == '\r' && window[static_cast<std::size_t>(i) + 1] != '\n');
                if (!lineEnd)
                    continue;
                ++lineEnds;
                if (!quoted) {
                    boundary = w + i + 1;
                    break;
                }
            }
        }
        if (boundary < 0 || boundary >= size)
            continue; // one record spans this chunk: it joins the previous range
        ranges.back().end = boundary;
        ranges.push_back(Range{boundary, size, lines + lineEnds});
    }
    return true;
}

bool CsvImport::report(const ChunkOutput &out, const Range &range)
{
    const auto &p = *out.problem;
    const auto recordOffset = out.tokens.recordOffset[p.record];
    const auto offset =
        fieldOffset(out.buffer.data(), out.size, recordOffset,
                    p.atRecordEnd ? std::numeric_limits<std::uint32_t>::max() : p.field, m_dialect);
    return failAt(out.buffer.data(), offset, range, p.message);
}

bool CsvImport::accumulate(ChunkOutput &out, const Range &range, bool rebuild)
{
    const auto columns = static_cast<std::size_t>(m_names.size());
    // Columns are independent: append them in parallel. Each task touches only its own
    // column, target and conflict slot; the flags (vector<bool>) are updated afterwards.
    std::vector<char> conflict(columns, 0);
    std::vector<ColumnTarget> widened(columns);
    std::vector<DateLayout> conflictLayout(columns, DateLayout::None);
    std::vector<DateLayout> columnLayout(columns, DateLayout::None);
    const auto appendColumn = [&](std::int64_t index) {
        const auto ci = static_cast<std::size_t>(index);
        if (m_needRebuild[ci] != rebuild || (rebuild && m_again[ci]))
            return;
        auto &column = m_columns[ci];
        ColumnPiece &piece = out.pieces[ci];
        const auto pieceKind = piece.kind;
        const auto pieceLayout = piece.layout;
        auto fit = column.append(piece);
        if (fit == ColumnAccumulator::Fit::NeedString) {
            std::optional<ChunkProblem> problem;
            m_parser->convertInto(out, static_cast<int>(index), ColumnTarget{PieceKind::String},
                                  problem, piece);
            fit = column.append(piece);
        }
        if (fit == ColumnAccumulator::Fit::Conflict) {
            ColumnPiece probe;
            probe.kind = pieceKind;
            probe.layout = pieceLayout;
            widened[ci] = ColumnAccumulator::widen(column.kind(), column.layout(), probe);
            conflictLayout[ci] = pieceLayout;
            columnLayout[ci] = column.layout();
            conflict[ci] = 1;
            return;
        }
        if (column.kind() == PieceKind::String)
            m_targets[ci] = ColumnTarget{PieceKind::String};
    };
    if (columns > 1 && out.rows.size() >= 512) {
        parallelFor(m_ctx, static_cast<std::int64_t>(columns), appendColumn);
        if (canceled())
            return false;
    } else {
        for (std::size_t c = 0; c < columns; ++c)
            appendColumn(static_cast<std::int64_t>(c));
    }
    for (std::size_t ci = 0; ci < columns; ++ci) {
        if (!conflict[ci])
            continue;
        auto target = widened[ci];
        if (m_targets[ci].strict) {
            if (rebuild || target.kind != PieceKind::Datetime)
                return fail(QStringLiteral("column '%1' mixes date layouts %2 and %3")
                                .arg(m_names[static_cast<qsizetype>(ci)],
                                     QLatin1String(dateLayoutName(columnLayout[ci])),
                                     QLatin1String(dateLayoutName(conflictLayout[ci]))));
            target.strict = true;
        }
        m_targets[ci] = target;
        m_columns[ci].reset();
        if (rebuild)
            m_again[ci] = true;
        else
            m_needRebuild[ci] = true;
    }
    if (!rebuild) {
        m_rows += static_cast<std::int64_t>(out.rows.size());
        const auto ragged = out.paddedRows + out.droppedFieldRows + out.skippedRows;
        if (ragged > 0 && m_firstRaggedLine == 0)
            m_firstRaggedLine = range.line + out.tokens.recordLine[out.firstRaggedRecord];
        m_padded += out.paddedRows;
        m_dropped += out.droppedFieldRows;
        m_skipped += out.skippedRows;
    }
    return true;
}

bool CsvImport::parseRanges(const std::vector<Range> &ranges, const std::vector<bool> &wanted,
                            bool rebuild, bool &fallback, Range &resumeAt)
{
    const auto wave = static_cast<std::size_t>(std::max(2, 2 * m_ctx.threads()));
    const std::int64_t maxRange = 2 * m_dialect.maxFieldBytes + 2 * m_options.chunkBytes;
    const std::int64_t total = std::max<std::int64_t>(1, m_source->size() - m_dataStart);
    // One output per slot of a wave, reused from wave to wave: no fresh pages per chunk.
    std::vector<ChunkOutput> outs(std::min(wave, ranges.size()));
    for (std::size_t w = 0; w < ranges.size(); w += wave) {
        const auto n = std::min(wave, ranges.size() - w);
        std::vector<char> readOk(n, 1);
        const auto targets = m_targets;
        std::vector<bool> want = wanted;
        for (std::size_t c = 0; c < want.size(); ++c)
            want[c] = want[c] && !(rebuild ? m_again[c] : m_needRebuild[c]);
        parallelFor(m_ctx, static_cast<std::int64_t>(n), [&](std::int64_t i) {
            const auto &range = ranges[w + static_cast<std::size_t>(i)];
            if (!rebuild && range.end - range.begin > maxRange)
                return; // checked below: parsed sequentially, with bounded buffers
            auto &out = outs[static_cast<std::size_t>(i)];
            if (!readRange(range, out)) {
                readOk[static_cast<std::size_t>(i)] = 0;
                return;
            }
            m_parser->parse(out, true, targets, want);
        });
        if (canceled())
            return false;
        for (std::size_t i = 0; i < n; ++i) {
            const auto &range = ranges[w + i];
            auto &out = outs[i];
            if (!rebuild && range.end - range.begin > maxRange) {
                fallback = true;
                resumeAt = range;
                return true;
            }
            if (!readOk[i])
                return fail(QStringLiteral("cannot read the file"));
            if (!rebuild && (out.tokenized.status != TokenizeStatus::Ok ||
                             out.tokenized.consumed != out.size)) {
                fallback = true;
                resumeAt = range;
                return true;
            }
            if (out.problem)
                return report(out, range);
            if (!rebuild)
                m_done.push_back(range);
            if (!accumulate(out, range, rebuild))
                return false;
        }
        const auto done = ranges[w + n - 1].end - m_dataStart;
        m_ctx.setProgress((rebuild ? 0.9 : 0.05) + (rebuild ? 0.1 : 0.85) * done / total,
                          rebuild ? QStringLiteral("Re-reading mixed columns")
                                  : QStringLiteral("Reading %1").arg(m_name));
    }
    return true;
}

bool CsvImport::parseSequential(Range start)
{
    const auto size = m_source->size();
    const std::int64_t base = std::max<std::int64_t>(1024, m_options.chunkBytes);
    const std::int64_t limit = 2 * m_dialect.maxFieldBytes + base;
    std::int64_t chunk = base;
    std::int64_t pos = start.begin;
    std::int64_t line = start.line;
    const std::int64_t maxRows = m_options.maxRows;
    std::vector<bool> wanted(static_cast<std::size_t>(m_names.size()), true);
    ChunkOutput out;
    while (pos < size) {
        if (canceled())
            return false;
        const auto len = std::min(chunk, size - pos);
        const bool atEnd = pos + len == size;
        const Range range{pos, pos + len, line};
        if (!readRange(range, out))
            return fail(QStringLiteral("cannot read the file"));
        for (std::size_t c = 0; c < wanted.size(); ++c)
            wanted[c] = !m_needRebuild[c];
        m_parser->parse(out, atEnd, m_targets, wanted, maxRows < 0 ? -1 : maxRows - m_rows);
        const auto &t = out.tokenized;
        if (t.status == TokenizeStatus::Error) {
            if (!checkBytes(out.buffer.data(), t.errorOffset, pos, line))
                return false;
            return failAt(out.buffer.data(), t.errorOffset, range, t.errorMessage);
        }
        if (t.consumed == 0 && !atEnd) {
            if (chunk >= limit)
                return fail(
                    QStringLiteral("a record is longer than %1 bytes; is a quote left open?")
                        .arg(chunk),
                    line, 1);
            chunk *= 2;
            continue;
        }
        if (!checkBytes(out.buffer.data(), t.consumed, pos, line))
            return false;
        if (out.problem)
            return report(out, range);
        // When maxRows stopped the rows, the range ends before the first record not taken, so
        // that reading it again (rebuildColumns) gives the same rows.
        std::size_t consumed = t.consumed;
        const auto taken = static_cast<std::int64_t>(out.rows.size());
        if (maxRows >= 0 && taken >= maxRows - m_rows) {
            const std::size_t next = out.rows.empty() ? 0 : out.rows.back() + 1;
            if (next < out.tokens.records())
                consumed = out.tokens.recordOffset[next];
        }
        const Range done{pos, pos + static_cast<std::int64_t>(consumed), line};
        m_done.push_back(done);
        if (!accumulate(out, done, false))
            return false;
        pos = done.end;
        line += t.lines;
        chunk = base;
        if (maxRows >= 0 && m_rows >= maxRows)
            break;
        progress(pos - m_dataStart, QStringLiteral("Reading %1").arg(m_name));
    }
    return true;
}

bool CsvImport::rebuildColumns()
{
    for (int pass = 0; pass < 3; ++pass) {
        if (std::none_of(m_needRebuild.begin(), m_needRebuild.end(), [](bool b) { return b; }))
            return true;
        m_again.assign(m_needRebuild.size(), false);
        for (std::size_t c = 0; c < m_needRebuild.size(); ++c) {
            if (m_needRebuild[c]) {
                m_columns[c].reset();
                m_columns[c].reserve(m_rows);
            }
        }
        bool fallback = false;
        Range resume;
        if (!parseRanges(m_done, m_needRebuild, true, fallback, resume))
            return false;
        m_needRebuild = m_again;
    }
    return fail(QStringLiteral("internal error: column kinds did not settle"));
}

bool CsvImport::checkMemory()
{
    const std::int64_t limit =
        m_options.memoryLimitBytes < 0 ? availableMemory() : m_options.memoryLimitBytes;
    const std::int64_t dataBytes = m_source->size() - m_dataStart;
    if (limit <= 0 || dataBytes <= 0 || m_names.isEmpty())
        return true;
    // Rows from the size and the first MiB's line length. Short fields (12 bytes or fewer on
    // average) are numbers, dates or categories: 8 bytes a cell at most; longer ones may be text:
    // their bytes plus 9 (offset and validity).
    const std::int64_t sample = std::min<std::int64_t>(dataBytes, std::int64_t(1) << 20);
    std::vector<char> buffer(static_cast<std::size_t>(sample));
    if (!m_source->read(m_dataStart, sample, buffer.data()))
        return true; // the parse will say what is wrong with reading
    const auto lines = std::max<std::int64_t>(1, std::count(buffer.begin(), buffer.end(), '\n'));
    const double bytesPerRow = double(sample) / double(lines);
    double rows = double(dataBytes) / bytesPerRow;
    if (m_options.maxRows >= 0)
        rows = std::min(rows, double(m_options.maxRows));
    const double columns = double(m_names.size());
    const double fieldBytes = bytesPerRow / columns;
    const double perCell = fieldBytes <= 12 ? 8.0 : fieldBytes + 9.0;
    const double need = rows * columns * perCell;
    if (need <= double(limit))
        return true;
    return fail(QStringLiteral("the table would need about %1 of memory (about %2 rows × %3 "
                               "columns), more than the %4 %5; read a part of it (maximum rows) "
                               "or fewer columns")
                    .arg(readableBytes(need))
                    .arg(qint64(rows))
                    .arg(m_names.size())
                    .arg(readableBytes(double(limit)))
                    .arg(m_options.memoryLimitBytes < 0 ? QStringLiteral("available now")
                                                        : QStringLiteral("allowed")));
}

Result<CsvReadResult> CsvImport::run()
{
    if (!decode() || !readHeader() || !checkMemory())
        return *m_error;
    const auto columns = static_cast<std::size_t>(m_names.size());
    m_parser = std::make_unique<ChunkParser>(m_options, m_dialect, m_names);
    m_targets.assign(columns, ColumnTarget{});
    m_columns.assign(columns, ColumnAccumulator{});
    m_needRebuild.assign(columns, false);
    m_again.assign(columns, false);
    std::vector<std::optional<ColumnKind>> forced(columns);
    for (auto it = m_options.columnKinds.cbegin(); it != m_options.columnKinds.cend(); ++it) {
        const auto index = m_names.indexOf(it.key());
        if (index < 0)
            return Error{QStringLiteral("a column kind is set for '%1', but the file has no such "
                                        "column (it has: %2)")
                             .arg(it.key(), m_names.join(QStringLiteral(", "))),
                         m_name};
        const auto c = static_cast<std::size_t>(index);
        forced[c] = it.value();
        switch (it.value()) {
        case ColumnKind::Numeric:
            m_targets[c] = ColumnTarget{PieceKind::Numeric, DateLayout::None, true};
            break;
        case ColumnKind::Boolean:
            m_targets[c] = ColumnTarget{PieceKind::Boolean, DateLayout::None, true};
            break;
        case ColumnKind::Datetime:
            m_targets[c] = ColumnTarget{PieceKind::Datetime, DateLayout::None, true};
            break;
        case ColumnKind::Categorical:
        case ColumnKind::Text:
            m_targets[c] = ColumnTarget{PieceKind::String, DateLayout::None, true};
            break;
        }
    }
    for (std::size_t c = 0; c < columns; ++c) {
        m_columns[c].setDictionaryLimit(forced[c] == ColumnKind::Categorical
                                            ? std::numeric_limits<std::int32_t>::max()
                                        : forced[c] == ColumnKind::Text ? 0
                                                                        : m_options.maxCategories);
    }

    const auto size = m_source->size();
    if (m_dataStart < size) {
        const bool parallel = m_dialect.escape < 0 && m_options.maxRows < 0;
        Range start{m_dataStart, size, m_dataLine};
        bool fallback = !parallel;
        if (parallel) {
            std::vector<Range> ranges;
            if (!planChunks(ranges))
                return *m_error;
            for (auto &column : m_columns)
                column.reserve(m_estimatedRows);
            if (!parseRanges(ranges, std::vector<bool>(columns, true), false, fallback, start))
                return *m_error;
        }
        if (fallback && !parseSequential(start))
            return *m_error;
        if (!rebuildColumns())
            return *m_error;
    }

    if (m_padded > 0)
        m_warnings << QStringLiteral("%1:%2: %3 rows had fewer fields than the header; they were "
                                     "padded with missing values")
                          .arg(m_name)
                          .arg(m_firstRaggedLine)
                          .arg(m_padded);
    if (m_dropped > 0)
        m_warnings << QStringLiteral("%1:%2: %3 rows had more fields than the header; the extra "
                                     "fields were dropped")
                          .arg(m_name)
                          .arg(m_firstRaggedLine)
                          .arg(m_dropped);
    if (m_skipped > 0)
        m_warnings << QStringLiteral("%1:%2: %3 rows had a different number of fields than the "
                                     "header and were skipped")
                          .arg(m_name)
                          .arg(m_firstRaggedLine)
                          .arg(m_skipped);

    std::vector<ColumnPtr> built;
    built.reserve(columns);
    for (std::size_t c = 0; c < columns; ++c)
        built.push_back(m_columns[c].finish(forced[c], m_options.maxCategories));
    CsvReadResult result;
    result.table = Table(m_names, std::move(built));
    result.warnings = m_warnings;
    result.delimiter = m_dialect.delimiter;
    result.hasHeader = m_hasHeader;
    result.encoding = m_encoding;
    m_ctx.setProgress(1.0, QStringLiteral("Read %1 rows").arg(m_rows));
    return result;
}

} // namespace flowline::core::csv

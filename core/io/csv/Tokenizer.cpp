#include "Tokenizer.h"

#include <array>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace flowline::core::csv {

void Tokens::clear()
{
    fields.clear();
    recordFirstField.assign(1, 0);
    recordOffset.clear();
    recordLine.clear();
    scratch.clear();
}

namespace {

struct Scanner
{
    const char *buf;
    std::size_t size;
    bool atEof;
    const Dialect &d;
    Tokens &out;
    std::array<bool, 256> stopsUnquoted{};
    std::size_t pos = 0;
    std::int64_t lines = 0;

    Scanner(const char *b, std::size_t s, bool eof, const Dialect &dialect, Tokens &tokens)
        : buf(b)
        , size(s)
        , atEof(eof)
        , d(dialect)
        , out(tokens)
    {
        stopsUnquoted[static_cast<unsigned char>(d.delimiter)] = true;
        stopsUnquoted['\n'] = true;
        stopsUnquoted['\r'] = true;
    }

    enum class Step { Field, RecordEnd, NeedMore, Error };

    // After a field: consume a delimiter or a line end at pos.
    Step afterField()
    {
        if (pos >= size)
            return atEof ? Step::RecordEnd : Step::NeedMore;
        const char c = buf[pos];
        if (c == d.delimiter) {
            ++pos;
            return Step::Field;
        }
        if (c == '\n') {
            ++pos;
            ++lines;
            return Step::RecordEnd;
        }
        // '\r' (the only other stop)
        if (pos + 1 >= size && !atEof)
            return Step::NeedMore; // could be the first half of "\r\n"
        ++pos;
        if (pos < size && buf[pos] == '\n')
            ++pos;
        ++lines;
        return Step::RecordEnd;
    }

    static bool isSpace(char c) { return c == ' ' || c == '\t'; }

    // The first delimiter or line-end byte at or after p (or size). Sixteen bytes at a time
    // where SSE2 is there (every x86-64), byte by byte for the rest.
    std::size_t scanUnquoted(std::size_t p) const
    {
#ifdef __SSE2__
        const __m128i delimiter = _mm_set1_epi8(d.delimiter);
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        while (p + 16 <= size) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(buf + p));
            const __m128i hit =
                _mm_or_si128(_mm_cmpeq_epi8(x, delimiter),
                             _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
            const int mask = _mm_movemask_epi8(hit);
            if (mask != 0)
                return p + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
            p += 16;
        }
#endif
        while (p < size && !stopsUnquoted[static_cast<unsigned char>(buf[p])])
            ++p;
        return p;
    }

    void push(std::size_t begin, std::size_t length, std::uint32_t flags)
    {
        out.fields.push_back(FieldRef{static_cast<std::uint32_t>(begin),
                                      static_cast<std::uint32_t>(length) | flags});
    }
};

} // namespace

TokenizeResult tokenize(const char *buffer, std::size_t size, std::size_t stopAt, bool atEnd,
                        const Dialect &dialect, Tokens &out, std::int64_t maxRecords)
{
    const bool atEof = atEnd;
    Scanner s(buffer, size, atEof, dialect, out);
    TokenizeResult result;
    const std::size_t maxField = static_cast<std::size_t>(
        std::min<std::int64_t>(dialect.maxFieldBytes, FieldRef::kSizeMask));
    std::int64_t records = 0;

    auto fail = [&](std::size_t offset, QString message) {
        result.status = TokenizeStatus::Error;
        result.errorOffset = offset;
        result.errorMessage = std::move(message);
        return result;
    };

    while (s.pos < stopAt && s.pos < size) {
        if (maxRecords >= 0 && records >= maxRecords)
            break;
        const std::size_t recordStart = s.pos;
        const std::int64_t recordLine = s.lines;
        const char first = buffer[s.pos];

        // Blank and comment lines.
        if ((first == '\n' || first == '\r') && dialect.skipBlankLines) {
            s.pos = recordStart;
            const auto step = s.afterField();
            if (step == Scanner::Step::NeedMore) {
                result.status = TokenizeStatus::NeedMore;
                break;
            }
            result.consumed = s.pos;
            result.lines = s.lines;
            continue;
        }
        if (dialect.comment >= 0 && first == static_cast<char>(dialect.comment)) {
            std::size_t p = s.pos;
            while (p < size && buffer[p] != '\n' && buffer[p] != '\r')
                ++p;
            s.pos = p;
            const auto step = s.afterField();
            if (step == Scanner::Step::NeedMore) {
                result.status = TokenizeStatus::NeedMore;
                break;
            }
            result.consumed = s.pos;
            result.lines = s.lines;
            continue;
        }

        const std::size_t fieldsBefore = out.fields.size();
        const std::size_t scratchBefore = out.scratch.size();
        bool needMore = false;
        for (;;) {
            std::size_t p = s.pos;
            if (dialect.trimSpaces) {
                while (p < size && Scanner::isSpace(buffer[p]))
                    ++p;
            }
            if (p < size && buffer[p] == dialect.quote) {
                // Quoted field.
                const std::size_t open = p;
                ++p;
                std::size_t segment = p;
                bool scratch = false;
                const std::size_t scratchStart = out.scratch.size();
                bool closed = false;
                while (p < size) {
                    const char c = buffer[p];
                    if (c == dialect.quote) {
                        if (p + 1 < size && buffer[p + 1] == dialect.quote) {
                            out.scratch.append(buffer + segment, p + 1 - segment);
                            scratch = true;
                            p += 2;
                            segment = p;
                            continue;
                        }
                        if (p + 1 >= size && !atEof)
                            break; // "" might straddle the end of the buffer
                        closed = true;
                        break;
                    }
                    if (dialect.escape >= 0 && c == static_cast<char>(dialect.escape)) {
                        if (p + 1 >= size)
                            break;
                        out.scratch.append(buffer + segment, p - segment);
                        out.scratch.push_back(buffer[p + 1]);
                        scratch = true;
                        p += 2;
                        segment = p;
                        continue;
                    }
                    if (c == '\n' || (c == '\r' && (p + 1 >= size || buffer[p + 1] != '\n')))
                        ++s.lines;
                    ++p;
                }
                if (!closed) {
                    if (p - open > maxField)
                        return fail(open,
                                    QStringLiteral("field is longer than the limit of %1 bytes")
                                        .arg(maxField));
                    if (!atEof) {
                        needMore = true;
                        break;
                    }
                    return fail(open, QStringLiteral("unterminated quoted field: the quote opened "
                                                     "here is never closed"));
                }
                const std::size_t close = p;
                p = close + 1;
                // Spaces after the closing quote are dropped; other text there (not RFC 4180)
                // is kept, as most readers do.
                std::size_t tail = p;
                while (tail < size && !s.stopsUnquoted[static_cast<unsigned char>(buffer[tail])])
                    ++tail;
                std::size_t tailEnd = tail;
                while (tailEnd > p && Scanner::isSpace(buffer[tailEnd - 1]))
                    --tailEnd;
                if (tailEnd > p) {
                    if (!scratch)
                        out.scratch.append(buffer + open + 1, close - open - 1);
                    else
                        out.scratch.append(buffer + segment, close - segment);
                    out.scratch.append(buffer + p, tailEnd - p);
                    scratch = true;
                } else if (scratch) {
                    out.scratch.append(buffer + segment, close - segment);
                }
                const std::size_t length =
                    scratch ? out.scratch.size() - scratchStart : close - open - 1;
                if (length > maxField)
                    return fail(
                        open,
                        QStringLiteral("field is longer than the limit of %1 bytes").arg(maxField));
                if (scratch)
                    s.push(scratchStart, length, FieldRef::kQuoted | FieldRef::kScratch);
                else
                    s.push(open + 1, length, FieldRef::kQuoted);
                s.pos = tail;
            } else {
                // Unquoted field: runs to the delimiter or the line end. buffer[size] is slack,
                // so check the bound only when a stop byte is found or size is reached.
                const std::size_t q = s.scanUnquoted(p);
                if (q - s.pos > maxField)
                    return fail(
                        s.pos,
                        QStringLiteral("field is longer than the limit of %1 bytes").arg(maxField));
                std::size_t begin = s.pos;
                std::size_t end = q;
                if (dialect.trimSpaces) {
                    begin = p;
                    while (end > begin && Scanner::isSpace(buffer[end - 1]))
                        --end;
                }
                if (end - begin > maxField)
                    return fail(
                        begin,
                        QStringLiteral("field is longer than the limit of %1 bytes").arg(maxField));
                s.push(begin, end - begin, 0);
                s.pos = q;
            }
            const auto step = s.afterField();
            if (step == Scanner::Step::Field)
                continue;
            if (step == Scanner::Step::NeedMore)
                needMore = true;
            break;
        }
        if (needMore) {
            out.fields.resize(fieldsBefore);
            out.scratch.resize(scratchBefore);
            s.pos = recordStart;
            s.lines = recordLine;
            result.status = TokenizeStatus::NeedMore;
            break;
        }
        out.recordFirstField.push_back(static_cast<std::uint32_t>(out.fields.size()));
        out.recordOffset.push_back(static_cast<std::uint32_t>(recordStart));
        out.recordLine.push_back(static_cast<std::uint32_t>(recordLine));
        ++records;
        result.consumed = s.pos;
        result.lines = s.lines;
    }
    return result;
}

std::size_t fieldOffset(const char *buffer, std::size_t size, std::size_t recordOffset,
                        std::uint32_t index, const Dialect &dialect)
{
    std::size_t p = recordOffset;
    std::uint32_t field = 0;
    bool quoted = false;
    while (p < size && field < index) {
        const char c = buffer[p];
        if (quoted) {
            if (c == dialect.quote)
                quoted = false;
        } else if (c == dialect.quote) {
            quoted = true;
        } else if (c == dialect.delimiter) {
            ++field;
        } else if (c == '\n' || c == '\r') {
            return p;
        }
        ++p;
    }
    return p;
}

std::int64_t columnAt(const char *buffer, std::size_t floor, std::size_t offset,
                      std::int64_t *lineEnds)
{
    std::size_t lineStart = floor;
    std::int64_t ends = 0;
    for (std::size_t p = floor; p < offset; ++p) {
        const char c = buffer[p];
        if (c == '\n' || (c == '\r' && (p + 1 >= offset || buffer[p + 1] != '\n'))) {
            ++ends;
            lineStart = p + 1;
        }
    }
    if (lineEnds)
        *lineEnds = ends;
    std::int64_t column = 1;
    for (std::size_t p = lineStart; p < offset; ++p) {
        if ((static_cast<unsigned char>(buffer[p]) & 0xC0) != 0x80)
            ++column;
    }
    return column;
}

} // namespace flowline::core::csv

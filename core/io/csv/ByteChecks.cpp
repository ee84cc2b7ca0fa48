#include "ByteChecks.h"

#include <algorithm>
#include <cstring>

namespace flowline::core::csv {

std::int64_t firstInvalidUtf8(const unsigned char *s, std::size_t begin, std::size_t size,
                              std::size_t limit)
{
    std::size_t i = begin;
    while (i < size) {
        // ASCII fast path, 8 bytes at a time.
        while (i + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return static_cast<std::int64_t>(i);
        }
        if (i + n >= limit)
            return static_cast<std::int64_t>(i); // truncated at the end of the input
        for (std::size_t k = 1; k <= n; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return static_cast<std::int64_t>(i);
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF.
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return static_cast<std::int64_t>(i);
        i += n + 1;
    }
    return -1;
}

ByteCounts countBytes(const char *buffer, std::size_t size, std::size_t lookahead, char quote,
                      bool skipLeadingContinuation)
{
    ByteCounts counts;
    const char *end = buffer + size;
    counts.quotes = std::count(buffer, end, quote);
    counts.lineEnds = std::count(buffer, end, '\n');
    for (const char *p = static_cast<const char *>(std::memchr(buffer, '\r', size)); p;
         p = static_cast<const char *>(
             std::memchr(p + 1, '\r', static_cast<std::size_t>(end - p - 1)))) {
        const bool last = p + 1 == end;
        const bool followedByLf = last ? (lookahead > 0 && p[1] == '\n') : p[1] == '\n';
        if (!followedByLf)
            ++counts.lineEnds;
        if (last)
            break;
    }
    if (const void *nul = std::memchr(buffer, 0, size))
        counts.firstNul = static_cast<const char *>(nul) - buffer;
    std::size_t begin = 0;
    if (skipLeadingContinuation) {
        while (begin < 3 && begin < size &&
               (static_cast<unsigned char>(buffer[begin]) & 0xC0) == 0x80)
            ++begin;
    }
    counts.firstInvalid = firstInvalidUtf8(reinterpret_cast<const unsigned char *>(buffer), begin,
                                           size, size + lookahead);
    return counts;
}

} // namespace flowline::core::csv

#include "ByteChecks.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
    bool anyCr = false;
    bool anyNul = false;
    bool ascii = true;
#ifdef __SSE2__
    // One pass, sixteen bytes at a time: quotes and line feeds counted, and whether there is
    // any CR, NUL or non-ASCII byte (those rare cases are then looked at closely).
    {
        const __m128i q = _mm_set1_epi8(quote);
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        const __m128i zero = _mm_setzero_si128();
        std::size_t i = 0;
        __m128i rare = zero;
        // Per-lane byte counters (a match is -1, so subtracting counts it), summed every 255
        // blocks before they can wrap.
        while (i + 16 <= size) {
            __m128i quotes = zero, lines = zero;
            for (int block = 0; block < 255 && i + 16 <= size; ++block, i += 16) {
                const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(buffer + i));
                quotes = _mm_sub_epi8(quotes, _mm_cmpeq_epi8(x, q));
                lines = _mm_sub_epi8(lines, _mm_cmpeq_epi8(x, lf));
                rare = _mm_or_si128(
                    rare, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, zero)),
                                       _mm_and_si128(x, _mm_set1_epi8(static_cast<char>(0x80)))));
            }
            const __m128i qs = _mm_sad_epu8(quotes, zero);
            const __m128i ls = _mm_sad_epu8(lines, zero);
            counts.quotes += _mm_cvtsi128_si64(qs) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(qs, qs));
            counts.lineEnds +=
                _mm_cvtsi128_si64(ls) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(ls, ls));
        }
        const int flags = _mm_movemask_epi8(rare);
        // Any CR, NUL or high byte: look closely (the scalar checks below find which).
        anyCr = anyNul = flags != 0;
        ascii = flags == 0;
        for (; i < size; ++i) {
            const char c = buffer[i];
            counts.quotes += c == quote ? 1 : 0;
            counts.lineEnds += c == '\n' ? 1 : 0;
            anyCr = anyCr || c == '\r';
            anyNul = anyNul || c == 0;
            ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        }
    }
#else
    counts.quotes = std::count(buffer, end, quote);
    counts.lineEnds = std::count(buffer, end, '\n');
    anyCr = anyNul = true;
    ascii = false;
#endif
    for (const char *p = anyCr ? static_cast<const char *>(std::memchr(buffer, '\r', size))
                               : nullptr;
         p; p = static_cast<const char *>(
                std::memchr(p + 1, '\r', static_cast<std::size_t>(end - p - 1)))) {
        const bool last = p + 1 == end;
        const bool followedByLf = last ? (lookahead > 0 && p[1] == '\n') : p[1] == '\n';
        if (!followedByLf)
            ++counts.lineEnds;
        if (last)
            break;
    }
    if (const void *nul = anyNul ? std::memchr(buffer, 0, size) : nullptr)
        counts.firstNul = static_cast<const char *>(nul) - buffer;
    if (ascii)
        return counts;
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

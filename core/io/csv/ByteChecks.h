#pragma once

#include <cstddef>
#include <cstdint>

namespace flowline::core::csv {

// Counts over one stretch of bytes, gathered in one pass before parsing in parallel.
struct ByteCounts
{
    std::int64_t quotes = 0;
    std::int64_t lineEnds = 0;      // '\n' plus '\r' not followed by '\n'
    std::int64_t firstNul = -1;     // offset of the first NUL byte
    std::int64_t firstInvalid = -1; // offset of the first byte that is not valid UTF-8
};

// Scans buffer[0, size). buffer[size, size + lookahead) may hold the bytes that follow (for a
// "\r\n" or a UTF-8 sequence that crosses the end); lookahead < 3 at the end of the input.
// Leading UTF-8 continuation bytes (up to 3) are taken to belong to a character that started
// before the buffer when skipLeadingContinuation is set.
ByteCounts countBytes(const char *buffer, std::size_t size, std::size_t lookahead, char quote,
                      bool skipLeadingContinuation);

// Offset of the first character starting in [begin, size) that is not valid UTF-8, or -1.
// A character may run on past size but must end before limit.
std::int64_t firstInvalidUtf8(const unsigned char *data, std::size_t begin, std::size_t size,
                              std::size_t limit);

} // namespace flowline::core::csv

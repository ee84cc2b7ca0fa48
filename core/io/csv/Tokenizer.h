#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowline::core::csv {

struct Dialect
{
    char delimiter = ',';
    char quote = '"';
    int escape = -1;  // -1: none; quotes inside quotes are doubled either way
    int comment = -1; // -1: none
    bool skipBlankLines = true;
    bool trimSpaces = false;
    std::int64_t maxFieldBytes = std::int64_t(256) << 20;
};

// Where one field's text is: in the input buffer or, when it had to be unescaped, in
// Tokens::scratch. Quoted fields are flagged (a quoted field is never a missing value).
struct FieldRef
{
    static constexpr std::uint32_t kQuoted = 1u << 31;
    static constexpr std::uint32_t kScratch = 1u << 30;
    static constexpr std::uint32_t kSizeMask = kScratch - 1;

    std::uint32_t begin = 0;
    std::uint32_t sizeAndFlags = 0;

    std::uint32_t size() const { return sizeAndFlags & kSizeMask; }
    bool quoted() const { return (sizeAndFlags & kQuoted) != 0; }
    bool inScratch() const { return (sizeAndFlags & kScratch) != 0; }
};

// The records of one buffer, as field references.
struct Tokens
{
    std::vector<FieldRef> fields;
    std::vector<std::uint32_t> recordFirstField{0}; // records() + 1 entries
    std::vector<std::uint32_t> recordOffset;        // byte offset where each record starts
    std::vector<std::uint32_t> recordLine;          // line ends before the record, in this buffer
    std::string scratch;

    std::size_t records() const { return recordOffset.size(); }
    std::uint32_t fieldCount(std::size_t record) const
    {
        return recordFirstField[record + 1] - recordFirstField[record];
    }
    const FieldRef &field(std::size_t record, std::uint32_t index) const
    {
        return fields[recordFirstField[record] + index];
    }
    std::string_view text(const char *buffer, const FieldRef &f) const
    {
        return f.inScratch() ? std::string_view(scratch).substr(f.begin, f.size())
                             : std::string_view(buffer + f.begin, f.size());
    }
    void clear();
};

enum class TokenizeStatus { Ok, NeedMore, Error };

struct TokenizeResult
{
    TokenizeStatus status = TokenizeStatus::Ok;
    std::size_t consumed = 0;    // bytes up to the end of the last complete record
    std::int64_t lines = 0;      // line ends within the consumed bytes
    std::size_t errorOffset = 0; // Error: the byte the message is about
    QString errorMessage;
};

// Splits buffer[0, size) into records. Records are started while their first byte is before
// stopAt; a record may run on past stopAt up to size. atEnd says the buffer ends where a record
// ends (the end of the input, or a known record boundary); when it is false and the buffer ends
// inside a record, the result is NeedMore with `consumed` at that record's start.
// buffer[size] must be readable (one byte of slack; its value is not used).
// Stops after maxRecords records when maxRecords >= 0.
TokenizeResult tokenize(const char *buffer, std::size_t size, std::size_t stopAt, bool atEnd,
                        const Dialect &dialect, Tokens &out, std::int64_t maxRecords = -1);

// The byte offset where field `index` of the record that starts at recordOffset begins
// (for error positions). Returns the record's end when it has fewer fields.
std::size_t fieldOffset(const char *buffer, std::size_t size, std::size_t recordOffset,
                        std::uint32_t index, const Dialect &dialect);

// 1-based column (in characters) of `offset`, counting from the line start before it; the line
// is taken to start no earlier than `floor`. Also gives the line ends between floor and offset.
std::int64_t columnAt(const char *buffer, std::size_t floor, std::size_t offset,
                      std::int64_t *lineEnds = nullptr);

} // namespace flowline::core::csv

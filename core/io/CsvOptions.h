#pragma once

#include "table/Column.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace flowline::core {

enum class HeaderMode { Auto, Yes, No };
// What to do with a row whose field count differs from the header's.
enum class RaggedRows {
    Error, // stop with FILE:LINE:COL and the expected and found counts (default)
    Pad,   // pad short rows with missing values; drop the extra fields of long rows (warns)
    Skip   // leave such rows out (warns with their count and the first line)
};
enum class TextEncoding {
    Auto,  // BOM decides: UTF-8 (BOM optional) or UTF-16 LE/BE; invalid UTF-8 is an error
    Utf8,  // strict UTF-8 (a UTF-8 BOM is still skipped)
    Latin1 // ISO-8859-1, converted to UTF-8
};

struct CsvOptions
{
    std::optional<char> delimiter; // unset: sniffed among , ; TAB |
    HeaderMode header = HeaderMode::Auto;
    char quote = '"';
    std::optional<char> escape;  // e.g. backslash: \" inside quotes (doubled quotes work too)
    std::optional<char> comment; // lines starting with this character are skipped
    bool skipBlankLines = true;  // lines with no characters at all
    bool trimSpaces = false;     // strip spaces around unquoted fields (numbers always are)
    QStringList missingTokens = defaultMissingTokens();
    bool decimalComma = false;              // "3,14" is 3.14 (use another delimiter than ',')
    std::optional<char> thousandsSeparator; // e.g. ',' or '.' or ' '
    bool dayFirst = false; // 03/04/2024 is 3 April rather than 4 March when ambiguous
    QMap<QString, ColumnKind> columnKinds; // per-column kind overrides, by header name
    RaggedRows ragged = RaggedRows::Error;
    TextEncoding encoding = TextEncoding::Auto;

    std::int64_t maxRows = -1; // stop after this many data rows (-1: all)
    std::int64_t maxFieldBytes = std::int64_t(256) << 20; // a longer field is an error
    std::int32_t maxColumns = 100000;                     // a wider first row is an error
    // A file whose table would need more memory than this is refused before parsing (the need
    // is estimated from the file's size and its first MiB). -1: the memory available now
    // (MemAvailable on Linux; no check where that is unknown); 0: no check.
    std::int64_t memoryLimitBytes = -1;
    // Strings become categorical when they have at most this many distinct values and at most
    // half as many distinct values as non-missing ones (or at most 16); otherwise text.
    std::int32_t maxCategories = 65536;
    std::int64_t chunkBytes = std::int64_t(256) << 10; // parallel work unit (tests lower it)

    static QStringList defaultMissingTokens()
    {
        return {QString(),
                QStringLiteral("NA"),
                QStringLiteral("N/A"),
                QStringLiteral("NaN"),
                QStringLiteral("null"),
                QStringLiteral("?")};
    }
};

} // namespace flowline::core

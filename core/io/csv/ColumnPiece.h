#pragma once

#include "ValueParsers.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flowline::core::csv {

// The kind a stretch of values was read as, before the whole column is known.
enum class PieceKind : std::uint8_t { Empty, Numeric, Boolean, Datetime, String };

// One column's values from one chunk of the file, already converted.
struct ColumnPiece
{
    PieceKind kind = PieceKind::Empty;
    DateLayout layout = DateLayout::None;
    std::int64_t rows = 0;
    std::vector<double> numbers;       // Numeric
    std::vector<std::int8_t> booleans; // Boolean (-1 missing)
    std::vector<std::int64_t> times;   // Datetime (INT64_MIN missing)
    // String: either a dictionary with codes (-1 missing), or, when the chunk had too many
    // distinct values, the values themselves (text + offsets + valid).
    bool dictionaryEncoded = true;
    std::vector<std::string> dictionary;
    std::vector<std::int32_t> codes;
    std::string text;
    std::vector<std::int64_t> offsets;
    std::vector<std::uint8_t> valid;

    // Empties the piece but keeps its storage, so the next chunk reuses it.
    void reset()
    {
        kind = PieceKind::Empty;
        layout = DateLayout::None;
        rows = 0;
        numbers.clear();
        booleans.clear();
        times.clear();
        dictionaryEncoded = true;
        dictionary.clear();
        codes.clear();
        text.clear();
        offsets.clear();
        valid.clear();
    }
};

// What a column must be read as: Auto (inferred per chunk) or a fixed kind.
struct ColumnTarget
{
    PieceKind kind = PieceKind::Empty;    // Empty = infer
    DateLayout layout = DateLayout::None; // Datetime: None = detect
    bool strict = false; // a value that does not convert is an error (user override)
};

} // namespace flowline::core::csv

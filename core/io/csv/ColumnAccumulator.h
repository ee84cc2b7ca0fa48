#pragma once

#include "ColumnPiece.h"
#include "table/Column.h"
#include "table/TextColumn.h"

#include <optional>
#include <string_view>
#include <unordered_map>

namespace flowline::core::csv {

// Gathers one column's pieces, chunk after chunk, into the final column.
class ColumnAccumulator
{
public:
    enum class Fit {
        Appended,   // the piece was added
        NeedString, // the column holds strings: convert the piece as strings and append again
        Conflict    // the piece's kind cannot join the column's: the column must be read again
    };

    void reserve(std::int64_t rows) { m_reserve = rows; }
    // Beyond this many distinct values a string column is kept as text while reading.
    void setDictionaryLimit(std::int32_t limit) { m_textModeLimit = limit; }
    // Takes the piece's values; the piece keeps its (emptied) storage.
    Fit append(ColumnPiece &piece);
    PieceKind kind() const { return m_kind; }
    DateLayout layout() const { return m_layout; }
    std::int64_t rows() const { return m_rows; }
    // The kind a conflict widens to (Datetime layouts that disagree -> the later one, else String).
    static ColumnTarget widen(PieceKind a, DateLayout la, const ColumnPiece &b);
    void reset();

    // The column; `forced` is the user's override (categorical / text) if any.
    ColumnPtr finish(std::optional<ColumnKind> forced, std::int32_t maxCategories);

private:
    void adopt(const ColumnPiece &piece);
    void appendMissing(std::int64_t n);
    std::int32_t intern(std::string_view text);
    void switchToText();

    PieceKind m_kind = PieceKind::Empty;
    DateLayout m_layout = DateLayout::None;
    std::int64_t m_rows = 0;
    std::int64_t m_reserve = 0;
    std::vector<double> m_numbers;
    std::vector<std::int8_t> m_booleans;
    std::vector<std::int64_t> m_times;
    // Strings: dictionary-encoded until there are too many distinct values, then text.
    bool m_textMode = false;
    std::int32_t m_textModeLimit = 1 << 30;
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const
        {
            return std::hash<std::string_view>()(s);
        }
    };
    std::vector<std::string> m_dictionary;
    std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> m_index;
    std::vector<std::int32_t> m_codes;
    TextColumnBuilder m_text;
    std::int64_t m_nonMissing = 0;
};

} // namespace flowline::core::csv

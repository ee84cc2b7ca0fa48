#pragma once

#include "ColumnPiece.h"
#include "Tokenizer.h"
#include "ValueParsers.h"
#include "io/CsvOptions.h"

#include <optional>
#include <vector>

namespace flowline::core::csv {

// A problem that stops the import, located by record and field within the chunk.
struct ChunkProblem
{
    std::size_t record = 0;
    std::uint32_t field = 0;
    bool atRecordEnd = false; // the position is the end of the record, not a field start
    QString message;
};

// The result of turning one chunk's bytes into column pieces.
struct ChunkOutput
{
    std::vector<char> buffer; // the chunk's bytes (+1 slack)
    std::size_t size = 0;
    Tokens tokens;
    TokenizeResult tokenized;
    std::vector<ColumnPiece> pieces; // one per column (left Empty for columns not asked for)
    std::vector<std::uint32_t> rows; // the records kept as rows, in order
    std::optional<ChunkProblem> problem;
    std::int64_t paddedRows = 0, droppedFieldRows = 0, skippedRows = 0;
    std::size_t firstRaggedRecord = 0;
};

// Converts tokenized records into typed column pieces, applying the ragged-row policy.
// Immutable after construction, so chunks can be converted on several threads at once.
class ChunkParser
{
public:
    ChunkParser(const CsvOptions &options, const Dialect &dialect, const QStringList &names);

    // Tokenizes out.buffer[0, out.size) and converts the columns in `targets` whose `wanted`
    // flag is set. Sets out.problem on a ragged-row or conversion error.
    void parse(ChunkOutput &out, bool atEnd, const std::vector<ColumnTarget> &targets,
               const std::vector<bool> &wanted, std::int64_t maxRows = -1) const;

    // Converts one column of an already tokenized chunk.
    ColumnPiece convert(const ChunkOutput &chunk, int column, const ColumnTarget &target,
                        std::optional<ChunkProblem> &problem) const;
    // The same, into a piece whose storage is reused.
    void convertInto(const ChunkOutput &chunk, int column, const ColumnTarget &target,
                     std::optional<ChunkProblem> &problem, ColumnPiece &piece) const;

    int columns() const { return m_columns; }
    const Dialect &dialect() const { return m_dialect; }

private:
    bool selectRows(ChunkOutput &out, std::int64_t maxRows) const;

    Dialect m_dialect;
    QStringList m_names;
    int m_columns;
    RaggedRows m_ragged;
    MissingTokens m_missing;
    NumberSyntax m_numbers;
    bool m_dayFirst;
    std::int32_t m_maxLocalCategories;
};

} // namespace flowline::core::csv

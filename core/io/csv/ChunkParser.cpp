#include "ChunkParser.h"

#include <limits>
#include <unordered_map>

namespace flowline::core::csv {

namespace {

constexpr std::int64_t kMissingTime = std::numeric_limits<std::int64_t>::min();

QString quoteForMessage(std::string_view text)
{
    QString s = QString::fromUtf8(text.data(),
                                  static_cast<qsizetype>(std::min<std::size_t>(text.size(), 60)));
    if (text.size() > 60)
        s += QStringLiteral("…");
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Reads the fields of one column of a chunk; rows without that field are missing.
struct ColumnCursor
{
    const char *buffer;
    const Tokens &tokens;
    const std::vector<std::uint32_t> &rows;
    const MissingTokens &missing;
    std::uint32_t column;

    std::size_t size() const { return rows.size(); }
    // The field's text; sets isMissing.
    std::string_view at(std::size_t i, bool &isMissing) const
    {
        const auto record = rows[i];
        if (tokens.fieldCount(record) <= column) {
            isMissing = true;
            return {};
        }
        const FieldRef &f = tokens.field(record, column);
        const std::string_view text = tokens.text(buffer, f);
        isMissing = !f.quoted() && missing.matches(text);
        return text;
    }
};

// Converts every value with `parse`; returns the index of the first value that fails, or -1.
template <class T, class Parse>
std::int64_t convertAll(const ColumnCursor &c, std::vector<T> &out, T missingValue, Parse parse)
{
    out.resize(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        bool isMissing = false;
        const auto text = c.at(i, isMissing);
        if (isMissing) {
            out[i] = missingValue;
        } else if (!parse(text, out[i])) {
            out.clear();
            return static_cast<std::int64_t>(i);
        }
    }
    return -1;
}

void convertStrings(const ColumnCursor &c, ColumnPiece &piece, std::int32_t maxLocalCategories)
{
    piece.kind = PieceKind::String;
    piece.dictionaryEncoded = true;
    std::unordered_map<std::string_view, std::int32_t> index;
    piece.codes.resize(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        bool isMissing = false;
        const auto text = c.at(i, isMissing);
        if (isMissing) {
            piece.codes[i] = -1;
            continue;
        }
        auto [it, inserted] = index.try_emplace(text, static_cast<std::int32_t>(index.size()));
        if (inserted && static_cast<std::int32_t>(index.size()) > maxLocalCategories)
            break;
        piece.codes[i] = it->second;
    }
    if (static_cast<std::int32_t>(index.size()) <= maxLocalCategories) {
        piece.dictionary.resize(index.size());
        for (const auto &[text, code] : index)
            piece.dictionary[static_cast<std::size_t>(code)] = std::string(text);
        return;
    }
    // Too many distinct values for a dictionary: keep the text itself.
    piece.dictionaryEncoded = false;
    piece.codes.clear();
    piece.codes.shrink_to_fit();
    piece.offsets.reserve(c.size() + 1);
    piece.offsets.push_back(0);
    piece.valid.resize(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) {
        bool isMissing = false;
        const auto text = c.at(i, isMissing);
        if (!isMissing)
            piece.text.append(text);
        piece.valid[i] = isMissing ? 0 : 1;
        piece.offsets.push_back(static_cast<std::int64_t>(piece.text.size()));
    }
}

} // namespace

ChunkParser::ChunkParser(const CsvOptions &options, const Dialect &dialect,
                         const QStringList &names)
    : m_dialect(dialect)
    , m_names(names)
    , m_columns(static_cast<int>(names.size()))
    , m_ragged(options.ragged)
    , m_missing(options.missingTokens)
    , m_numbers{options.decimalComma, options.thousandsSeparator.value_or(0)}
    , m_dayFirst(options.dayFirst)
    , m_maxLocalCategories(options.maxCategories)
{}

bool ChunkParser::selectRows(ChunkOutput &out, std::int64_t maxRows) const
{
    const auto &t = out.tokens;
    const auto records = t.records();
    out.rows.clear();
    out.rows.reserve(records);
    const auto expected = static_cast<std::uint32_t>(m_columns);
    for (std::size_t r = 0; r < records; ++r) {
        if (maxRows >= 0 && static_cast<std::int64_t>(out.rows.size()) >= maxRows)
            break;
        const auto found = t.fieldCount(r);
        if (found == expected) {
            out.rows.push_back(static_cast<std::uint32_t>(r));
            continue;
        }
        if (out.paddedRows + out.droppedFieldRows + out.skippedRows == 0)
            out.firstRaggedRecord = r;
        switch (m_ragged) {
        case RaggedRows::Error:
            out.problem = ChunkProblem{
                r, found < expected ? found : expected, found < expected,
                QStringLiteral("expected %1 fields, found %2").arg(expected).arg(found)};
            return false;
        case RaggedRows::Pad:
            (found < expected ? out.paddedRows : out.droppedFieldRows) += 1;
            out.rows.push_back(static_cast<std::uint32_t>(r));
            break;
        case RaggedRows::Skip:
            ++out.skippedRows;
            break;
        }
    }
    return true;
}

void ChunkParser::parse(ChunkOutput &out, bool atEnd, const std::vector<ColumnTarget> &targets,
                        const std::vector<bool> &wanted, std::int64_t maxRows) const
{
    out.tokens.clear();
    out.tokenized = tokenize(out.buffer.data(), out.size, out.size, atEnd, m_dialect, out.tokens);
    out.pieces.resize(static_cast<std::size_t>(m_columns));
    for (auto &piece : out.pieces)
        piece.reset();
    out.problem.reset();
    out.paddedRows = out.droppedFieldRows = out.skippedRows = 0;
    if (out.tokenized.status == TokenizeStatus::Error)
        return;
    if (!selectRows(out, maxRows))
        return;
    for (int c = 0; c < m_columns; ++c) {
        if (!wanted[static_cast<std::size_t>(c)])
            continue;
        convertInto(out, c, targets[static_cast<std::size_t>(c)], out.problem,
                    out.pieces[static_cast<std::size_t>(c)]);
        if (out.problem)
            return;
    }
}

ColumnPiece ChunkParser::convert(const ChunkOutput &chunk, int column, const ColumnTarget &target,
                                 std::optional<ChunkProblem> &problem) const
{
    ColumnPiece piece;
    convertInto(chunk, column, target, problem, piece);
    return piece;
}

void ChunkParser::convertInto(const ChunkOutput &chunk, int column, const ColumnTarget &target,
                              std::optional<ChunkProblem> &problem, ColumnPiece &piece) const
{
    const ColumnCursor c{chunk.buffer.data(), chunk.tokens, chunk.rows, m_missing,
                         static_cast<std::uint32_t>(column)};
    piece.reset();
    piece.rows = static_cast<std::int64_t>(c.size());

    std::int64_t firstValue = -1;
    std::string_view first;
    for (std::size_t i = 0; i < c.size(); ++i) {
        bool isMissing = false;
        const auto text = c.at(i, isMissing);
        if (!isMissing) {
            firstValue = static_cast<std::int64_t>(i);
            first = text;
            break;
        }
    }

    const auto numberParse = [this](std::string_view s, double &v) {
        return parseNumber(s, m_numbers, v);
    };
    const auto tryNumeric = [&]() {
        return convertAll(c, piece.numbers, std::numeric_limits<double>::quiet_NaN(), numberParse);
    };
    const auto tryBoolean = [&]() {
        return convertAll<std::int8_t>(c, piece.booleans, -1, parseBoolean);
    };
    const auto tryDatetime = [&](DateLayout layout) {
        return convertAll<std::int64_t>(
            c, piece.times, kMissingTime,
            [layout](std::string_view s, std::int64_t &v) { return parseDatetime(s, layout, v); });
    };
    const auto failAt = [&](std::int64_t i, const QString &what) {
        bool isMissing = false;
        const auto text = c.at(static_cast<std::size_t>(i), isMissing);
        problem = ChunkProblem{chunk.rows[static_cast<std::size_t>(i)],
                               static_cast<std::uint32_t>(column), false,
                               QStringLiteral("column '%1': cannot read %2 as %3")
                                   .arg(m_names.value(column), quoteForMessage(text), what)};
    };

    // A fixed kind (the user's override, or what the whole column turned out to be).
    if (target.kind == PieceKind::String || (target.strict && target.kind != PieceKind::Empty)) {
        std::int64_t bad = -1;
        switch (target.kind) {
        case PieceKind::String:
            convertStrings(c, piece, m_maxLocalCategories);
            return;
        case PieceKind::Numeric:
            if ((bad = tryNumeric()) < 0) {
                piece.kind = PieceKind::Numeric;
                return;
            }
            failAt(bad, QStringLiteral("a number"));
            return;
        case PieceKind::Boolean:
            if ((bad = tryBoolean()) < 0) {
                piece.kind = PieceKind::Boolean;
                return;
            }
            failAt(bad, QStringLiteral("a boolean (true / false)"));
            return;
        case PieceKind::Datetime: {
            std::vector<DateLayout> layouts;
            if (target.layout != DateLayout::None)
                layouts.push_back(target.layout);
            for (auto l : dateLayoutCandidates(m_dayFirst)) {
                std::int64_t ms = 0;
                if (l != target.layout && firstValue >= 0 && parseDatetime(first, l, ms))
                    layouts.push_back(l);
            }
            if (firstValue < 0)
                layouts.assign(1,
                               target.layout == DateLayout::None ? DateLayout::Iso : target.layout);
            std::int64_t firstBad = -1;
            for (auto l : layouts) {
                if ((bad = tryDatetime(l)) < 0) {
                    piece.kind = PieceKind::Datetime;
                    piece.layout = l;
                    return;
                }
                if (firstBad < 0)
                    firstBad = bad;
            }
            failAt(firstBad < 0 ? 0 : firstBad,
                   QStringLiteral("a date or time (YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY, DD/MM/YYYY, "
                                  "DD.MM.YYYY, optionally with HH:MM[:SS])"));
            return;
        }
        case PieceKind::Empty:
            break;
        }
    }

    if (firstValue < 0) {
        piece.kind = PieceKind::Empty;
        return;
    }
    // A hint (the column so far): try it first.
    if (target.kind == PieceKind::Datetime && target.layout != DateLayout::None &&
        tryDatetime(target.layout) < 0) {
        piece.kind = PieceKind::Datetime;
        piece.layout = target.layout;
        return;
    }
    double number = 0;
    if (parseNumber(first, m_numbers, number) && tryNumeric() < 0) {
        piece.kind = PieceKind::Numeric;
        return;
    }
    std::int8_t flag = 0;
    if (parseBoolean(first, flag) && tryBoolean() < 0) {
        piece.kind = PieceKind::Boolean;
        return;
    }
    for (auto layout : dateLayoutCandidates(m_dayFirst)) {
        std::int64_t ms = 0;
        if (parseDatetime(first, layout, ms) && tryDatetime(layout) < 0) {
            piece.kind = PieceKind::Datetime;
            piece.layout = layout;
            return;
        }
    }
    convertStrings(c, piece, m_maxLocalCategories);
    return;
}

} // namespace flowline::core::csv

#include "Sniffer.h"

#include <map>

namespace flowline::core::csv {

namespace {

enum class ValueType { Missing, Number, Boolean, Date, Text };

ValueType classify(std::string_view text, bool quoted, const MissingTokens &missing,
                   const NumberSyntax &numbers, bool dayFirst)
{
    if (!quoted && missing.matches(text))
        return ValueType::Missing;
    double d = 0;
    if (parseNumber(text, numbers, d))
        return ValueType::Number;
    std::int8_t b = 0;
    if (parseBoolean(text, b))
        return ValueType::Boolean;
    std::int64_t ms = 0;
    for (auto layout : dateLayoutCandidates(dayFirst)) {
        if (parseDatetime(text, layout, ms))
            return ValueType::Date;
    }
    return ValueType::Text;
}

} // namespace

char sniffDelimiter(const char *buffer, std::size_t size, bool atEnd, const Dialect &base,
                    bool decimalComma)
{
    const char candidates[] = {',', '\t', ';', '|'};
    char best = decimalComma ? ';' : ',';
    std::int64_t bestScore = 0;
    for (char c : candidates) {
        if (decimalComma && c == ',')
            continue;
        Dialect d = base;
        d.delimiter = c;
        Tokens tokens;
        const auto r = tokenize(buffer, size, size, atEnd, d, tokens, 100);
        if (r.status == TokenizeStatus::Error || tokens.records() == 0)
            continue;
        std::map<std::uint32_t, std::int64_t> counts;
        for (std::size_t i = 0; i < tokens.records(); ++i)
            ++counts[tokens.fieldCount(i)];
        std::int64_t score = 0;
        for (const auto &[fields, n] : counts) {
            if (fields > 1 && n > score)
                score = n;
        }
        if (score > bestScore) {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

bool sniffHeader(const char *buffer, const Tokens &tokens, const MissingTokens &missing,
                 const NumberSyntax &numbers, bool dayFirst)
{
    if (tokens.records() == 0)
        return true;
    const auto columns = tokens.fieldCount(0);
    auto typeAt = [&](std::size_t record, std::uint32_t column) {
        if (tokens.fieldCount(record) <= column)
            return ValueType::Missing;
        const auto &f = tokens.field(record, column);
        return classify(tokens.text(buffer, f), f.quoted(), missing, numbers, dayFirst);
    };
    int headerVotes = 0;
    int dataVotes = 0;
    for (std::uint32_t c = 0; c < columns; ++c) {
        const ValueType first = typeAt(0, c);
        if (first == ValueType::Missing)
            continue;
        if (tokens.records() == 1) {
            (first == ValueType::Text ? headerVotes : dataVotes) += 1;
            continue;
        }
        ValueType below = ValueType::Missing;
        bool uniform = true;
        for (std::size_t r = 1; r < tokens.records() && uniform; ++r) {
            const ValueType t = typeAt(r, c);
            if (t == ValueType::Missing)
                continue;
            if (below == ValueType::Missing)
                below = t;
            else if (t != below)
                uniform = false;
        }
        if (!uniform || below == ValueType::Missing || below == ValueType::Text)
            continue;
        (first == below ? dataVotes : headerVotes) += 1;
    }
    if (tokens.records() == 1)
        return dataVotes == 0;
    return headerVotes > 0 || dataVotes == 0;
}

} // namespace flowline::core::csv

#pragma once

#include <QStringList>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flowline::core::csv {

// Number syntax options: a decimal comma and a thousands separator (0 = none).
struct NumberSyntax
{
    bool decimalComma = false;
    char thousands = 0;
};

// Parses a whole field as a double: optional surrounding spaces, sign, digits, fraction,
// exponent, inf / infinity / nan. False when anything else is left over.
bool parseNumber(std::string_view text, const NumberSyntax &syntax, double &out);

// true / false in any letter case.
bool parseBoolean(std::string_view text, std::int8_t &out);

// The date and date-time layouts the reader recognises. Each accepts an optional time
// " HH:MM[:SS[.fff]]" (ISO also "T" and a zone "Z" / "+HH:MM").
enum class DateLayout : std::uint8_t {
    None,
    Iso,      // 2024-03-01, 2024-03-01T12:30:00Z
    YmdSlash, // 2024/03/01
    Mdy,      // 3/1/2024 (US)
    Dmy,      // 1/3/2024
    DmyDot,   // 01.03.2024
};

const char *dateLayoutName(DateLayout layout);
// Milliseconds since 1970-01-01 UTC. False when the text is not a valid date in that layout.
bool parseDatetime(std::string_view text, DateLayout layout, std::int64_t &msecs);
// The layouts to try, in order of preference (dayFirst puts Dmy before Mdy).
const std::vector<DateLayout> &dateLayoutCandidates(bool dayFirst);

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day);

// The configured missing-value tokens, matched exactly against unquoted fields.
class MissingTokens
{
public:
    explicit MissingTokens(const QStringList &tokens);
    bool matches(std::string_view text) const
    {
        if (text.empty())
            return m_empty;
        // Most fields are rejected by their length or first byte without a comparison.
        if (text.size() > m_maxSize || !m_first[static_cast<unsigned char>(text[0])])
            return false;
        for (const auto &t : m_tokens) {
            if (t.size() == text.size() && t == text)
                return true;
        }
        return false;
    }

private:
    bool m_empty = false;
    std::size_t m_maxSize = 0;
    bool m_first[256] = {};
    std::vector<std::string> m_tokens;
};

} // namespace flowline::core::csv

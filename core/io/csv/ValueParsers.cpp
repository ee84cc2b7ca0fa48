#include "ValueParsers.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace flowline::core::csv {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

enum class Fast { Ok, NotNumber, Unsure };

// Plain decimals ("-12.5", "3e4") with at most 19 significant digits and a small exponent:
// the digits make an exact integer m < 2^53 and 10^|e| <= 10^22 is exact too, so one IEEE
// multiplication or division gives the correctly rounded value, the same as from_chars.
Fast fastDecimal(std::string_view s, double &out)
{
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = s.data();
    const char *end = p + s.size();
    const bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        ++p;
    std::uint64_t m = 0;
    const char *first = p;
    for (; p < end; ++p) {
        const unsigned d = static_cast<unsigned char>(*p) - unsigned('0');
        if (d > 9)
            break;
        m = m * 10 + d;
    }
    std::ptrdiff_t digits = p - first;
    int exponent = 0;
    if (p < end && *p == '.') {
        const char *fraction = ++p;
        for (; p < end; ++p) {
            const unsigned d = static_cast<unsigned char>(*p) - unsigned('0');
            if (d > 9)
                break;
            m = m * 10 + d;
        }
        exponent = -static_cast<int>(p - fraction);
        digits += p - fraction;
    }
    if (digits == 0)
        return Fast::Unsure; // "inf", "nan", "." ...
    if (p < end) {
        if (*p != 'e' && *p != 'E')
            return Fast::NotNumber;
        ++p;
        bool negativeExp = false;
        if (p < end && (*p == '-' || *p == '+')) {
            negativeExp = *p == '-';
            ++p;
        }
        int e = 0;
        const char *expFirst = p;
        for (; p < end && isDigit(*p); ++p) {
            if (e < 100000)
                e = e * 10 + (*p - '0');
        }
        if (p == expFirst || p != end)
            return Fast::NotNumber;
        exponent += negativeExp ? -e : e;
    }
    // More than 19 digits may have overflowed m (leading zeros included): leave those, and
    // anything past 2^53 or 10^22, to from_chars.
    if (digits > 19 || m > (std::uint64_t(1) << 53) || exponent < -22 || exponent > 22)
        return Fast::Unsure;
    double v = static_cast<double>(m);
    if (exponent < 0)
        v /= kPow10[-exponent];
    else if (exponent > 0)
        v *= kPow10[exponent];
    out = negative ? -v : v;
    return Fast::Ok;
}

bool fromChars(std::string_view s, double &out)
{
    if (s.empty())
        return false;
    const char *first = s.data();
    const char *last = first + s.size();
    if (*first == '+') {
        ++first;
        // "+-1" and a lone "+" are not numbers.
        if (first == last || *first == '-' || *first == '+')
            return false;
    }
    const auto res = std::from_chars(first, last, out, std::chars_format::general);
    return res.ec == std::errc() && res.ptr == last;
}

// Reads exactly `digits` digits (or 1..maxDigits when digits == 0) as an unsigned number.
bool readInt(std::string_view s, std::size_t &pos, int minDigits, int maxDigits, int &out)
{
    int value = 0;
    int n = 0;
    while (pos < s.size() && n < maxDigits && isDigit(s[pos])) {
        value = value * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    if (n < minDigits)
        return false;
    out = value;
    return true;
}

bool expect(std::string_view s, std::size_t &pos, char c)
{
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

// Optional time part after a date: [sep]HH:MM[:SS[.fff...]] and, when allowZone, a zone.
bool parseTime(std::string_view s, std::size_t &pos, bool allowT, bool allowZone, std::int64_t &ms)
{
    ms = 0;
    if (pos == s.size())
        return true;
    if (s[pos] == ' ' || (allowT && (s[pos] == 'T' || s[pos] == 't')))
        ++pos;
    else
        return false;
    int h = 0, m = 0, sec = 0;
    if (!readInt(s, pos, 2, 2, h) || !expect(s, pos, ':') || !readInt(s, pos, 2, 2, m))
        return false;
    std::int64_t frac = 0;
    if (expect(s, pos, ':')) {
        if (!readInt(s, pos, 2, 2, sec))
            return false;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int digits = 0;
            std::int64_t scale = 100;
            while (pos < s.size() && isDigit(s[pos])) {
                frac += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
                ++digits;
            }
            if (digits == 0)
                return false;
        }
    }
    if (h > 24 || m > 59 || sec > 60 || (h == 24 && (m != 0 || sec != 0 || frac != 0)))
        return false;
    if (sec == 60)
        sec = 59; // a leap second is kept within its minute
    ms = ((h * 60 + m) * 60 + sec) * std::int64_t(1000) + frac;
    if (allowZone && pos < s.size()) {
        if (s[pos] == 'Z' || s[pos] == 'z') {
            ++pos;
        } else if (s[pos] == '+' || s[pos] == '-') {
            const int sign = s[pos] == '-' ? -1 : 1;
            ++pos;
            int zh = 0, zm = 0;
            if (!readInt(s, pos, 2, 2, zh))
                return false;
            if (expect(s, pos, ':')) {
                if (!readInt(s, pos, 2, 2, zm))
                    return false;
            } else if (pos < s.size()) {
                if (!readInt(s, pos, 2, 2, zm))
                    return false;
            }
            if (zh > 23 || zm > 59)
                return false;
            ms -= sign * (zh * 60 + zm) * std::int64_t(60'000);
        }
    }
    return pos == s.size();
}

} // namespace

bool parseNumber(std::string_view text, const NumberSyntax &syntax, double &out)
{
    if (!text.empty() && (isSpace(text.front()) || isSpace(text.back())))
        text = trimmed(text);
    if (text.empty())
        return false;
    if (!syntax.decimalComma && syntax.thousands == 0) {
        switch (fastDecimal(text, out)) {
        case Fast::Ok:
            return true;
        case Fast::NotNumber:
            return false;
        case Fast::Unsure:
            break;
        }
        return fromChars(text, out);
    }
    if (text.size() > 128)
        return false;
    char buf[128];
    std::size_t n = 0;
    for (char c : text) {
        if (syntax.thousands != 0 && c == syntax.thousands)
            continue;
        if (syntax.decimalComma && c == '.' && syntax.thousands != '.')
            return false; // a point where a comma is expected: not this syntax
        buf[n++] = (syntax.decimalComma && c == ',') ? '.' : c;
    }
    return fromChars(std::string_view(buf, n), out);
}

bool parseBoolean(std::string_view text, std::int8_t &out)
{
    text = trimmed(text);
    auto equalsNoCase = [](std::string_view a, std::string_view lower) {
        if (a.size() != lower.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char c = a[i];
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
            if (c != lower[i])
                return false;
        }
        return true;
    };
    if (equalsNoCase(text, "true")) {
        out = 1;
        return true;
    }
    if (equalsNoCase(text, "false")) {
        out = 0;
        return true;
    }
    return false;
}

const char *dateLayoutName(DateLayout layout)
{
    switch (layout) {
    case DateLayout::Iso:
        return "YYYY-MM-DD";
    case DateLayout::YmdSlash:
        return "YYYY/MM/DD";
    case DateLayout::Mdy:
        return "MM/DD/YYYY";
    case DateLayout::Dmy:
        return "DD/MM/YYYY";
    case DateLayout::DmyDot:
        return "DD.MM.YYYY";
    case DateLayout::None:
        break;
    }
    return "none";
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    // Shift the year to start in March so the leap day is the last day of the year.
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool parseDatetime(std::string_view text, DateLayout layout, std::int64_t &msecs)
{
    const std::string_view s = trimmed(text);
    std::size_t pos = 0;
    int y = 0, m = 0, d = 0;
    bool ok = false;
    switch (layout) {
    case DateLayout::Iso:
        ok = readInt(s, pos, 4, 4, y) && expect(s, pos, '-') && readInt(s, pos, 2, 2, m) &&
             expect(s, pos, '-') && readInt(s, pos, 2, 2, d);
        break;
    case DateLayout::YmdSlash:
        ok = readInt(s, pos, 4, 4, y) && expect(s, pos, '/') && readInt(s, pos, 1, 2, m) &&
             expect(s, pos, '/') && readInt(s, pos, 1, 2, d);
        break;
    case DateLayout::Mdy:
        ok = readInt(s, pos, 1, 2, m) && expect(s, pos, '/') && readInt(s, pos, 1, 2, d) &&
             expect(s, pos, '/') && readInt(s, pos, 4, 4, y);
        break;
    case DateLayout::Dmy:
        ok = readInt(s, pos, 1, 2, d) && expect(s, pos, '/') && readInt(s, pos, 1, 2, m) &&
             expect(s, pos, '/') && readInt(s, pos, 4, 4, y);
        break;
    case DateLayout::DmyDot:
        ok = readInt(s, pos, 1, 2, d) && expect(s, pos, '.') && readInt(s, pos, 1, 2, m) &&
             expect(s, pos, '.') && readInt(s, pos, 4, 4, y);
        break;
    case DateLayout::None:
        return false;
    }
    if (!ok || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
        return false;
    std::int64_t timeMs = 0;
    if (!parseTime(s, pos, layout == DateLayout::Iso, layout == DateLayout::Iso, timeMs))
        return false;
    msecs =
        daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86'400'000 + timeMs;
    return true;
}

const std::vector<DateLayout> &dateLayoutCandidates(bool dayFirst)
{
    static const std::vector<DateLayout> monthFirst = {DateLayout::Iso, DateLayout::YmdSlash,
                                                       DateLayout::Mdy, DateLayout::Dmy,
                                                       DateLayout::DmyDot};
    static const std::vector<DateLayout> dayFirstOrder = {DateLayout::Iso, DateLayout::YmdSlash,
                                                          DateLayout::Dmy, DateLayout::Mdy,
                                                          DateLayout::DmyDot};
    return dayFirst ? dayFirstOrder : monthFirst;
}

MissingTokens::MissingTokens(const QStringList &tokens)
{
    for (const auto &t : tokens) {
        if (t.isEmpty())
            m_empty = true;
        else
            m_tokens.push_back(t.toStdString());
    }
    for (const auto &t : m_tokens) {
        m_maxSize = std::max(m_maxSize, t.size());
        m_first[static_cast<unsigned char>(t[0])] = true;
    }
}

} // namespace flowline::core::csv

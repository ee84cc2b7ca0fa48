#include "Functions.h"

#include "Kernels.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::expr {

namespace {

bool isAscii(StrVal s)
{
    return std::all_of(s.begin(), s.end(), [](char ch) { return (ch & 0x80) == 0; });
}

template <bool Upper>
void changeCase(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    StrVal *o = c.output<StrVal>();
    for (int i = 0; i < c.n; ++i) {
        const StrVal s = a[i];
        if (isMissing(s)) {
            o[i] = s;
        } else if (isAscii(s)) {
            char *p = c.arena.allocate(s.size());
            for (std::size_t k = 0; k < s.size(); ++k) {
                const char ch = s[k];
                p[k] = Upper ? (ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch)
                             : (ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
            }
            o[i] = StrVal(p, s.size());
        } else {
            const QString q = QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
            const QByteArray u = (Upper ? q.toUpper() : q.toLower()).toUtf8();
            o[i] = c.arena.store(StrVal(u.constData(), static_cast<std::size_t>(u.size())));
        }
    }
}

void trim(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    StrVal *o = c.output<StrVal>();
    auto space = [](char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); };
    for (int i = 0; i < c.n; ++i) {
        StrVal s = a[i];
        if (!isMissing(s)) {
            while (!s.empty() && space(s.front()))
                s.remove_prefix(1);
            while (!s.empty() && space(s.back()))
                s.remove_suffix(1);
        }
        o[i] = s;
    }
}

bool isContinuation(char ch)
{
    return (static_cast<unsigned char>(ch) & 0xC0) == 0x80;
}

// Characters are Unicode code points.
void length(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i) {
        if (isMissing(a[i])) {
            o[i] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        std::size_t count = 0;
        for (const char ch : a[i])
            count += isContinuation(ch) ? 0 : 1;
        o[i] = static_cast<double>(count);
    }
}

// Byte offset of the code point number `skip` (0-based) of s, or s.size().
std::size_t skipCodePoints(StrVal s, double skip)
{
    std::size_t at = 0;
    for (double k = 0; k < skip && at < s.size(); ++k) {
        ++at;
        while (at < s.size() && isContinuation(s[at]))
            ++at;
    }
    return at;
}

// substring(s, start, count): count characters from character number start (the first is 1).
void substring(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    const double *start = c.in<double>(1);
    const double *count = c.node.args.size() > 2 ? c.in<double>(2) : nullptr;
    StrVal *o = c.output<StrVal>();
    for (int i = 0; i < c.n; ++i) {
        const double n = count ? count[i] : HUGE_VAL;
        if (isMissing(a[i]) || std::isnan(start[i]) || std::isnan(n)) {
            o[i] = StrVal();
            continue;
        }
        const StrVal s = a[i];
        const std::size_t from = skipCodePoints(s, std::max(0.0, std::floor(start[i]) - 1.0));
        const StrVal rest = s.substr(from);
        o[i] = rest.substr(0, skipCodePoints(rest, std::max(0.0, std::floor(n))));
    }
}

enum class Match { StartsWith, EndsWith };

template <Match M>
void matchText(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    const StrVal *b = c.in<StrVal>(1);
    std::uint8_t *o = c.output<std::uint8_t>();
    for (int i = 0; i < c.n; ++i) {
        if (isMissing(a[i]) || isMissing(b[i]))
            o[i] = kUnknown;
        else
            o[i] = (M == Match::StartsWith ? a[i].starts_with(b[i]) : a[i].ends_with(b[i]))
                       ? kTrue
                       : kFalse;
    }
}

void replace(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    const StrVal *from = c.in<StrVal>(1);
    const StrVal *to = c.in<StrVal>(2);
    StrVal *o = c.output<StrVal>();
    std::string buffer;
    for (int i = 0; i < c.n; ++i) {
        if (isMissing(a[i]) || isMissing(from[i]) || isMissing(to[i])) {
            o[i] = StrVal();
            continue;
        }
        if (from[i].empty() || a[i].find(from[i]) == StrVal::npos) {
            o[i] = a[i];
            continue;
        }
        buffer.clear();
        std::size_t at = 0;
        for (std::size_t hit; (hit = a[i].find(from[i], at)) != StrVal::npos;
             at = hit + from[i].size())
            buffer.append(a[i].substr(at, hit - at)).append(to[i]);
        buffer.append(a[i].substr(at));
        o[i] = c.arena.store(buffer);
    }
}

} // namespace

void addTextFunctions(std::vector<FunctionSpec> &table)
{
    using namespace spec;
    // clang-format off
    table.insert(table.end(), {
        {"contains", {S, S}, 2, 2, B, one(containsKernel()), "contains(text, part)",
         "whether part occurs in text"},
        {"endswith", {S, S}, 2, 2, B, one(&matchText<Match::EndsWith>),
         "endswith(text, suffix)", "whether text ends with suffix"},
        {"length", {S}, 1, 1, N, one(&length), "length(text)", "number of characters"},
        {"lower", {S}, 1, 1, S, one(&changeCase<false>), "lower(text)", "text in lower case", false},
        {"replace", {S, S, S}, 3, 3, S, one(&replace), "replace(text, old, new)",
         "text with every old replaced by new"},
        {"startswith", {S, S}, 2, 2, B, one(&matchText<Match::StartsWith>),
         "startswith(text, prefix)", "whether text starts with prefix"},
        {"substring", {S, N, N}, 2, 3, S, one(&substring), "substring(text, start, count)",
         "count characters (default: all) from character start; the first is 1"},
        {"trim", {S}, 1, 1, S, one(&trim), "trim(text)",
         "text without leading and trailing spaces"},
        {"upper", {S}, 1, 1, S, one(&changeCase<true>), "upper(text)", "text in upper case", false},
    });
    // clang-format on
}

} // namespace flowline::core::expr

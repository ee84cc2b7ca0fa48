#include "Functions.h"

#include "Ast.h"

#include "io/csv/ValueParsers.h"

#include <limits>

namespace flowline::core::expr {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

struct Civil
{
    std::int64_t year;
    int month;
    int day;
    std::int64_t days;    // since 1970-01-01
    std::int64_t msOfDay; // since midnight
};

// Howard Hinnant's days-to-civil algorithm on floor(ms / day).
Civil civil(std::int64_t ms)
{
    std::int64_t days = ms / kDayMs;
    if (ms % kDayMs < 0)
        --days;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, days, ms - days * kDayMs};
}

double partYear(const Civil &c)
{
    return static_cast<double>(c.year);
}
double partMonth(const Civil &c)
{
    return c.month;
}
double partDay(const Civil &c)
{
    return c.day;
}
double partHour(const Civil &c)
{
    return static_cast<double>(c.msOfDay / 3'600'000);
}
double partMinute(const Civil &c)
{
    return static_cast<double>(c.msOfDay / 60'000 % 60);
}
double partSecond(const Civil &c)
{
    return static_cast<double>(c.msOfDay % 60'000) / 1000.0;
}
double partQuarter(const Civil &c)
{
    return (c.month - 1) / 3 + 1;
}
// ISO: Monday is 1, Sunday 7; 1970-01-01 was a Thursday.
double partWeekday(const Civil &c)
{
    return static_cast<double>(((c.days % 7) + 10) % 7 + 1);
}
double partDayOfYear(const Civil &c)
{
    return static_cast<double>(c.days - csv::daysFromCivil(c.year, 1, 1) + 1);
}

template <double (*Part)(const Civil &)>
void datePart(const KernelCall &c)
{
    const std::int64_t *a = c.in<std::int64_t>(0);
    double *o = c.output<double>();
    for (int i = 0; i < c.n; ++i)
        o[i] = isMissing(a[i]) ? std::numeric_limits<double>::quiet_NaN() : Part(civil(a[i]));
}

// date("2024-03-01") or date("2024-03-01T12:30:00Z"); missing when not a date.
void parseDate(const KernelCall &c)
{
    const StrVal *a = c.in<StrVal>(0);
    std::int64_t *o = c.output<std::int64_t>();
    for (int i = 0; i < c.n; ++i) {
        std::int64_t ms = kMissingTime;
        if (isMissing(a[i]) || !csv::parseDatetime(a[i], csv::DateLayout::Iso, ms))
            ms = kMissingTime;
        o[i] = ms;
    }
}

} // namespace

void addDateFunctions(std::vector<FunctionSpec> &table)
{
    using namespace spec;
    // clang-format off
    table.insert(table.end(), {
        {"date", {S}, 1, 1, D, one(&parseDate), "date(text)",
         "the date in ISO text (2024-03-01, 2024-03-01T12:30:00Z); missing if not a date"},
        {"day", {D}, 1, 1, N, one(&datePart<partDay>), "day(date)", "day of the month, 1-31"},
        {"dayofyear", {D}, 1, 1, N, one(&datePart<partDayOfYear>), "dayofyear(date)",
         "day of the year, 1-366"},
        {"hour", {D}, 1, 1, N, one(&datePart<partHour>), "hour(date)", "hour, 0-23 (UTC)"},
        {"minute", {D}, 1, 1, N, one(&datePart<partMinute>), "minute(date)", "minute, 0-59"},
        {"month", {D}, 1, 1, N, one(&datePart<partMonth>), "month(date)", "month, 1-12"},
        {"quarter", {D}, 1, 1, N, one(&datePart<partQuarter>), "quarter(date)", "quarter, 1-4"},
        {"second", {D}, 1, 1, N, one(&datePart<partSecond>), "second(date)",
         "seconds, 0-59.999"},
        {"weekday", {D}, 1, 1, N, one(&datePart<partWeekday>), "weekday(date)",
         "day of the week, Monday = 1 ... Sunday = 7"},
        {"year", {D}, 1, 1, N, one(&datePart<partYear>), "year(date)", "year"},
    });
    // clang-format on
}

} // namespace flowline::core::expr

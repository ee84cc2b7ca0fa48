#include "DateParts.h"

#include "StepSupport.h"
#include "io/csv/ValueParsers.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"

#include <QJsonObject>

#include <cmath>
#include <limits>

namespace flowline::core::prep {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;
const QStringList kParts = {QStringLiteral("year"), QStringLiteral("month"),
                            QStringLiteral("day"),  QStringLiteral("weekday"),
                            QStringLiteral("hour"), QStringLiteral("days_since")};

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Proleptic Gregorian year, month, day of a day count since 1970-01-01 (H. Hinnant's
// civil_from_days).
void civil(std::int64_t days, std::int64_t &y, int &m, int &d)
{
    days += 719468;
    const std::int64_t era = floorDiv(days, 146097);
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2);
}

Result<std::int64_t> parseReference(const QString &text)
{
    std::int64_t ms = 0;
    if (!csv::parseDatetime(text.trimmed().toStdString(), csv::DateLayout::Iso, ms))
        return Error{QStringLiteral("date_parts: the reference date '%1' is not an ISO date "
                                    "(2020-01-31 or 2020-01-31T08:00:00)")
                         .arg(text)};
    return ms;
}

} // namespace

FittedDateParts::FittedDateParts(DatePartsSpec spec, std::int64_t referenceMs)
    : m_spec(std::move(spec))
    , m_referenceMs(referenceMs)
{}

Result<std::shared_ptr<const FittedDateParts>> fitDateParts(const Table &table,
                                                            const DatePartsSpec &spec, JobContext &)
{
    auto col =
        requireColumns(table, {spec.column}, {ColumnKind::Datetime}, QStringLiteral("date_parts"));
    if (!col)
        return col.error();
    if (spec.parts.isEmpty())
        return Error{QStringLiteral("date_parts: choose the parts of '%1'").arg(spec.column)};
    for (const QString &p : spec.parts) {
        if (!kParts.contains(p))
            return Error{QStringLiteral("date_parts: unknown part '%1' (one of: %2)")
                             .arg(p, kParts.join(QStringLiteral(", ")))};
    }
    auto ref = parseReference(spec.reference);
    if (!ref)
        return ref.error();
    return std::make_shared<const FittedDateParts>(spec, *ref);
}

Result<Table> FittedDateParts::apply(const Table &in, JobContext &) const
{
    auto cols = requireColumns(in, {m_spec.column}, {ColumnKind::Datetime}, kind());
    if (!cols)
        return cols.error();
    const auto &dates = static_cast<const DatetimeColumn &>(*in.column(cols->front()));
    const auto n = static_cast<std::size_t>(dates.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::vector<double>> out(static_cast<std::size_t>(m_spec.parts.size()),
                                         std::vector<double>(n, nan));
    std::vector<int> which;
    for (const QString &p : m_spec.parts)
        which.push_back(static_cast<int>(kParts.indexOf(p)));
    for (std::size_t r = 0; r < n; ++r) {
        const std::int64_t ms = dates.values()[r];
        if (ms == DatetimeColumn::kMissing)
            continue;
        const std::int64_t days = floorDiv(ms, kDayMs);
        std::int64_t y = 0;
        int m = 0, d = 0;
        civil(days, y, m, d);
        const double values[] = {static_cast<double>(y),
                                 static_cast<double>(m),
                                 static_cast<double>(d),
                                 static_cast<double>(((days + 3) % 7 + 7) % 7),
                                 static_cast<double>((ms - days * kDayMs) / 3'600'000),
                                 static_cast<double>(ms - m_referenceMs) / kDayMs};
        for (std::size_t j = 0; j < which.size(); ++j)
            out[j][r] = values[which[j]];
    }
    Table t = in;
    for (std::size_t j = 0; j < out.size(); ++j)
        t = t.withColumn(m_spec.column + QLatin1Char('_') + m_spec.parts[static_cast<qsizetype>(j)],
                         std::make_shared<NumericColumn>(std::move(out[j])));
    return t;
}

QJsonObject FittedDateParts::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind()},
                       {QStringLiteral("column"), m_spec.column},
                       {QStringLiteral("parts"), stringsToJson(m_spec.parts)},
                       {QStringLiteral("reference"), m_spec.reference}};
}

Result<FittedStepPtr> FittedDateParts::fromJson(const QJsonObject &json)
{
    DatePartsSpec spec;
    spec.column = json.value(QStringLiteral("column")).toString();
    spec.parts = stringsFromJson(json.value(QStringLiteral("parts")));
    spec.reference = json.value(QStringLiteral("reference")).toString();
    for (const QString &p : spec.parts) {
        if (!kParts.contains(p))
            return Error{QStringLiteral("date_parts: unknown part '%1' in 'parts'").arg(p)};
    }
    auto ref = parseReference(spec.reference);
    if (!ref)
        return ref.error();
    return FittedStepPtr(std::make_shared<const FittedDateParts>(spec, *ref));
}

QString FittedDateParts::summary() const
{
    return QStringLiteral("%1 of %2").arg(m_spec.parts.join(QStringLiteral(", ")), m_spec.column);
}

Result<Refitted> FittedDateParts::refit(const Table &in, JobContext &ctx) const
{
    return refitWith(in, ctx,
                     [&](const Table &t, JobContext &c) { return fitDateParts(t, m_spec, c); });
}

} // namespace flowline::core::prep

#include "DisplayFormat.h"

#include "table/DatetimeColumn.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace flowline::widgets {

namespace {
const char *const kContext = "flowline::widgets::DisplayFormat";

// Drops trailing zeros after the decimal point, and the point itself when nothing follows.
QString trimFraction(QString text, const QLocale &locale)
{
    const QString point = locale.decimalPoint();
    if (!text.contains(point))
        return text;
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1) == locale.zeroDigit().at(0))
        --end;
    if (text.mid(end - point.size(), point.size()) == point)
        end -= point.size();
    text.truncate(end);
    return text;
}
} // namespace

QString formatNumber(double value, int significant)
{
    if (std::isnan(value))
        return missingPlaceholder();
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    const QLocale locale;
    const double magnitude = std::abs(value);
    if (magnitude < 1e15 && value == std::trunc(value))
        return locale.toString(static_cast<qlonglong>(value));
    if (magnitude >= 1e-4 && magnitude < 1e15) {
        const int integerDigits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
        const int decimals = std::clamp(significant - integerDigits, 0, 12);
        const QString text = trimFraction(locale.toString(value, 'f', decimals), locale);
        // Rounding can leave nothing but zeros ("-0"): show the value as it is then.
        if (text != locale.toString(0) && text != QStringLiteral("-") + locale.toString(0))
            return text;
    }
    return locale.toString(value, 'g', significant);
}

QString formatCount(std::int64_t value)
{
    return QLocale().toString(static_cast<qlonglong>(value));
}

QString formatPercent(double fraction)
{
    if (std::isnan(fraction))
        return missingPlaceholder();
    const double percent = fraction * 100.0;
    if (percent == 0.0)
        return QLocale().toString(0) + QLatin1Char('%');
    if (percent < 0.05)
        return QStringLiteral("<") + QLocale().toString(0.1, 'f', 1) + QLatin1Char('%');
    if (percent > 99.95 && percent < 100.0)
        return QStringLiteral(">") + QLocale().toString(99.9, 'f', 1) + QLatin1Char('%');
    return trimFraction(QLocale().toString(percent, 'f', 1), QLocale()) + QLatin1Char('%');
}

QString formatDateTime(std::int64_t msecs)
{
    return core::DatetimeColumn::format(msecs);
}

QString kindLabel(core::ColumnKind kind)
{
    switch (kind) {
    case core::ColumnKind::Numeric:
        return QCoreApplication::translate(kContext, "numeric");
    case core::ColumnKind::Categorical:
        return QCoreApplication::translate(kContext, "categorical");
    case core::ColumnKind::Text:
        return QCoreApplication::translate(kContext, "text");
    case core::ColumnKind::Datetime:
        return QCoreApplication::translate(kContext, "datetime");
    case core::ColumnKind::Boolean:
        return QCoreApplication::translate(kContext, "boolean");
    }
    return {};
}

QString missingPlaceholder()
{
    return QStringLiteral("—");
}

} // namespace flowline::widgets

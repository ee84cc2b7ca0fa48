#include "BooleanColumn.h"
#include "DatetimeColumn.h"
#include "NumericColumn.h"

#include <QDateTime>
#include <QTimeZone>

namespace flowline::core {

QString NumericColumn::displayValue(std::int64_t row) const
{
    const double v = value(row);
    if (std::isnan(v))
        return {};
    // Shortest text that reads back to the same double.
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString DatetimeColumn::format(std::int64_t msecs)
{
    if (msecs == kMissing)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    if (t.time() == QTime(0, 0))
        return t.date().toString(Qt::ISODate);
    if (t.time().msec() != 0)
        return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"));
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
}

QString DatetimeColumn::displayValue(std::int64_t row) const
{
    return format(value(row));
}

QString BooleanColumn::displayValue(std::int64_t row) const
{
    switch (value(row)) {
    case 0:
        return QStringLiteral("false");
    case 1:
        return QStringLiteral("true");
    default:
        return {};
    }
}

} // namespace flowline::core

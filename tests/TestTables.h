#pragma once

// Small helpers shared by the test suites: tables as text, and byte-exact comparisons.

#include "table/Column.h"
#include "table/NumericColumn.h"
#include "table/Table.h"

#include <QString>
#include <QStringList>

#include <cmath>
#include <cstring>

namespace flowline::tests {

// Every cell as displayed, missing as "<NA>", one row per line, with a header line.
inline QStringList tableRows(const core::Table &t)
{
    QStringList rows;
    rows << t.columnNames().join(QLatin1Char('|'));
    for (std::int64_t r = 0; r < t.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < t.columnCount(); ++c)
            cells << (t.column(c)->isMissing(r) ? QStringLiteral("<NA>")
                                                : t.column(c)->displayValue(r));
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

inline QString kinds(const core::Table &t)
{
    QStringList k;
    for (int c = 0; c < t.columnCount(); ++c)
        k << core::kindName(t.kind(c));
    return k.join(QLatin1Char(','));
}

// Same names, kinds and cells; numbers compared bit for bit (NaN equals NaN).
inline bool sameTable(const core::Table &a, const core::Table &b, QString *why = nullptr)
{
    auto fail = [&](const QString &m) {
        if (why)
            *why = m;
        return false;
    };
    if (a.columnNames() != b.columnNames())
        return fail(QStringLiteral("names differ"));
    if (a.rowCount() != b.rowCount())
        return fail(
            QStringLiteral("row counts differ: %1 vs %2").arg(a.rowCount()).arg(b.rowCount()));
    for (int c = 0; c < a.columnCount(); ++c) {
        if (a.kind(c) != b.kind(c))
            return fail(QStringLiteral("column %1: kinds differ").arg(a.columnName(c)));
        for (std::int64_t r = 0; r < a.rowCount(); ++r) {
            if (a.column(c)->isMissing(r) != b.column(c)->isMissing(r))
                return fail(QStringLiteral("column %1 row %2: missing differs")
                                .arg(a.columnName(c))
                                .arg(r));
            if (const auto *na = a.numeric(c)) {
                const double x = na->value(r), y = b.numeric(c)->value(r);
                if (std::memcmp(&x, &y, sizeof x) != 0 && !(std::isnan(x) && std::isnan(y)))
                    return fail(QStringLiteral("column %1 row %2: %3 vs %4")
                                    .arg(a.columnName(c))
                                    .arg(r)
                                    .arg(x)
                                    .arg(y));
            } else if (a.column(c)->displayValue(r) != b.column(c)->displayValue(r)) {
                return fail(QStringLiteral("column %1 row %2: '%3' vs '%4'")
                                .arg(a.columnName(c))
                                .arg(r)
                                .arg(a.column(c)->displayValue(r), b.column(c)->displayValue(r)));
            }
        }
    }
    return true;
}

} // namespace flowline::tests

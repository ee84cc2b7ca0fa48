#pragma once

// Helpers shared by the categorical and column step suites.

#include "table/NumericColumn.h"
#include "table/Table.h"

#include <QString>

#include <cstring>

namespace flowline::tests {

// Every column of a and b has the same kind, role and values (numbers bit for bit).
inline QString sameTables(const core::Table &a, const core::Table &b)
{
    if (a.columnNames() != b.columnNames() || a.rowCount() != b.rowCount())
        return QStringLiteral("different shapes");
    for (int c = 0; c < a.columnCount(); ++c) {
        if (a.kind(c) != b.kind(c) || a.role(c) != b.role(c))
            return QStringLiteral("column '%1': kinds or roles differ").arg(a.columnName(c));
        for (std::int64_t r = 0; r < a.rowCount(); ++r) {
            if (const auto *x = a.numeric(c)) {
                const double u = x->value(r), v = b.numeric(c)->value(r);
                if (std::memcmp(&u, &v, sizeof u) != 0)
                    return QStringLiteral("column '%1' row %2").arg(a.columnName(c)).arg(r);
            } else if (a.column(c)->displayValue(r) != b.column(c)->displayValue(r)) {
                return QStringLiteral("column '%1' row %2").arg(a.columnName(c)).arg(r);
            }
        }
    }
    return {};
}

} // namespace flowline::tests

#define VERIFY_OK(r) QVERIFY2((r), qPrintable((r) ? QString() : (r).error().message))

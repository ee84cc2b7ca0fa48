#include "PortValue.h"

#include "table/BooleanColumn.h"
#include "table/NumericColumn.h"

#include <QJsonArray>

#include <cmath>

namespace flowline::flows {

QString portTypeName(PortType type)
{
    switch (type) {
    case PortType::Table:
        return QStringLiteral("Table");
    case PortType::Model:
        return QStringLiteral("Model");
    case PortType::Evaluation:
        return QStringLiteral("Evaluation");
    case PortType::Report:
        return QStringLiteral("Report");
    }
    return {};
}

QString TableValue::summary() const
{
    return QStringLiteral("%1 rows x %2 columns")
        .arg(m_table.rowCount())
        .arg(m_table.columnCount());
}

QJsonObject TableValue::toJson() const
{
    QJsonArray columns;
    for (int c = 0; c < m_table.columnCount(); ++c)
        columns.append(QJsonObject{{QStringLiteral("name"), m_table.columnName(c)},
                                   {QStringLiteral("kind"), core::kindName(m_table.kind(c))}});
    QJsonArray rows;
    const std::int64_t shown = std::min<std::int64_t>(m_table.rowCount(), 5);
    for (std::int64_t r = 0; r < shown; ++r) {
        QJsonArray row;
        for (int c = 0; c < m_table.columnCount(); ++c) {
            const auto &col = *m_table.column(c);
            if (col.isMissing(r))
                row.append(QJsonValue::Null);
            else if (col.kind() == core::ColumnKind::Numeric &&
                     std::isfinite(static_cast<const core::NumericColumn &>(col).value(r)))
                row.append(static_cast<const core::NumericColumn &>(col).value(r));
            else if (col.kind() == core::ColumnKind::Boolean)
                row.append(static_cast<const core::BooleanColumn &>(col).value(r) == 1);
            else
                row.append(col.displayValue(r));
        }
        rows.append(row);
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("Table")},
                       {QStringLiteral("rows"), static_cast<qint64>(m_table.rowCount())},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("head"), rows}};
}

QString ProfileReportValue::summary() const
{
    std::int64_t missing = 0;
    for (const auto &c : m_profile.columns)
        missing += c.missing;
    return QStringLiteral("profile of %1 rows x %2 columns, %3 missing values")
        .arg(m_profile.rows)
        .arg(m_profile.columns.size())
        .arg(missing);
}

QJsonObject ProfileReportValue::toJson() const
{
    const auto num = [](double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); };
    QJsonArray columns;
    for (const auto &c : m_profile.columns) {
        QJsonObject o{{QStringLiteral("name"), c.name},
                      {QStringLiteral("kind"), core::kindName(c.kind)},
                      {QStringLiteral("count"), static_cast<qint64>(c.count)},
                      {QStringLiteral("missing"), static_cast<qint64>(c.missing)},
                      {QStringLiteral("distinct"), static_cast<qint64>(c.distinct)}};
        if (c.kind == core::ColumnKind::Numeric) {
            o.insert(QStringLiteral("mean"), num(c.mean));
            o.insert(QStringLiteral("std"), num(c.std));
            o.insert(QStringLiteral("min"), num(c.min));
            o.insert(QStringLiteral("median"), num(c.median));
            o.insert(QStringLiteral("max"), num(c.max));
        } else if (!c.top.empty()) {
            o.insert(QStringLiteral("top"), c.top.front().first);
            o.insert(QStringLiteral("top_count"), static_cast<qint64>(c.top.front().second));
        }
        columns.append(o);
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("Report")},
                       {QStringLiteral("rows"), static_cast<qint64>(m_profile.rows)},
                       {QStringLiteral("columns"), columns}};
}

} // namespace flowline::flows

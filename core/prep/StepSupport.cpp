#include "StepSupport.h"

#include <cmath>
#include <limits>

namespace flowline::core::prep {

namespace {

QString kindList(std::initializer_list<ColumnKind> kinds)
{
    QStringList names;
    for (ColumnKind k : kinds)
        names << kindName(k);
    return names.join(QStringLiteral(" or "));
}

bool allowed(ColumnKind kind, std::initializer_list<ColumnKind> kinds)
{
    for (ColumnKind k : kinds) {
        if (k == kind)
            return true;
    }
    return false;
}

} // namespace

Result<std::vector<int>> requireColumns(const Table &table, const QStringList &names,
                                        std::initializer_list<ColumnKind> kinds,
                                        const QString &step)
{
    std::vector<int> out;
    for (const QString &name : names) {
        const int i = table.indexOf(name);
        if (i < 0)
            return Error{QStringLiteral("%1: no column '%2'").arg(step, name)};
        if (!allowed(table.kind(i), kinds))
            return Error{QStringLiteral("%1 needs %2 columns; '%3' is %4")
                             .arg(step, kindList(kinds), name, kindName(table.kind(i)))};
        out.push_back(i);
    }
    return out;
}

Result<std::vector<int>> resolveColumns(const Table &table, const QStringList &names,
                                        std::initializer_list<ColumnKind> kinds,
                                        const QString &step)
{
    if (!names.isEmpty())
        return requireColumns(table, names, kinds, step);
    std::vector<int> out;
    for (int i = 0; i < table.columnCount(); ++i) {
        if (table.role(i) == ColumnRole::Feature && allowed(table.kind(i), kinds))
            out.push_back(i);
    }
    return out;
}

QJsonArray numbersToJson(const std::vector<double> &values)
{
    QJsonArray a;
    for (double v : values)
        a.append(std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null));
    return a;
}

Result<std::vector<double>> numbersFromJson(const QJsonValue &json, const QString &field)
{
    if (!json.isArray())
        return Error{QStringLiteral("'%1' must be an array of numbers").arg(field)};
    std::vector<double> out;
    for (const QJsonValue &v : json.toArray()) {
        if (v.isNull())
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        else if (v.isDouble())
            out.push_back(v.toDouble());
        else
            return Error{QStringLiteral("'%1' must be an array of numbers").arg(field)};
    }
    return out;
}

Result<std::int64_t> countFromJson(const QJsonObject &json, const QString &field)
{
    const QJsonValue v = json.value(field);
    if (v.isUndefined())
        return std::int64_t(0);
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || !(d >= 0.0) || d > 9007199254740992.0 || d != std::floor(d))
        return Error{QStringLiteral("'%1' must be a whole number from 0 to 2^53").arg(field)};
    return static_cast<std::int64_t>(d);
}

QStringList stringsFromJson(const QJsonValue &json)
{
    QStringList out;
    for (const QJsonValue &v : json.toArray())
        out << v.toString();
    return out;
}

QJsonArray stringsToJson(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

} // namespace flowline::core::prep

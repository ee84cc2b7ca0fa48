#include "Params.h"

#include <QJsonValue>

#include <cmath>

namespace flowline::core::ml {

namespace {

Error bad(const ParamInfo &info, const QString &why)
{
    return Error{QStringLiteral("parameter '%1': %2").arg(info.key, why)};
}

Result<double> toNumber(const ParamInfo &info, const QVariant &value)
{
    bool ok = false;
    double x = 0;
    if (value.typeId() == QMetaType::QString)
        x = value.toString().trimmed().toDouble(&ok);
    else if (value.typeId() == QMetaType::Bool)
        ok = false;
    else
        x = value.toDouble(&ok);
    if (!ok || !std::isfinite(x))
        return bad(info, QStringLiteral("expected a number, got '%1'").arg(value.toString()));
    if (info.min && x < *info.min)
        return bad(info, QStringLiteral("%1 is below the minimum %2").arg(x).arg(*info.min));
    if (info.max && x > *info.max)
        return bad(info, QStringLiteral("%1 is above the maximum %2").arg(x).arg(*info.max));
    return x;
}

} // namespace

Result<QVariant> coerceParam(const ParamInfo &info, const QVariant &value)
{
    switch (info.kind) {
    case ParamKind::Int: {
        auto x = toNumber(info, value);
        if (!x)
            return x.error();
        if (*x != std::floor(*x) || std::abs(*x) > 9.0e15)
            return bad(info,
                       QStringLiteral("expected a whole number, got '%1'").arg(value.toString()));
        return QVariant(static_cast<qint64>(*x));
    }
    case ParamKind::Double: {
        auto x = toNumber(info, value);
        if (!x)
            return x.error();
        return QVariant(*x);
    }
    case ParamKind::Bool: {
        if (value.typeId() == QMetaType::Bool)
            return value;
        const QString s = value.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes") ||
            s == QLatin1String("on"))
            return QVariant(true);
        if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no") ||
            s == QLatin1String("off"))
            return QVariant(false);
        return bad(info, QStringLiteral("expected true or false, got '%1'").arg(value.toString()));
    }
    case ParamKind::Choice: {
        const QString s = value.toString().trimmed();
        if (!info.choices.contains(s))
            return bad(info, QStringLiteral("'%1' is not one of: %2")
                                 .arg(s, info.choices.join(QStringLiteral(", "))));
        return QVariant(s);
    }
    case ParamKind::String:
        return QVariant(value.toString());
    }
    return bad(info, QStringLiteral("unknown parameter kind"));
}

Result<Params> Params::resolve(const std::vector<ParamInfo> &schema, const QVariantMap &given)
{
    Params p;
    for (auto it = given.begin(); it != given.end(); ++it) {
        const bool known = std::any_of(schema.begin(), schema.end(),
                                       [&](const ParamInfo &i) { return i.key == it.key(); });
        if (!known) {
            QStringList keys;
            for (const ParamInfo &i : schema)
                keys << i.key;
            return Error{QStringLiteral("unknown parameter '%1' (known: %2)")
                             .arg(it.key(), keys.join(QStringLiteral(", ")))};
        }
    }
    for (const ParamInfo &info : schema) {
        const QVariant v = given.contains(info.key) ? given.value(info.key) : info.defaultValue;
        auto c = coerceParam(info, v);
        if (!c)
            return c.error();
        p.m_values.insert(info.key, *c);
    }
    return p;
}

double Params::real(const QString &key) const
{
    return m_values.value(key).toDouble();
}

std::int64_t Params::integer(const QString &key) const
{
    return m_values.value(key).toLongLong();
}

bool Params::flag(const QString &key) const
{
    return m_values.value(key).toBool();
}

QString Params::text(const QString &key) const
{
    return m_values.value(key).toString();
}

QJsonObject Params::toJson() const
{
    return QJsonObject::fromVariantMap(m_values);
}

} // namespace flowline::core::ml

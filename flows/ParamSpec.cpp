#include "ParamSpec.h"

#include <QJsonArray>

#include <cmath>

namespace flowline::flows {

using core::Error;
using core::Result;

QString paramTypeName(ParamType type)
{
    switch (type) {
    case ParamType::Int:
        return QStringLiteral("int");
    case ParamType::Double:
        return QStringLiteral("double");
    case ParamType::Bool:
        return QStringLiteral("bool");
    case ParamType::Choice:
        return QStringLiteral("choice");
    case ParamType::String:
        return QStringLiteral("string");
    case ParamType::Column:
        return QStringLiteral("column");
    case ParamType::ColumnList:
        return QStringLiteral("columns");
    case ParamType::FilePath:
        return QStringLiteral("file");
    case ParamType::Seed:
        return QStringLiteral("seed");
    }
    return {};
}

namespace {

// What a value of the type is, for messages: "expected a whole number".
QString expectation(ParamType type)
{
    switch (type) {
    case ParamType::Int:
        return QStringLiteral("a whole number");
    case ParamType::Double:
        return QStringLiteral("a number");
    case ParamType::Bool:
        return QStringLiteral("true or false");
    case ParamType::Choice:
        return QStringLiteral("one of the choices");
    case ParamType::String:
        return QStringLiteral("a string");
    case ParamType::Column:
        return QStringLiteral("a column name");
    case ParamType::ColumnList:
        return QStringLiteral("a list of column names");
    case ParamType::FilePath:
        return QStringLiteral("a file path");
    case ParamType::Seed:
        return QStringLiteral("a seed (a whole number, 0 or more)");
    }
    return {};
}

QString number(double v)
{
    return QString::number(v, 'g', 15);
}

Result<QVariant> checkRange(const ParamSpec &spec, double v, const QVariant &value)
{
    if (spec.min && v < *spec.min)
        return Error{
            QStringLiteral("%1 is below the minimum %2").arg(number(v), number(*spec.min))};
    if (spec.max && v > *spec.max)
        return Error{
            QStringLiteral("%1 is above the maximum %2").arg(number(v), number(*spec.max))};
    return value;
}

} // namespace

Result<QVariant> ParamSpec::coerce(const QVariant &value) const
{
    const auto typeError = [&]() {
        return Error{
            QStringLiteral("expected %1, got '%2'").arg(expectation(type), value.toString())};
    };
    switch (type) {
    case ParamType::Int:
    case ParamType::Seed: {
        bool ok = false;
        qint64 v = 0;
        if (value.typeId() == QMetaType::Double) {
            const double d = value.toDouble();
            ok = std::isfinite(d) && std::floor(d) == d && std::abs(d) < 9.0e15;
            v = static_cast<qint64>(d);
        } else if (value.typeId() != QMetaType::Bool) {
            v = value.toLongLong(&ok);
        }
        if (!ok)
            return typeError();
        if (type == ParamType::Seed && v < 0)
            return Error{QStringLiteral("a seed must be 0 or more, got %1").arg(v)};
        return checkRange(*this, static_cast<double>(v), QVariant::fromValue(v));
    }
    case ParamType::Double: {
        bool ok = false;
        const double v = value.typeId() == QMetaType::Bool ? 0 : value.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return typeError();
        return checkRange(*this, v, QVariant(v));
    }
    case ParamType::Bool:
        if (value.typeId() != QMetaType::Bool)
            return typeError();
        return value;
    case ParamType::Choice: {
        const QString s = value.toString();
        if (value.typeId() != QMetaType::QString || !choices.contains(s))
            return Error{QStringLiteral("'%1' is not one of: %2")
                             .arg(value.toString(), choices.join(QStringLiteral(", ")))};
        return QVariant(s);
    }
    case ParamType::String:
    case ParamType::FilePath:
    case ParamType::Column:
        if (value.typeId() != QMetaType::QString)
            return typeError();
        if (required && value.toString().isEmpty())
            return Error{QStringLiteral("must not be empty")};
        return value;
    case ParamType::ColumnList: {
        if (value.typeId() == QMetaType::QStringList)
            return value;
        if (value.typeId() == QMetaType::QVariantList) {
            QStringList names;
            for (const auto &v : value.toList()) {
                if (v.typeId() != QMetaType::QString)
                    return typeError();
                names << v.toString();
            }
            return QVariant(names);
        }
        return typeError();
    }
    }
    return typeError();
}

Result<QVariant> ParamSpec::parse(const QString &text) const
{
    switch (type) {
    case ParamType::Int:
    case ParamType::Seed: {
        bool ok = false;
        const qint64 v = text.trimmed().toLongLong(&ok);
        if (!ok)
            return Error{QStringLiteral("expected a whole number, got '%1'").arg(text)};
        return coerce(QVariant::fromValue(v));
    }
    case ParamType::Double: {
        bool ok = false;
        const double v = text.trimmed().toDouble(&ok);
        if (!ok)
            return Error{QStringLiteral("expected a number, got '%1'").arg(text)};
        return coerce(QVariant(v));
    }
    case ParamType::Bool: {
        const QString t = text.trimmed().toLower();
        if (t == QStringLiteral("true") || t == QStringLiteral("1") || t == QStringLiteral("yes"))
            return QVariant(true);
        if (t == QStringLiteral("false") || t == QStringLiteral("0") || t == QStringLiteral("no"))
            return QVariant(false);
        return Error{QStringLiteral("expected true or false, got '%1'").arg(text)};
    }
    case ParamType::ColumnList:
        return coerce(QVariant(text.isEmpty() ? QStringList() : text.split(QLatin1Char(','))));
    default:
        return coerce(QVariant(text));
    }
}

QJsonValue ParamSpec::toJson(const QVariant &value) const
{
    switch (type) {
    case ParamType::Int:
    case ParamType::Seed:
        return QJsonValue(value.toLongLong());
    case ParamType::Double:
        return QJsonValue(value.toDouble());
    case ParamType::Bool:
        return QJsonValue(value.toBool());
    case ParamType::ColumnList:
        return QJsonArray::fromStringList(value.toStringList());
    default:
        return QJsonValue(value.toString());
    }
}

Result<QVariant> ParamSpec::fromJson(const QJsonValue &json) const
{
    switch (json.type()) {
    case QJsonValue::Double:
        return coerce(QVariant(json.toDouble()));
    case QJsonValue::Bool:
        return coerce(QVariant(json.toBool()));
    case QJsonValue::String:
        return coerce(QVariant(json.toString()));
    case QJsonValue::Array:
        return coerce(json.toArray().toVariantList());
    default:
        return Error{QStringLiteral("expected %1").arg(expectation(type))};
    }
}

} // namespace flowline::flows

#include "ModelJson.h"

#include <cmath>
#include <limits>

namespace flowline::core::ml {

QJsonValue numberToJson(double x)
{
    if (std::isnan(x))
        return QStringLiteral("nan");
    if (std::isinf(x))
        return x > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return x;
}

Result<double> numberFromJson(const QJsonValue &json, const QString &field)
{
    if (json.isDouble())
        return json.toDouble();
    if (json.isString()) {
        const QString s = json.toString();
        if (s == QLatin1String("nan"))
            return std::numeric_limits<double>::quiet_NaN();
        if (s == QLatin1String("inf"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-inf"))
            return -std::numeric_limits<double>::infinity();
    }
    return Error{QStringLiteral("model field '%1': expected a number").arg(field)};
}

QJsonArray vectorToJson(const Eigen::VectorXd &v)
{
    QJsonArray a;
    for (Eigen::Index i = 0; i < v.size(); ++i)
        a.append(numberToJson(v[i]));
    return a;
}

QJsonArray vectorToJson(const std::vector<double> &v)
{
    QJsonArray a;
    for (double x : v)
        a.append(numberToJson(x));
    return a;
}

Result<std::vector<double>> stdVectorFromJson(const QJsonValue &json, const QString &field,
                                              Eigen::Index expected)
{
    if (!json.isArray())
        return Error{QStringLiteral("model field '%1': expected an array").arg(field)};
    const QJsonArray a = json.toArray();
    if (expected >= 0 && a.size() != expected)
        return Error{QStringLiteral("model field '%1': expected %2 values, found %3")
                         .arg(field)
                         .arg(expected)
                         .arg(a.size())};
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(a.size()));
    for (const QJsonValue &x : a) {
        auto d = numberFromJson(x, field);
        if (!d)
            return d.error();
        out.push_back(*d);
    }
    return out;
}

Result<Eigen::VectorXd> vectorFromJson(const QJsonValue &json, const QString &field,
                                       Eigen::Index expected)
{
    auto v = stdVectorFromJson(json, field, expected);
    if (!v)
        return v.error();
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(v->data(), Eigen::Index(v->size())));
}

QJsonArray intsToJson(const std::vector<std::int32_t> &v)
{
    QJsonArray a;
    for (std::int32_t x : v)
        a.append(x);
    return a;
}

Result<std::vector<std::int32_t>> intsFromJson(const QJsonValue &json, const QString &field,
                                               Eigen::Index expected)
{
    if (!json.isArray())
        return Error{QStringLiteral("model field '%1': expected an array").arg(field)};
    const QJsonArray a = json.toArray();
    if (expected >= 0 && a.size() != expected)
        return Error{QStringLiteral("model field '%1': expected %2 values, found %3")
                         .arg(field)
                         .arg(expected)
                         .arg(a.size())};
    std::vector<std::int32_t> out;
    out.reserve(static_cast<std::size_t>(a.size()));
    for (const QJsonValue &x : a) {
        const double d = x.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!x.isDouble() || d != std::floor(d) || d < -2147483648.0 || d > 2147483647.0)
            return Error{QStringLiteral("model field '%1': expected whole numbers").arg(field)};
        out.push_back(static_cast<std::int32_t>(d));
    }
    return out;
}

QJsonObject matrixToJson(const Eigen::MatrixXd &m)
{
    QJsonArray data;
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            data.append(numberToJson(m(r, c)));
    return QJsonObject{{QStringLiteral("rows"), double(m.rows())},
                       {QStringLiteral("cols"), double(m.cols())},
                       {QStringLiteral("data"), data}};
}

Result<Eigen::MatrixXd> matrixFromJson(const QJsonValue &json, const QString &field,
                                       Eigen::Index rows, Eigen::Index cols)
{
    if (!json.isObject())
        return Error{QStringLiteral("model field '%1': expected a matrix object").arg(field)};
    const QJsonObject o = json.toObject();
    auto r = intFromJson(o, QStringLiteral("rows"), 0, kMaxJsonElements);
    auto c = intFromJson(o, QStringLiteral("cols"), 0, kMaxJsonElements);
    if (!r || !c)
        return Error{QStringLiteral("model field '%1': bad matrix shape").arg(field)};
    if ((rows >= 0 && *r != rows) || (cols >= 0 && *c != cols))
        return Error{QStringLiteral("model field '%1': expected a %2 x %3 matrix, found %4 x %5")
                         .arg(field)
                         .arg(rows)
                         .arg(cols)
                         .arg(*r)
                         .arg(*c)};
    if (*c != 0 && *r > kMaxJsonElements / *c)
        return Error{QStringLiteral("model field '%1': matrix too large").arg(field)};
    auto v = stdVectorFromJson(o.value(QStringLiteral("data")), field, *r * *c);
    if (!v)
        return v.error();
    Eigen::MatrixXd m(*r, *c);
    std::size_t k = 0;
    for (Eigen::Index i = 0; i < *r; ++i)
        for (Eigen::Index j = 0; j < *c; ++j)
            m(i, j) = (*v)[k++];
    return m;
}

Result<std::int64_t> intFromJson(const QJsonObject &json, const QString &field, std::int64_t min,
                                 std::int64_t max)
{
    const QJsonValue v = json.value(field);
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    // 2^63 itself would round-trip to max as a double: the last test keeps the cast defined.
    if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max) ||
        d >= 9223372036854775808.0)
        return Error{QStringLiteral("model field '%1': expected a whole number in [%2, %3]")
                         .arg(field)
                         .arg(min)
                         .arg(max)};
    return static_cast<std::int64_t>(d);
}

Result<Task> supervisedTaskFromJson(const QJsonObject &json)
{
    const QString text = json.value(QStringLiteral("task")).toString();
    const auto task = taskFromName(text);
    if (!task || (*task != Task::Regression && *task != Task::Classification))
        return Error{QStringLiteral("model field 'task': unknown task '%1'").arg(text)};
    return *task;
}

Result<std::int64_t> classCountFromJson(const QJsonObject &json, Task task, std::int64_t max)
{
    auto classes = intFromJson(json, QStringLiteral("classes"), 0, max);
    if (!classes)
        return classes.error();
    if ((task == Task::Classification) != (*classes >= 2))
        return Error{QStringLiteral("model field 'classes': does not fit the task")};
    return *classes;
}

} // namespace flowline::core::ml

#include "Evaluation.h"

#include "ml/ModelJson.h"

#include <QJsonArray>

#include <limits>

namespace flowline::core::eval {

namespace {

// Bounds on what a stored evaluation may hold, against absurd files.
constexpr qsizetype kMaxMetrics = 1 << 16;
constexpr qsizetype kMaxClasses = 1 << 16;
constexpr qsizetype kMaxCurves = 1 << 16;

Error bad(const QString &what)
{
    return Error{QStringLiteral("evaluation: %1").arg(what)};
}

} // namespace

double Evaluation::metric(const QString &key) const
{
    for (const Metric &m : metrics)
        if (m.key == key)
            return m.value;
    return std::numeric_limits<double>::quiet_NaN();
}

const Curve *Evaluation::curve(const QString &name) const
{
    for (const Curve &c : curves)
        if (c.name == name)
            return &c;
    return nullptr;
}

QJsonObject Evaluation::toJson() const
{
    QJsonArray metricArray;
    for (const Metric &m : metrics)
        metricArray.append(QJsonObject{{QStringLiteral("key"), m.key},
                                       {QStringLiteral("value"), ml::numberToJson(m.value)}});
    QJsonArray curveArray;
    for (const Curve &c : curves)
        curveArray.append(
            QJsonObject{{QStringLiteral("name"), c.name},
                        {QStringLiteral("x"), ml::vectorToJson(c.x)},
                        {QStringLiteral("y"), ml::vectorToJson(c.y)},
                        {QStringLiteral("thresholds"), ml::vectorToJson(c.thresholds)}});
    QJsonObject o{{QStringLiteral("task"), task},
                  {QStringLiteral("metrics"), metricArray},
                  {QStringLiteral("classes"), QJsonArray::fromStringList(classes)},
                  {QStringLiteral("curves"), curveArray},
                  {QStringLiteral("residuals"), ml::vectorToJson(residuals)}};
    if (confusion.size() > 0)
        o.insert(QStringLiteral("confusion"), ml::matrixToJson(confusion));
    return o;
}

Result<Evaluation> Evaluation::fromJson(const QJsonObject &json)
{
    Evaluation e;
    e.task = json.value(QStringLiteral("task")).toString();
    if (e.task != QLatin1String("classification") && e.task != QLatin1String("regression") &&
        e.task != QLatin1String("clustering"))
        return bad(QStringLiteral("unknown task '%1'").arg(e.task));

    const QJsonValue metricValue = json.value(QStringLiteral("metrics"));
    if (!metricValue.isArray() || metricValue.toArray().size() > kMaxMetrics)
        return bad(QStringLiteral("'metrics' must be an array"));
    for (const QJsonValue &v : metricValue.toArray()) {
        const QJsonObject m = v.toObject();
        const QJsonValue key = m.value(QStringLiteral("key"));
        auto value = ml::numberFromJson(m.value(QStringLiteral("value")), QStringLiteral("value"));
        if (!key.isString() || key.toString().isEmpty() || !value)
            return bad(QStringLiteral("a metric needs a key and a number"));
        e.metrics.push_back({key.toString(), *value});
    }

    const QJsonValue classValue = json.value(QStringLiteral("classes"));
    if (!classValue.isUndefined()) {
        if (!classValue.isArray() || classValue.toArray().size() > kMaxClasses)
            return bad(QStringLiteral("'classes' must be an array of names"));
        for (const QJsonValue &v : classValue.toArray()) {
            if (!v.isString())
                return bad(QStringLiteral("'classes' must be an array of names"));
            e.classes << v.toString();
        }
    }

    const QJsonValue confusionValue = json.value(QStringLiteral("confusion"));
    if (!confusionValue.isUndefined()) {
        const Eigen::Index k = e.classes.size();
        auto m = ml::matrixFromJson(confusionValue, QStringLiteral("confusion"), k, k);
        if (!m)
            return m.error();
        e.confusion = std::move(*m);
    }

    const QJsonValue curveValue = json.value(QStringLiteral("curves"));
    if (!curveValue.isUndefined()) {
        if (!curveValue.isArray() || curveValue.toArray().size() > kMaxCurves)
            return bad(QStringLiteral("'curves' must be an array"));
        for (const QJsonValue &v : curveValue.toArray()) {
            const QJsonObject c = v.toObject();
            Curve curve;
            curve.name = c.value(QStringLiteral("name")).toString();
            auto x = ml::stdVectorFromJson(c.value(QStringLiteral("x")), QStringLiteral("x"));
            if (!x)
                return x.error();
            auto y = ml::stdVectorFromJson(c.value(QStringLiteral("y")), QStringLiteral("y"),
                                           Eigen::Index(x->size()));
            if (!y)
                return y.error();
            auto t = ml::stdVectorFromJson(c.value(QStringLiteral("thresholds")),
                                           QStringLiteral("thresholds"));
            if (!t)
                return t.error();
            if (curve.name.isEmpty() || t->size() > x->size())
                return bad(QStringLiteral("a curve needs a name and at most one threshold "
                                          "per point"));
            curve.x = std::move(*x);
            curve.y = std::move(*y);
            curve.thresholds = std::move(*t);
            e.curves.push_back(std::move(curve));
        }
    }

    const QJsonValue residualValue = json.value(QStringLiteral("residuals"));
    if (!residualValue.isUndefined()) {
        auto r = ml::vectorFromJson(residualValue, QStringLiteral("residuals"));
        if (!r)
            return r.error();
        e.residuals = std::move(*r);
    }
    return e;
}

Eigen::MatrixXd rowNormalized(const Eigen::MatrixXd &confusion)
{
    Eigen::MatrixXd out = confusion;
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double sum = out.row(r).sum();
        if (sum != 0)
            out.row(r) /= sum;
        else
            out.row(r).setZero();
    }
    return out;
}

} // namespace flowline::core::eval

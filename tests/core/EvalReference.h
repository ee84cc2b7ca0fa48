#pragma once

// Test support for core/eval: the scikit-learn fixtures made by
// tests/data/reference/ml/make_metrics_reference.py, turned into evaluation inputs.

#include "MlReference.h"

#include "eval/Evaluation.h"

#include <QJsonArray>

namespace flowline::tests {

inline Eigen::VectorXi refInts(const QJsonObject &o, const QString &key)
{
    const QJsonArray a = o.value(key).toArray();
    Eigen::VectorXi v(a.size());
    for (int i = 0; i < a.size(); ++i)
        v[i] = a[i].toInt();
    return v;
}

inline QJsonArray refCases(const QString &file)
{
    return readReference(file).value(QStringLiteral("cases")).toArray();
}

inline core::eval::ClassificationInput classificationInput(const QJsonObject &c)
{
    core::eval::ClassificationInput in;
    in.truth = refInts(c, QStringLiteral("truth"));
    in.predicted = refInts(c, QStringLiteral("predicted"));
    if (c.contains(QStringLiteral("proba")))
        in.proba = refMatrix(c, QStringLiteral("proba"));
    if (c.contains(QStringLiteral("score")))
        in.score = refVector(c, QStringLiteral("score"));
    if (c.contains(QStringLiteral("weight")))
        in.weight = refVector(c, QStringLiteral("weight"));
    for (int k = 0; k < c.value(QStringLiteral("classes")).toInt(); ++k)
        in.classes << QString::number(k);
    in.positive = c.value(QStringLiteral("positive")).toInt();
    return in;
}

// |a - b| <= tol * max(1, |b|), NaN equal to NaN.
inline bool nearlyEqual(double a, double b, double tol)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

inline bool closeVectors(const std::vector<double> &a, const QJsonValue &b, double tol)
{
    const QJsonArray r = b.toArray();
    if (qsizetype(a.size()) != r.size())
        return false;
    for (qsizetype i = 0; i < r.size(); ++i)
        if (!nearlyEqual(a[std::size_t(i)], r[i].toDouble(std::nan("")), tol))
            return false;
    return true;
}

// Every metric of the fixture case `expected` matches `e` within tol; `why` names the first
// that does not.
inline bool metricsMatch(const core::eval::Evaluation &e, const QJsonObject &expected, double tol,
                         QString *why)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const double want = it.value().toDouble(std::nan(""));
        const double got = e.metric(it.key());
        if (!nearlyEqual(got, want, tol)) {
            *why = QStringLiteral("%1: got %2, sklearn %3")
                       .arg(it.key())
                       .arg(got, 0, 'g', 17)
                       .arg(want, 0, 'g', 17);
            return false;
        }
    }
    return true;
}

} // namespace flowline::tests

#include "store/RunRecording.h"

#include "eval/CrossValidation.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace flowline::core::store {

namespace {

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonArray numbers(const std::vector<double> &values)
{
    QJsonArray a;
    for (double v : values)
        a.append(number(v));
    return a;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString curveKind(const QString &name)
{
    if (name.startsWith(QStringLiteral("roc")))
        return artifact_kind::rocCurve;
    if (name.startsWith(QStringLiteral("pr")))
        return artifact_kind::prCurve;
    return QStringLiteral("curve");
}

} // namespace

void recordEvaluation(RunLogger &run, const eval::Evaluation &e, const QString &prefix)
{
    std::vector<MetricPoint> points;
    for (const eval::Metric &m : e.metrics)
        points.push_back({prefix + m.key, 0, m.value});
    run.metrics(std::move(points));
    if (e.confusion.size() > 0) {
        QJsonArray rows;
        for (Eigen::Index r = 0; r < e.confusion.rows(); ++r) {
            QJsonArray row;
            for (Eigen::Index c = 0; c < e.confusion.cols(); ++c)
                row.append(number(e.confusion(r, c)));
            rows.append(row);
        }
        run.artifact({prefix + QStringLiteral("confusion_matrix"), artifact_kind::confusionMatrix,
                      true,
                      compact({{QStringLiteral("classes"), QJsonArray::fromStringList(e.classes)},
                               {QStringLiteral("matrix"), rows}})});
    }
    for (const eval::Curve &c : e.curves)
        run.artifact({prefix + c.name, curveKind(c.name), true,
                      compact({{QStringLiteral("name"), c.name},
                               {QStringLiteral("x"), numbers(c.x)},
                               {QStringLiteral("y"), numbers(c.y)},
                               {QStringLiteral("thresholds"), numbers(c.thresholds)}})});
}

void recordCrossValidation(RunLogger &run, const eval::CrossValidationResult &cv)
{
    std::vector<MetricPoint> points;
    for (const eval::Metric &m : cv.mean)
        points.push_back({m.key, 0, m.value});
    for (const eval::Metric &m : cv.deviation)
        points.push_back({m.key + QStringLiteral("_std"), 0, m.value});
    for (std::size_t fold = 0; fold < cv.folds.size(); ++fold)
        for (const eval::Metric &m : cv.folds[fold].metrics)
            points.push_back({QStringLiteral("fold_") + m.key, std::int64_t(fold), m.value});
    run.metrics(std::move(points));
    run.artifact({QStringLiteral("folds"), artifact_kind::folds, true, compact(cv.toJson())});
}

} // namespace flowline::core::store

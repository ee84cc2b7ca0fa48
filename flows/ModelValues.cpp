#include "ModelValues.h"

#include "eval/BinaryCurves.h"
#include "ml/ModelJson.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::flows {

QJsonObject learnedToJson(const core::ml::Pipeline &p)
{
    const core::ml::Learned l = p.model->learned();
    QJsonObject out;
    if (l.coefficients.size() > 0 && l.coefficients.cols() == p.features.size()) {
        QJsonArray rows;
        for (Eigen::Index r = 0; r < l.coefficients.rows(); ++r) {
            QJsonObject byFeature;
            for (Eigen::Index c = 0; c < l.coefficients.cols(); ++c)
                byFeature.insert(p.features[int(c)], core::ml::numberToJson(l.coefficients(r, c)));
            QString name = r < l.coefficientRows.size() ? l.coefficientRows[int(r)] : QString();
            bool isIndex = false;
            const int k = name.toInt(&isIndex);
            if (isIndex && k >= 0 && k < p.classes.size())
                name = p.classes[k];
            QJsonObject row{{QStringLiteral("output"), name},
                            {QStringLiteral("coefficients"), byFeature}};
            if (r < l.intercepts.size())
                row.insert(QStringLiteral("intercept"), core::ml::numberToJson(l.intercepts[r]));
            rows.append(row);
        }
        out.insert(QStringLiteral("coefficients"), rows);
    }
    if (l.importances.size() == p.features.size() && l.importances.size() > 0) {
        std::vector<int> order(std::size_t(l.importances.size()));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return l.importances[a] > l.importances[b]; });
        QJsonArray imp;
        for (int i : order)
            imp.append(QJsonObject{
                {QStringLiteral("feature"), p.features[i]},
                {QStringLiteral("importance"), core::ml::numberToJson(l.importances[i])}});
        out.insert(QStringLiteral("importances"), imp);
    }
    if (!l.loss.empty())
        out.insert(l.lossName.isEmpty() ? QStringLiteral("loss") : l.lossName,
                   core::ml::vectorToJson(l.loss));
    if (!l.validation.empty())
        out.insert(l.validationName.isEmpty() ? QStringLiteral("validation") : l.validationName,
                   core::ml::vectorToJson(l.validation));
    for (auto it = l.extra.begin(); it != l.extra.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

namespace {

void thinCurves(core::eval::Evaluation &e)
{
    for (core::eval::Curve &c : e.curves)
        if (c.x.size() > EvaluationValue::kCurvePoints)
            c = core::eval::thinned(c, EvaluationValue::kCurvePoints);
}

} // namespace

EvaluationValue::EvaluationValue(core::eval::Evaluation evaluation, QString description)
    : m_evaluation(std::move(evaluation))
    , m_description(std::move(description))
{
    thinCurves(m_evaluation);
}

EvaluationValue::EvaluationValue(core::eval::CrossValidationResult cv, QString description)
    : m_cv(std::move(cv))
    , m_description(std::move(description))
{
    for (core::eval::Evaluation &fold : m_cv->folds)
        thinCurves(fold);
    if (!m_cv->folds.empty())
        m_evaluation = m_cv->folds.front();
    m_evaluation.metrics = m_cv->mean;
}

QString EvaluationValue::summary() const
{
    // The headline metrics of the task, as far as they are there.
    static const QStringList headline = {QStringLiteral("accuracy"),
                                         QStringLiteral("roc_auc"),
                                         QStringLiteral("roc_auc_ovr_macro"),
                                         QStringLiteral("f1"),
                                         QStringLiteral("f1_macro"),
                                         QStringLiteral("r2"),
                                         QStringLiteral("rmse"),
                                         QStringLiteral("mae"),
                                         QStringLiteral("silhouette"),
                                         QStringLiteral("clusters"),
                                         QStringLiteral("anomaly_fraction")};
    QStringList parts;
    for (const QString &key : headline) {
        const double v = m_evaluation.metric(key);
        if (std::isfinite(v))
            parts << QStringLiteral("%1 %2").arg(key).arg(v, 0, 'f', 3);
        if (parts.size() == 3)
            break;
    }
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" (%1)").arg(m_description);
}

QJsonObject EvaluationValue::toJson() const
{
    QJsonObject o = m_cv ? m_cv->toJson() : m_evaluation.toJson();
    o.insert(QStringLiteral("summary"), summary());
    o.insert(QStringLiteral("description"), m_description);
    return o;
}

QJsonObject ModelValue::toJson() const
{
    const auto &p = *m_pipeline;
    return QJsonObject{{QStringLiteral("summary"), p.summary()},
                       {QStringLiteral("algorithm"), p.algorithm},
                       {QStringLiteral("task"), core::ml::taskName(p.task)},
                       {QStringLiteral("target"), p.target},
                       {QStringLiteral("features"), QJsonArray::fromStringList(p.features)},
                       {QStringLiteral("classes"), QJsonArray::fromStringList(p.classes)},
                       {QStringLiteral("params"), p.params.toJson()},
                       {QStringLiteral("preparation"), QJsonArray::fromStringList(p.notes)},
                       {QStringLiteral("learned"), learnedToJson(p)}};
}

} // namespace flowline::flows

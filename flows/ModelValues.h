#pragma once

#include "PortValue.h"
#include "eval/CrossValidation.h"
#include "ml/Pipeline.h"

#include <optional>

namespace flowline::flows {

// A trained model: the whole pipeline (recipe + estimator + label encoding).
class ModelValue : public PortValue
{
public:
    explicit ModelValue(core::ml::PipelinePtr pipeline)
        : m_pipeline(std::move(pipeline))
    {}
    PortType type() const override { return PortType::Model; }
    QString summary() const override { return m_pipeline->summary(); }
    // The summary, features, classes, preparation notes and what the model learned.
    QJsonObject toJson() const override;
    const core::ml::Pipeline &pipeline() const { return *m_pipeline; }
    const core::ml::PipelinePtr &shared() const { return m_pipeline; }

private:
    core::ml::PipelinePtr m_pipeline;
};

// How well a model did: one evaluation on held-out rows, or a cross-validation (its per-fold
// evaluations, and the mean and spread of every metric).
class EvaluationValue : public PortValue
{
public:
    // Curves longer than kCurvePoints are thinned (the metrics were computed on every row):
    // a curve of a million rows would otherwise weigh on memory, the JSON and the plots.
    static constexpr std::size_t kCurvePoints = 2000;
    EvaluationValue(core::eval::Evaluation evaluation, QString description);
    explicit EvaluationValue(core::eval::CrossValidationResult cv, QString description);
    PortType type() const override { return PortType::Evaluation; }
    QString summary() const override; // "accuracy 0.912, roc_auc 0.955 (5-fold CV)"
    QJsonObject toJson() const override;
    // The held-out evaluation, or the cross-validation's first fold (see crossValidation()).
    const core::eval::Evaluation &evaluation() const { return m_evaluation; }
    const std::optional<core::eval::CrossValidationResult> &crossValidation() const { return m_cv; }
    const QString &description() const { return m_description; }

private:
    core::eval::Evaluation m_evaluation;
    std::optional<core::eval::CrossValidationResult> m_cv;
    QString m_description;
};

// What a model learned, as JSON for people and tools: coefficients by feature, importances by
// feature (largest first), the loss curve, and anything else the estimator reports.
QJsonObject learnedToJson(const core::ml::Pipeline &pipeline);

} // namespace flowline::flows

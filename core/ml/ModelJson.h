#pragma once

// Writing learned numbers into a model's JSON and reading them back, exactly (QJsonValue keeps
// every bit of a double; NaN and infinities are written as strings). Readers check sizes and
// types and return an Error naming the field: a model file may come from a stranger.

#include "Model.h"
#include "util/Error.h"

#include <Eigen/Core>

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace flowline::core::ml {

QJsonValue numberToJson(double x);
Result<double> numberFromJson(const QJsonValue &json, const QString &field);

QJsonArray vectorToJson(const Eigen::VectorXd &v);
QJsonArray vectorToJson(const std::vector<double> &v);
// `expected` >= 0: the length it must have.
Result<Eigen::VectorXd> vectorFromJson(const QJsonValue &json, const QString &field,
                                       Eigen::Index expected = -1);
Result<std::vector<double>> stdVectorFromJson(const QJsonValue &json, const QString &field,
                                              Eigen::Index expected = -1);
QJsonArray intsToJson(const std::vector<std::int32_t> &v);
Result<std::vector<std::int32_t>> intsFromJson(const QJsonValue &json, const QString &field,
                                               Eigen::Index expected = -1);

// {"rows": r, "cols": c, "data": [row-major values]}
QJsonObject matrixToJson(const Eigen::MatrixXd &m);
Result<Eigen::MatrixXd> matrixFromJson(const QJsonValue &json, const QString &field,
                                       Eigen::Index rows = -1, Eigen::Index cols = -1);

// An integer field within [min, max].
Result<std::int64_t> intFromJson(const QJsonObject &json, const QString &field, std::int64_t min,
                                 std::int64_t max);

// "task" of a supervised model: regression or classification (else an Error naming it).
Result<Task> supervisedTaskFromJson(const QJsonObject &json);
// "classes" in [0, max] that fits the task: 0 for regression, at least 2 for classification.
Result<std::int64_t> classCountFromJson(const QJsonObject &json, Task task, std::int64_t max);

// The largest array a model file may hold (elements), against absurd sizes.
inline constexpr Eigen::Index kMaxJsonElements = Eigen::Index(1) << 31;

} // namespace flowline::core::ml

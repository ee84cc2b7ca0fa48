#pragma once

#include "util/Error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace flowline::core::ml {

enum class ParamKind { Int, Double, Bool, Choice, String };

// One hyperparameter of an estimator: the node inspector, the CLI's --param and model files all
// work from these. `help` says what it does and its default (scikit-learn's where it has one).
struct ParamInfo
{
    QString key = {};   // stable: "max_depth"
    QString label = {}; // for people: "Maximum depth"
    QString help = {};
    ParamKind kind = ParamKind::Double;
    QVariant defaultValue = {};
    std::optional<double> min = {};
    std::optional<double> max = {};
    QStringList choices = {}; // Choice
};

// Hyperparameter values checked against a schema, every key present (defaults filled in).
class Params
{
public:
    Params() = default;
    // An unknown key (the error lists the known ones), a value of the wrong type, out of range or
    // not among the choices is an Error naming the key. Strings are parsed ("3", "0.5", "true").
    static Result<Params> resolve(const std::vector<ParamInfo> &schema, const QVariantMap &given);

    double real(const QString &key) const;
    std::int64_t integer(const QString &key) const;
    bool flag(const QString &key) const;
    QString text(const QString &key) const;
    const QVariantMap &values() const { return m_values; }

    QJsonObject toJson() const;

private:
    QVariantMap m_values;
};

// The value coerced to the parameter's kind, or why it cannot be.
Result<QVariant> coerceParam(const ParamInfo &info, const QVariant &value);

} // namespace flowline::core::ml

#include "store/ModelCard.h"

namespace flowline::core::store {

namespace {

// The editable fields by name, as pointers to members.
const std::pair<const char *, QString ModelCard::*> kFields[] = {
    {"intended_use", &ModelCard::intendedUse},
    {"training_data", &ModelCard::trainingData},
    {"training_fingerprint", &ModelCard::trainingFingerprint},
    {"limitations", &ModelCard::limitations},
    {"notes", &ModelCard::notes},
};

} // namespace

QStringList ModelCard::editableFields()
{
    QStringList names;
    for (const auto &[name, member] : kFields)
        names << QString::fromLatin1(name);
    return names;
}

Result<bool> ModelCard::setField(const QString &field, const QString &text)
{
    for (const auto &[name, member] : kFields)
        if (field == QLatin1String(name)) {
            this->*member = text;
            return true;
        }
    return Error{QStringLiteral("a model card has no field '%1' (fields: %2)")
                     .arg(field, editableFields().join(QStringLiteral(", ")))};
}

QString ModelCard::field(const QString &field) const
{
    for (const auto &[name, member] : kFields)
        if (field == QLatin1String(name))
            return this->*member;
    return {};
}

} // namespace flowline::core::store

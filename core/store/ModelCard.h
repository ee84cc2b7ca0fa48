#pragma once

#include "util/Error.h"

#include <QStringList>

#include <cstdint>
#include <map>

namespace flowline::core::store {

// What a registered model version is for and what it was trained on. Filled in from the run
// at registration; the text fields are edited by hand afterwards.
struct ModelCard
{
    QString intendedUse;
    QString trainingData;              // the run's input tables, unless edited
    QString trainingFingerprint;       // their fingerprints, unless edited
    std::map<QString, double> metrics; // the run's last metric values at registration
    QString limitations;
    QString notes;
    std::int64_t updatedMs = 0;

    // The fields --set can change: intended_use, training_data, training_fingerprint,
    // limitations, notes.
    static QStringList editableFields();
    Result<bool> setField(const QString &field, const QString &text);
    QString field(const QString &name) const;
};

} // namespace flowline::core::store

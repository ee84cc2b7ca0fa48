#pragma once

#include "util/Error.h"

#include <QString>

namespace flowline::core {

// What is wrong with a formula and which part of its text it is about. position and length
// count UTF-16 code units (QString indices, as a QLineEdit cursor does), 0-based.
struct ExprError
{
    QString message;
    int position = 0;
    int length = 0;

    // As an Error in the file "formula": 1-based line and column of position within text, so
    // that Error::toString() reads "formula:1:7: expected a value after '>'".
    Error toError(const QString &text) const;
};

} // namespace flowline::core

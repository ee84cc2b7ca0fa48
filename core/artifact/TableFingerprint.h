#pragma once

// A stable fingerprint of a table's content, for provenance (model files, experiment runs): the
// same names, kinds and cell values give the same text on any machine and in any session,
// whatever the categorical dictionaries' order, the roles or the recipe. Any changed cell,
// name, kind or row count gives another.

#include "table/Table.h"

#include <QString>

namespace flowline::core::artifact {

// "sha256:<64 hex digits>" over the row count and, column by column, the name, the kind and
// every cell (numbers by their bits, every NaN alike; categories and text by their UTF-8 bytes,
// with missing cells marked apart from empty ones).
QString tableFingerprint(const Table &table);

} // namespace flowline::core::artifact

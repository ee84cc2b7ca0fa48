#pragma once

// The apply half shared by the per-column linear rescalings (min-max, robust scaling):
// y = (x - shift) * factor + offset, column by column. Missing values stay missing; every other
// column is shared, not copied.

#include "table/Table.h"
#include "util/Error.h"

#include <QStringList>

#include <vector>

namespace flowline::core {
class JobContext;
}

namespace flowline::core::prep {

Result<Table> applyAffine(const Table &in, const QStringList &columns,
                          const std::vector<double> &shift, const std::vector<double> &factor,
                          const std::vector<double> &offset, const QString &step, JobContext &ctx);

} // namespace flowline::core::prep

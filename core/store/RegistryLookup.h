#pragma once

// Private to core/store: finding a registered model version by name, shared by the registry's
// reads and writes.

#include "store/ModelRegistry.h"
#include "store/Sqlite.h"

namespace flowline::core::store {

struct FoundVersion
{
    std::int64_t modelId = 0;
    ModelVersion version;
};

// The model named `name` and its `version` (0: the latest), or an Error saying which is missing.
Result<FoundVersion> findModelVersion(Db &db, const QString &name, int version);

} // namespace flowline::core::store

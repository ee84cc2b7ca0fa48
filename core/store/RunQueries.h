#pragma once

// The read side of the store, as functions of a connection (ExperimentStore runs them on its
// reading connection inside one read transaction).

#include "store/RunTypes.h"
#include "store/Sqlite.h"

#include <QStringList>

namespace flowline::core::store {

Result<std::vector<RunSummary>> queryRuns(Db &db, const RunFilter &filter);
Result<RunDetails> queryRun(Db &db, RunId id);
Result<RunComparison> compareRuns(Db &db, const std::vector<RunId> &ids, bool differencesOnly);
Result<std::vector<MetricCurve>> queryCurves(Db &db, const std::vector<RunId> &ids,
                                             const QString &key);
Result<Artifact> queryArtifact(Db &db, RunId run, const QString &name);
Result<QStringList> queryExperiments(Db &db);

} // namespace flowline::core::store

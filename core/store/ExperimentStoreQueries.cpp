// ExperimentStore's queries: each runs on the reading connection in one read transaction.

#include "store/ExperimentStore.h"

#include "store/RunQueries.h"

namespace flowline::core::store {

Result<std::vector<RunSummary>> ExperimentStore::runs(const RunFilter &filter) const
{
    return read<std::vector<RunSummary>>([&](Db &db) { return queryRuns(db, filter); });
}

Result<RunDetails> ExperimentStore::run(RunId id) const
{
    return read<RunDetails>([&](Db &db) { return queryRun(db, id); });
}

Result<RunComparison> ExperimentStore::compare(const std::vector<RunId> &ids,
                                               bool differencesOnly) const
{
    return read<RunComparison>([&](Db &db) { return compareRuns(db, ids, differencesOnly); });
}

Result<std::vector<MetricCurve>> ExperimentStore::curves(const std::vector<RunId> &ids,
                                                         const QString &key) const
{
    return read<std::vector<MetricCurve>>([&](Db &db) { return queryCurves(db, ids, key); });
}

Result<Artifact> ExperimentStore::artifact(RunId run, const QString &name) const
{
    return read<Artifact>([&](Db &db) { return queryArtifact(db, run, name); });
}

Result<QStringList> ExperimentStore::experiments() const
{
    return read<QStringList>([&](Db &db) { return queryExperiments(db); });
}

Result<QString> ExperimentStore::integrityCheck() const
{
    return read<QString>([&](Db &db) -> Result<QString> {
        auto s = db.prepare("PRAGMA integrity_check");
        if (!s)
            return s.error();
        QStringList lines;
        while (s->step())
            lines << s->text(0);
        if (s->failed())
            return db.error(QStringLiteral("checking the store"));
        return lines.join(QLatin1Char('\n'));
    });
}

} // namespace flowline::core::store

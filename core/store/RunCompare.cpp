#include "store/RunQueries.h"

#include <cmath>
#include <set>

namespace flowline::core::store {

namespace {

bool sameMetric(const std::optional<double> &a, const std::optional<double> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    return *a == *b || (std::isnan(*a) && std::isnan(*b));
}

} // namespace

// Parameters and metrics of N runs side by side: one row per key any of them has, keys in
// order; a run without the key has no value there, which counts as a difference.
Result<RunComparison> compareRuns(Db &db, const std::vector<RunId> &ids, bool differencesOnly)
{
    if (ids.empty())
        return Error{QStringLiteral("nothing to compare: no runs given"), db.path()};
    std::vector<RunDetails> details;
    std::set<QString> paramKeys;
    std::set<QString> metricKeys;
    for (RunId id : ids) {
        auto d = queryRun(db, id);
        if (!d)
            return d.error();
        for (const auto &[key, value] : d->params)
            paramKeys.insert(key);
        for (const auto &[key, point] : d->metrics)
            metricKeys.insert(key);
        details.push_back(std::move(*d));
    }
    RunComparison c;
    for (const RunDetails &d : details)
        c.runs.push_back(d.summary);
    for (const QString &key : paramKeys) {
        RunComparison::ParamRow row{key, {}, false};
        for (const RunDetails &d : details) {
            const auto it = d.params.find(key);
            row.values.push_back(it == d.params.end() ? std::nullopt
                                                      : std::optional<QString>(it->second));
            row.differs = row.differs || row.values.back() != row.values.front();
        }
        if (row.differs || !differencesOnly)
            c.params.push_back(std::move(row));
    }
    for (const QString &key : metricKeys) {
        RunComparison::MetricRow row{key, {}, false};
        for (const RunDetails &d : details) {
            const auto it = d.metrics.find(key);
            row.values.push_back(it == d.metrics.end() ? std::nullopt
                                                       : std::optional<double>(it->second.value));
            row.differs = row.differs || !sameMetric(row.values.back(), row.values.front());
        }
        if (row.differs || !differencesOnly)
            c.metrics.push_back(std::move(row));
    }
    return c;
}

} // namespace flowline::core::store

#include "store/RunQueries.h"

#include <unordered_map>
#include <variant>

namespace flowline::core::store {

namespace {

using Value = std::variant<QString, double, std::int64_t>;

const char *compareSql(Compare op)
{
    switch (op) {
    case Compare::Less:
        return "<";
    case Compare::LessOrEqual:
        return "<=";
    case Compare::Equal:
        return "=";
    case Compare::NotEqual:
        return "<>";
    case Compare::GreaterOrEqual:
        return ">=";
    case Compare::Greater:
        return ">";
    }
    return "=";
}

// The FROM ... WHERE part of a run query, with the values it binds in order. Values are
// always bound, never spliced into the SQL.
struct Where
{
    QByteArray sql;
    std::vector<Value> values;
};

Where whereOf(const RunFilter &f)
{
    Where w;
    w.sql = " FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE 1";
    if (!f.experiment.isEmpty()) {
        w.sql += " AND e.name = ?";
        w.values.emplace_back(f.experiment);
    }
    if (!f.algorithm.isEmpty()) {
        w.sql += " AND r.algorithm = ?";
        w.values.emplace_back(f.algorithm);
    }
    if (f.status) {
        w.sql += " AND r.status = ?";
        w.values.emplace_back(statusName(*f.status));
    }
    for (const auto &[key, value] : f.tags) {
        w.sql += " AND EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND t.key = ? AND "
                 "t.value = ?)";
        w.values.emplace_back(key);
        w.values.emplace_back(value);
    }
    for (const auto &[key, value] : f.params) {
        w.sql += " AND EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.id AND p.key = ? AND "
                 "p.value = ?)";
        w.values.emplace_back(key);
        w.values.emplace_back(value);
    }
    for (const MetricCondition &m : f.metrics) {
        w.sql += QByteArray(" AND EXISTS (SELECT 1 FROM metric_latest m WHERE m.run_id = r.id "
                            "AND m.key = ? AND m.value ") +
                 compareSql(m.op) + " ?)";
        w.values.emplace_back(m.key);
        w.values.emplace_back(m.value);
    }
    return w;
}

void bindAll(Statement &s, const std::vector<Value> &values)
{
    int i = 1;
    for (const Value &v : values)
        std::visit([&](const auto &x) { s.bind(i++, x); }, v);
}

RunStatus statusOf(const QString &name)
{
    return statusFromName(name).value_or(RunStatus::Failed);
}

double realOrNan(const Statement &s, int column)
{
    return s.isNull(column) ? std::nan("") : s.real(column);
}

} // namespace

Result<std::vector<RunSummary>> queryRuns(Db &db, const RunFilter &f)
{
    const Where where = whereOf(f);
    const bool byMetric = !f.sortMetric.isEmpty();
    const char *dir = f.descending ? " DESC" : " ASC";
    QByteArray sql = "SELECT r.id, e.name, r.node_id, r.algorithm, r.status, r.started_ms, "
                     "r.ended_ms, r.error";
    std::vector<Value> values;
    if (byMetric) {
        sql += ", (SELECT s.value FROM metric_latest s WHERE s.run_id = r.id AND s.key = ?) AS sv";
        values.emplace_back(f.sortMetric);
    }
    sql += where.sql;
    values.insert(values.end(), where.values.begin(), where.values.end());
    sql += " ORDER BY ";
    if (byMetric)
        sql += QByteArray("sv IS NULL, sv") + dir + ", ";
    sql += QByteArray("r.id") + dir;
    if (f.limit > 0) {
        sql += " LIMIT ?";
        values.emplace_back(std::int64_t(f.limit));
    }
    auto stmt = db.prepare(sql.constData());
    if (!stmt)
        return stmt.error();
    bindAll(*stmt, values);
    std::vector<RunSummary> runs;
    while (stmt->step()) {
        RunSummary r;
        r.id = stmt->integer(0);
        r.experiment = stmt->text(1);
        r.nodeId = stmt->text(2);
        r.algorithm = stmt->text(3);
        r.status = statusOf(stmt->text(4));
        r.startedMs = stmt->integer(5);
        r.endedMs = stmt->optInteger(6);
        r.error = stmt->text(7);
        if (byMetric && !stmt->isNull(8))
            r.sortValue = stmt->real(8);
        runs.push_back(std::move(r));
    }
    if (stmt->failed())
        return db.error(QStringLiteral("listing runs"));
    if (!f.withMetrics || runs.empty())
        return runs;

    std::unordered_map<RunId, std::size_t> index;
    index.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i)
        index.emplace(runs[i].id, i);
    auto metrics = db.prepare(QByteArray("SELECT ml.run_id, ml.key, ml.value FROM metric_latest "
                                         "ml WHERE ml.run_id IN (SELECT r.id" +
                                         where.sql + ")")
                                  .constData());
    if (!metrics)
        return metrics.error();
    bindAll(*metrics, where.values);
    while (metrics->step()) {
        const auto it = index.find(metrics->integer(0));
        if (it != index.end())
            runs[it->second].metrics[metrics->text(1)] = realOrNan(*metrics, 2);
    }
    if (metrics->failed())
        return db.error(QStringLiteral("listing runs"));
    return runs;
}

Result<RunDetails> queryRun(Db &db, RunId id)
{
    RunDetails d;
    {
        auto s = db.prepare("SELECT r.id, e.name, r.node_id, r.algorithm, r.status, "
                            "r.started_ms, r.ended_ms, r.error, r.app_version, r.seed, "
                            "r.flow_snapshot, r.pid, r.host FROM runs r JOIN experiments e ON "
                            "e.id = r.experiment_id WHERE r.id = ?1");
        if (!s)
            return s.error();
        s->bind(1, id);
        if (!s->step()) {
            if (s->failed())
                return db.error(QStringLiteral("reading run %1").arg(id));
            return Error{QStringLiteral("there is no run %1 in the store").arg(id), db.path()};
        }
        RunSummary &r = d.summary;
        r.id = s->integer(0);
        r.experiment = s->text(1);
        r.nodeId = s->text(2);
        r.algorithm = s->text(3);
        r.status = statusOf(s->text(4));
        r.startedMs = s->integer(5);
        r.endedMs = s->optInteger(6);
        r.error = s->text(7);
        d.appVersion = s->text(8);
        if (!s->isNull(9))
            d.seed = static_cast<std::uint64_t>(s->integer(9));
        d.flowSnapshot = s->text(10);
        d.pid = s->isNull(11) ? 0 : s->integer(11);
        d.host = s->text(12);
    }
    // The rest: one query per part, each over the run's own rows (primary-key ranges).
    const auto each = [&](const char *sql, auto &&row) -> Result<bool> {
        auto s = db.prepare(sql);
        if (!s)
            return s.error();
        s->bind(1, id);
        while (s->step())
            row(*s);
        if (s->failed())
            return db.error(QStringLiteral("reading run %1").arg(id));
        return true;
    };
    std::vector<Result<bool>> parts;
    parts.push_back(each("SELECT name, fingerprint FROM run_inputs WHERE run_id = ?1 ORDER BY name",
                         [&](Statement &s) {
                             d.inputs.push_back({s.text(0), s.text(1)});
                         }));
    parts.push_back(each("SELECT key, value FROM params WHERE run_id = ?1",
                         [&](Statement &s) { d.params[s.text(0)] = s.text(1); }));
    parts.push_back(
        each("SELECT key, step, value FROM metric_latest WHERE run_id = ?1", [&](Statement &s) {
            d.metrics[s.text(0)] = MetricPoint{s.text(0), s.integer(1), realOrNan(s, 2)};
        }));
    parts.push_back(each("SELECT key, count(*) FROM metrics WHERE run_id = ?1 GROUP BY key",
                         [&](Statement &s) { d.metricPoints[s.text(0)] = s.integer(1); }));
    parts.push_back(each("SELECT key, value FROM tags WHERE run_id = ?1",
                         [&](Statement &s) { d.tags[s.text(0)] = s.text(1); }));
    parts.push_back(
        each("SELECT created_ms, text FROM notes WHERE run_id = ?1 ORDER BY id", [&](Statement &s) {
            d.notes.push_back({s.integer(0), s.text(1)});
        }));
    parts.push_back(each("SELECT name, kind, media, length(data) FROM artifacts WHERE run_id = ?1 "
                         "ORDER BY name",
                         [&](Statement &s) {
                             d.artifacts.push_back({s.text(0), s.text(1),
                                                    s.text(2) == QStringLiteral("json"),
                                                    s.integer(3)});
                         }));
    for (const auto &p : parts)
        if (!p)
            return p.error();
    for (const auto &[key, point] : d.metrics)
        d.summary.metrics[key] = point.value;
    return d;
}

Result<std::vector<MetricCurve>> queryCurves(Db &db, const std::vector<RunId> &ids,
                                             const QString &key)
{
    auto exists = db.prepare("SELECT 1 FROM runs WHERE id = ?1");
    auto points =
        db.prepare("SELECT step, value FROM metrics WHERE run_id = ?1 AND key = ?2 ORDER BY step");
    if (!exists || !points)
        return db.error(QStringLiteral("reading curves"));
    std::vector<MetricCurve> curves;
    for (RunId id : ids) {
        exists->reset();
        if (!exists->bind(1, id).step())
            return Error{QStringLiteral("there is no run %1 in the store").arg(id), db.path()};
        MetricCurve c{id, key, {}, {}};
        points->reset();
        points->bind(1, id).bind(2, key);
        while (points->step()) {
            c.steps.push_back(points->integer(0));
            c.values.push_back(realOrNan(*points, 1));
        }
        if (points->failed())
            return db.error(QStringLiteral("reading metric '%1' of run %2").arg(key).arg(id));
        curves.push_back(std::move(c));
    }
    return curves;
}

Result<Artifact> queryArtifact(Db &db, RunId run, const QString &name)
{
    auto s = db.prepare("SELECT kind, media, data FROM artifacts WHERE run_id = ?1 AND name = ?2");
    if (!s)
        return s.error();
    if (!s->bind(1, run).bind(2, name).step()) {
        if (s->failed())
            return db.error(QStringLiteral("reading artifact '%1'").arg(name));
        return Error{QStringLiteral("run %1 has no artifact '%2'").arg(run).arg(name), db.path()};
    }
    return Artifact{name, s->text(0), s->text(1) == QStringLiteral("json"), s->blob(2)};
}

Result<QStringList> queryExperiments(Db &db)
{
    auto s = db.prepare("SELECT name FROM experiments ORDER BY name");
    if (!s)
        return s.error();
    QStringList names;
    while (s->step())
        names << s->text(0);
    if (s->failed())
        return db.error(QStringLiteral("listing experiments"));
    return names;
}

} // namespace flowline::core::store

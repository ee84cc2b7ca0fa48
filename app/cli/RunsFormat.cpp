#include "RunsFormat.h"

#include "StoreCli.h"

#include <QJsonArray>

namespace flowline::app {

using namespace core::store;

QJsonObject runSummaryJson(const RunSummary &r)
{
    QJsonObject o{
        {QStringLiteral("id"), qint64(r.id)},
        {QStringLiteral("experiment"), r.experiment},
        {QStringLiteral("node"), r.nodeId},
        {QStringLiteral("algorithm"), r.algorithm},
        {QStringLiteral("status"), statusName(r.status)},
        {QStringLiteral("started"), isoTime(r.startedMs)},
        {QStringLiteral("ended"), r.endedMs ? QJsonValue(isoTime(*r.endedMs)) : QJsonValue()},
        {QStringLiteral("duration_seconds"),
         r.durationSeconds() ? QJsonValue(*r.durationSeconds()) : QJsonValue()},
        {QStringLiteral("error"), r.error}};
    QJsonObject metrics;
    for (const auto &[key, value] : r.metrics)
        metrics.insert(key, jsonNumber(value));
    o.insert(QStringLiteral("metrics"), metrics);
    return o;
}

QJsonObject runDetailsJson(const RunDetails &d)
{
    QJsonObject o = runSummaryJson(d.summary);
    o.insert(QStringLiteral("app_version"), d.appVersion);
    o.insert(QStringLiteral("seed"), d.seed ? QJsonValue(QString::number(*d.seed)) : QJsonValue());
    o.insert(QStringLiteral("host"), d.host);
    o.insert(QStringLiteral("pid"), qint64(d.pid));
    o.insert(QStringLiteral("flow_snapshot"), d.flowSnapshot);
    QJsonObject inputs, params, metrics, tags;
    for (const auto &i : d.inputs)
        inputs.insert(i.name, i.fingerprint);
    for (const auto &[k, v] : d.params)
        params.insert(k, v);
    for (const auto &[k, p] : d.metrics)
        metrics.insert(k,
                       QJsonObject{{QStringLiteral("value"), jsonNumber(p.value)},
                                   {QStringLiteral("step"), qint64(p.step)},
                                   {QStringLiteral("points"),
                                    qint64(d.metricPoints.count(k) ? d.metricPoints.at(k) : 0)}});
    for (const auto &[k, v] : d.tags)
        tags.insert(k, v);
    QJsonArray artifacts, notes;
    for (const auto &a : d.artifacts)
        artifacts.append(QJsonObject{{QStringLiteral("name"), a.name},
                                     {QStringLiteral("kind"), a.kind},
                                     {QStringLiteral("json"), a.json},
                                     {QStringLiteral("bytes"), qint64(a.size)}});
    for (const auto &n : d.notes)
        notes.append(QJsonObject{{QStringLiteral("at"), isoTime(n.createdMs)},
                                 {QStringLiteral("text"), n.text}});
    o.insert(QStringLiteral("inputs"), inputs);
    o.insert(QStringLiteral("params"), params);
    o.insert(QStringLiteral("metrics"), metrics);
    o.insert(QStringLiteral("tags"), tags);
    o.insert(QStringLiteral("artifacts"), artifacts);
    o.insert(QStringLiteral("notes"), notes);
    return o;
}

QString runDetailsText(const RunDetails &d)
{
    const RunSummary &r = d.summary;
    QString out = QStringLiteral("run %1  %2\n").arg(r.id).arg(statusName(r.status));
    const auto line = [&](const QString &label, const QString &value) {
        if (!value.isEmpty())
            out += QStringLiteral("  %1 %2\n").arg(label.leftJustified(14), value);
    };
    line(QStringLiteral("experiment"), r.experiment);
    line(QStringLiteral("algorithm"), r.algorithm);
    line(QStringLiteral("node"), r.nodeId);
    line(QStringLiteral("started"), formatTime(r.startedMs));
    line(QStringLiteral("ended"), r.endedMs ? formatTime(*r.endedMs) : QString());
    line(QStringLiteral("duration"), formatDuration(r.durationSeconds()));
    line(QStringLiteral("error"), r.error);
    line(QStringLiteral("app version"), d.appVersion);
    line(QStringLiteral("seed"), d.seed ? QString::number(*d.seed) : QString());
    line(QStringLiteral("process"), QStringLiteral("%1 on %2").arg(d.pid).arg(d.host));
    line(QStringLiteral("flow snapshot"),
         d.flowSnapshot.isEmpty()
             ? QString()
             : QStringLiteral("%1 characters (--json shows it)").arg(d.flowSnapshot.size()));
    const auto section = [&](const QString &title, const QList<QStringList> &rows) {
        if (rows.size() <= 1)
            return;
        out += QStringLiteral("\n%1\n").arg(title);
        for (const QString &l : textTable(rows).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            out += QStringLiteral("  ") + l + QLatin1Char('\n');
    };
    QList<QStringList> rows{QStringList{QStringLiteral("NAME"), QStringLiteral("FINGERPRINT")}};
    for (const auto &i : d.inputs)
        rows << QStringList{i.name, i.fingerprint};
    section(QStringLiteral("inputs"), rows);
    rows = {QStringList{QStringLiteral("KEY"), QStringLiteral("VALUE")}};
    for (const auto &[k, v] : d.params)
        rows << QStringList{k, v};
    section(QStringLiteral("params"), rows);
    rows = {QStringList{QStringLiteral("KEY"), QStringLiteral("LAST"), QStringLiteral("STEP"),
                        QStringLiteral("POINTS")}};
    for (const auto &[k, p] : d.metrics)
        rows << QStringList{k, formatMetric(p.value), QString::number(p.step),
                            QString::number(d.metricPoints.count(k) ? d.metricPoints.at(k) : 0)};
    section(QStringLiteral("metrics"), rows);
    rows = {QStringList{QStringLiteral("KEY"), QStringLiteral("VALUE")}};
    for (const auto &[k, v] : d.tags)
        rows << QStringList{k, v};
    section(QStringLiteral("tags"), rows);
    rows = {QStringList{QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("BYTES")}};
    for (const auto &a : d.artifacts)
        rows << QStringList{a.name, a.kind, QString::number(a.size)};
    section(QStringLiteral("artifacts"), rows);
    rows = {QStringList{QStringLiteral("AT"), QStringLiteral("NOTE")}};
    for (const auto &n : d.notes)
        rows << QStringList{formatTime(n.createdMs), n.text};
    section(QStringLiteral("notes"), rows);
    return out;
}

QJsonObject comparisonJson(const RunComparison &c)
{
    QJsonArray runs, params, metrics;
    for (const RunSummary &r : c.runs)
        runs.append(runSummaryJson(r));
    for (const auto &row : c.params) {
        QJsonArray values;
        for (const auto &v : row.values)
            values.append(v ? QJsonValue(*v) : QJsonValue());
        params.append(QJsonObject{{QStringLiteral("key"), row.key},
                                  {QStringLiteral("values"), values},
                                  {QStringLiteral("differs"), row.differs}});
    }
    for (const auto &row : c.metrics) {
        QJsonArray values;
        for (const auto &v : row.values)
            values.append(v ? jsonNumber(*v) : QJsonValue());
        metrics.append(QJsonObject{{QStringLiteral("key"), row.key},
                                   {QStringLiteral("values"), values},
                                   {QStringLiteral("differs"), row.differs}});
    }
    return {{QStringLiteral("runs"), runs},
            {QStringLiteral("params"), params},
            {QStringLiteral("metrics"), metrics}};
}

QString comparisonText(const RunComparison &c)
{
    QStringList header{QString()};
    QStringList algorithm{QStringLiteral("algorithm")}, status{QStringLiteral("status")};
    for (const RunSummary &r : c.runs) {
        header << QStringLiteral("RUN %1").arg(r.id);
        algorithm << r.algorithm;
        status << statusName(r.status);
    }
    QList<QStringList> rows{header, algorithm, status};
    for (const auto &row : c.params) {
        QStringList cells{QStringLiteral("param ") + row.key};
        for (const auto &v : row.values)
            cells << v.value_or(QStringLiteral("-"));
        rows << cells;
    }
    for (const auto &row : c.metrics) {
        QStringList cells{QStringLiteral("metric ") + row.key};
        for (const auto &v : row.values)
            cells << (v ? formatMetric(*v) : QStringLiteral("-"));
        rows << cells;
    }
    return textTable(rows);
}

QJsonArray curvesJson(const std::vector<MetricCurve> &curves)
{
    QJsonArray list;
    for (const MetricCurve &curve : curves) {
        QJsonArray steps, values;
        for (std::size_t i = 0; i < curve.steps.size(); ++i) {
            steps.append(qint64(curve.steps[i]));
            values.append(jsonNumber(curve.values[i]));
        }
        list.append(QJsonObject{{QStringLiteral("run"), qint64(curve.run)},
                                {QStringLiteral("key"), curve.key},
                                {QStringLiteral("steps"), steps},
                                {QStringLiteral("values"), values}});
    }
    return list;
}

QString curvesText(const std::vector<MetricCurve> &curves)
{
    QString out;
    for (const MetricCurve &curve : curves)
        out += QStringLiteral("curve %1 of run %2: %3 points%4\n")
                   .arg(curve.key)
                   .arg(curve.run)
                   .arg(curve.steps.size())
                   .arg(curve.steps.empty() ? QString()
                                            : QStringLiteral(", last %1 at step %2")
                                                  .arg(formatMetric(curve.values.back()))
                                                  .arg(curve.steps.back()));
    return out;
}

} // namespace flowline::app

#pragma once

// The values the experiment store speaks in: what starts a run, what a run logs, and what
// queries about runs return. Plain values, no SQL.

#include "util/Error.h"

#include <QByteArray>
#include <QString>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace flowline::core::store {

using RunId = std::int64_t;

enum class RunStatus { Running, Finished, Failed, Canceled };

// "running", "finished", "failed", "canceled" (stored as such).
QString statusName(RunStatus status);
std::optional<RunStatus> statusFromName(QStringView name);

// A fingerprint of one input table of a run ("training" → "sha256:...").
struct InputFingerprint
{
    QString name;
    QString fingerprint;
};

// What the executor knows when a node starts.
struct RunStart
{
    QString experiment = QStringLiteral("Default"); // created on first use
    QString nodeId;                                 // the flow node that ran, if any
    QString algorithm;                              // "random_forest", "cross_validate", ...
    QString appVersion = QStringLiteral(FLOWLINE_VERSION);
    std::optional<std::uint64_t> seed;
    QString flowSnapshot; // the .flow JSON as it ran, or empty
    std::vector<InputFingerprint> inputs;
    std::vector<std::pair<QString, QString>> params; // logged with the start
    std::vector<std::pair<QString, QString>> tags;
};

struct MetricPoint
{
    QString key;
    std::int64_t step = 0;
    double value = std::nan("");
};

// Artifact kinds the studio knows how to show; any other text is allowed.
namespace artifact_kind {
inline const QString model = QStringLiteral("model");
inline const QString rocCurve = QStringLiteral("roc_curve");
inline const QString prCurve = QStringLiteral("pr_curve");
inline const QString confusionMatrix = QStringLiteral("confusion_matrix");
inline const QString featureImportances = QStringLiteral("feature_importances");
inline const QString folds = QStringLiteral("folds");
} // namespace artifact_kind

// A named file of a run: bytes (a model file) or JSON text (curve points, a matrix).
struct Artifact
{
    QString name; // unique within the run; logging the same name again replaces it
    QString kind; // see artifact_kind
    bool json = false;
    QByteArray data; // JSON as UTF-8 when `json`
};

struct ArtifactInfo
{
    QString name;
    QString kind;
    bool json = false;
    std::int64_t size = 0;
};

struct Note
{
    std::int64_t createdMs = 0;
    QString text;
};

// One line of a run list.
struct RunSummary
{
    RunId id = 0;
    QString experiment;
    QString nodeId;
    QString algorithm;
    RunStatus status = RunStatus::Running;
    std::int64_t startedMs = 0;
    std::optional<std::int64_t> endedMs; // unknown for running and interrupted runs
    QString error;
    std::optional<double> sortValue;   // the sort metric's last value, when sorting by one
    std::map<QString, double> metrics; // last value per key, when asked for

    std::optional<double> durationSeconds() const
    {
        if (!endedMs)
            return std::nullopt;
        return double(*endedMs - startedMs) / 1000.0;
    }
};

// Everything about one run except metric histories and artifact bytes.
struct RunDetails
{
    RunSummary summary;
    QString appVersion;
    std::optional<std::uint64_t> seed;
    QString flowSnapshot;
    std::int64_t pid = 0;
    QString host;
    std::vector<InputFingerprint> inputs;
    std::map<QString, QString> params;
    std::map<QString, MetricPoint> metrics;       // last point per key
    std::map<QString, std::int64_t> metricPoints; // how many steps per key
    std::map<QString, QString> tags;
    std::vector<Note> notes;
    std::vector<ArtifactInfo> artifacts;
};

enum class Compare { Less, LessOrEqual, Equal, NotEqual, GreaterOrEqual, Greater };

// "roc_auc>=0.8" style: a metric's last value against a number.
struct MetricCondition
{
    QString key;
    Compare op = Compare::GreaterOrEqual;
    double value = 0;
};

// Parses "KEY OP NUMBER" with OP one of < <= = == != >= >.
Result<MetricCondition> parseMetricCondition(const QString &text);

struct RunFilter
{
    QString experiment; // empty: any
    QString algorithm;  // empty: any
    std::optional<RunStatus> status;
    std::vector<std::pair<QString, QString>> tags;   // each must match exactly
    std::vector<std::pair<QString, QString>> params; // each must match exactly (as text)
    std::vector<MetricCondition> metrics;
    QString sortMetric;       // empty: by id; runs without the metric come last
    bool descending = false;  // also applies to the id order
    int limit = 0;            // 0: all
    bool withMetrics = false; // fill RunSummary::metrics
};

// N runs side by side. Each row holds one value per run, in the order of `runs`.
struct RunComparison
{
    struct ParamRow
    {
        QString key;
        std::vector<std::optional<QString>> values;
        bool differs = false;
    };
    struct MetricRow
    {
        QString key;
        std::vector<std::optional<double>> values; // last value per run
        bool differs = false;
    };
    std::vector<RunSummary> runs;
    std::vector<ParamRow> params;
    std::vector<MetricRow> metrics;
};

// All steps of one metric of one run, to overlay curves.
struct MetricCurve
{
    RunId run = 0;
    QString key;
    std::vector<std::int64_t> steps;
    std::vector<double> values;
};

} // namespace flowline::core::store

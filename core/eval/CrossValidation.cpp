#include "CrossValidation.h"

#include "jobs/JobContext.h"
#include "ml/DesignMatrix.h"

#include <QJsonArray>

#include <cmath>

namespace flowline::core::eval {

namespace {

// A job for one part of a bigger job: its progress maps into [from, to] of the parent's, and
// a cancel of the parent reaches it at its next progress report or check.
class PartJob
{
public:
    PartJob(JobContext &parent, double from, double to, const QString &label)
        : m_parent(parent)
    {
        m_ctx.setSeed(parent.seed());
        m_ctx.setThreads(parent.threads());
        m_ctx.setPool(parent.pool());
        m_ctx.setProgressCallback([this, from, to, label](double f, const QString &message) {
            if (m_parent.isCanceled())
                m_ctx.cancel();
            m_parent.setProgress(from + (to - from) * f,
                                 message.isEmpty() ? label
                                                   : label + QStringLiteral(": ") + message);
        });
        if (parent.isCanceled())
            m_ctx.cancel();
    }
    JobContext &ctx() { return m_ctx; }

private:
    JobContext &m_parent;
    JobContext m_ctx;
};

Eigen::VectorXi subset(const Eigen::VectorXi &v, const std::vector<Eigen::Index> &rows)
{
    Eigen::VectorXi out(Eigen::Index(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        out[Eigen::Index(i)] = v[rows[i]];
    return out;
}

Eigen::VectorXd subset(const Eigen::VectorXd &v, const std::vector<Eigen::Index> &rows)
{
    Eigen::VectorXd out(Eigen::Index(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        out[Eigen::Index(i)] = v[rows[i]];
    return out;
}

Eigen::MatrixXd subsetRows(const Eigen::MatrixXd &m, const std::vector<Eigen::Index> &rows)
{
    if (m.size() == 0)
        return m;
    Eigen::MatrixXd out(Eigen::Index(rows.size()), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(Eigen::Index(i)) = m.row(rows[i]);
    return out;
}

} // namespace

Result<Evaluation> evaluatePipeline(const ml::Pipeline &p, const Table &table, JobContext &ctx,
                                    const EvaluateOptions &options)
{
    auto out = p.predict(table, ctx);
    if (!out)
        return out.error();
    const Eigen::Index n = out->prediction.size();
    switch (p.task) {
    case ml::Task::Classification: {
        if (out->truth.size() != n)
            return Error{QStringLiteral("the rows have no target column '%1' to compare with")
                             .arg(p.target)};
        std::vector<Eigen::Index> keep;
        for (Eigen::Index i = 0; i < n; ++i)
            if (out->truth[i] >= 0)
                keep.push_back(i);
        if (keep.empty())
            return Error{
                QStringLiteral("no rows with a known class in '%1' to evaluate on").arg(p.target)};
        ClassificationInput in;
        in.truth = subset(out->truth, keep);
        in.predicted = subset(Eigen::VectorXd(out->prediction), keep).cast<int>();
        in.proba = subsetRows(out->proba, keep);
        if (in.proba.size() == 0 && out->decision.cols() == 1 && p.classes.size() == 2)
            in.score = subset(Eigen::VectorXd(out->decision.col(0)), keep);
        in.classes = p.classes;
        Evaluation ev = evaluateClassification(in, ctx);
        // Binary: where to put the threshold (sorted once; each query a binary search).
        if (p.classes.size() == 2 && (in.proba.cols() == 2 || in.score.size() > 0)) {
            const Eigen::VectorXd score =
                in.proba.cols() == 2 ? Eigen::VectorXd(in.proba.col(1)) : in.score;
            const ThresholdAnalysis analysis(score, in.truth);
            const double bestF1 = analysis.bestF1Threshold();
            double f1 = NAN;
            for (const Metric &m : analysis.metricsAt(bestF1))
                if (m.key == QLatin1String("f1"))
                    f1 = m.value;
            ev.metrics.push_back({QStringLiteral("best_f1_threshold"), bestF1});
            ev.metrics.push_back({QStringLiteral("best_f1"), f1});
            ev.metrics.push_back(
                {QStringLiteral("youden_threshold"), analysis.bestYoudenThreshold()});
            if (options.cost) {
                const Eigen::Matrix2d &c = *options.cost;
                const double t = analysis.minCostThreshold(c);
                const ThresholdAnalysis::Counts k = analysis.at(t);
                const double total =
                    k.tn * c(0, 0) + k.fp * c(0, 1) + k.fn * c(1, 0) + k.tp * c(1, 1);
                ev.metrics.push_back({QStringLiteral("min_cost_threshold"), t});
                ev.metrics.push_back({QStringLiteral("min_cost"), total / double(keep.size())});
            }
        }
        return ev;
    }
    case ml::Task::Regression: {
        if (out->truthValue.size() != n)
            return Error{QStringLiteral("the rows have no target column '%1' to compare with")
                             .arg(p.target)};
        std::vector<Eigen::Index> keep;
        for (Eigen::Index i = 0; i < n; ++i)
            if (std::isfinite(out->truthValue[i]))
                keep.push_back(i);
        if (keep.empty())
            return Error{
                QStringLiteral("no rows with a value in '%1' to evaluate on").arg(p.target)};
        RegressionInput in;
        in.truth = subset(out->truthValue, keep);
        in.predicted = subset(out->prediction, keep);
        return evaluateRegression(in);
    }
    case ml::Task::Clustering: {
        ClusteringInput in;
        in.X = std::move(out->X);
        in.labels = out->prediction.cast<int>();
        return evaluateClustering(in, ctx);
    }
    case ml::Task::Anomaly: {
        Evaluation e;
        e.task = QStringLiteral("anomaly");
        const double flagged = out->prediction.sum();
        e.metrics.push_back({QStringLiteral("anomalies"), flagged});
        e.metrics.push_back({QStringLiteral("anomaly_fraction"), n ? flagged / double(n) : NAN});
        return e;
    }
    }
    return Error{QStringLiteral("unknown task")};
}

Result<LabelledRows> labelledRows(const Table &table, const QString &target, ml::Task task,
                                  QStringList &classes)
{
    LabelledRows out;
    std::vector<std::int64_t> keep;
    if (task == ml::Task::Classification) {
        if (classes.isEmpty()) {
            auto learned = ml::learnClasses(table, target);
            if (!learned)
                return learned.error();
            classes = *learned;
        }
        auto codes = ml::encodeClasses(table, target, classes);
        if (!codes)
            return codes.error();
        for (Eigen::Index i = 0; i < codes->size(); ++i)
            if ((*codes)[i] >= 0)
                keep.push_back(i);
        out.classIndex.resize(Eigen::Index(keep.size()));
        for (std::size_t i = 0; i < keep.size(); ++i)
            out.classIndex[Eigen::Index(i)] = (*codes)[Eigen::Index(keep[i])];
    } else {
        const int tc = table.indexOf(target);
        if (tc < 0)
            return Error{QStringLiteral("there is no target column '%1'").arg(target)};
        for (std::int64_t i = 0; i < table.rowCount(); ++i)
            if (!table.column(tc)->isMissing(i))
                keep.push_back(i);
    }
    out.rows = std::int64_t(keep.size()) == table.rowCount() ? table : table.take(keep);
    return out;
}

double CrossValidationResult::metricMean(const QString &key) const
{
    for (const Metric &m : mean)
        if (m.key == key)
            return m.value;
    return NAN;
}

QJsonObject CrossValidationResult::toJson() const
{
    QJsonObject meanJson, devJson;
    for (const Metric &m : mean)
        meanJson.insert(m.key, std::isfinite(m.value) ? QJsonValue(m.value) : QJsonValue());
    for (const Metric &m : deviation)
        devJson.insert(m.key, std::isfinite(m.value) ? QJsonValue(m.value) : QJsonValue());
    QJsonArray foldsJson;
    for (std::size_t i = 0; i < folds.size(); ++i) {
        QJsonObject metrics;
        for (const Metric &m : folds[i].metrics)
            metrics.insert(m.key, std::isfinite(m.value) ? QJsonValue(m.value) : QJsonValue());
        foldsJson.append(QJsonObject{{QStringLiteral("fold"), int(i)},
                                     {QStringLiteral("train_rows"), double(trainRows[i])},
                                     {QStringLiteral("test_rows"), double(testRows[i])},
                                     {QStringLiteral("metrics"), metrics}});
    }
    return QJsonObject{{QStringLiteral("metrics"), meanJson},
                       {QStringLiteral("std"), devJson},
                       {QStringLiteral("folds"), foldsJson},
                       {QStringLiteral("notes"), QJsonArray::fromStringList(notes)}};
}

Result<CrossValidationResult> crossValidate(const Table &table, const ml::TrainSpec &specIn,
                                            const FoldSpec &foldSpec, JobContext &ctx,
                                            const EvaluateOptions &options)
{
    const ml::EstimatorInfo *e = ml::findEstimator(specIn.algorithm);
    if (!e)
        return Error{QStringLiteral("unknown model '%1'").arg(specIn.algorithm)};
    auto task = ml::resolveTask(*e, table, specIn);
    if (!task)
        return task.error();
    ml::TrainSpec spec = specIn;
    spec.task = *task;
    // Rows without a target cannot be scored: drop them before making folds.
    Table rows = table;
    Eigen::VectorXi classes;
    if (*task == ml::Task::Classification || *task == ml::Task::Regression) {
        auto labelled = labelledRows(table, spec.target, *task, spec.classes);
        if (!labelled)
            return labelled.error();
        rows = std::move(labelled->rows);
        classes = std::move(labelled->classIndex);
    }
    const bool stratified = foldSpec.scheme == FoldScheme::StratifiedKFold ||
                            foldSpec.scheme == FoldScheme::RepeatedStratifiedKFold ||
                            (foldSpec.scheme == FoldScheme::Holdout && classes.size() > 0);
    auto folds =
        makeFolds(rows.rowCount(), stratified && classes.size() ? &classes : nullptr, foldSpec);
    if (!folds)
        return folds.error();
    CrossValidationResult result;
    result.spec = foldSpec;
    if (rows.rowCount() != table.rowCount())
        result.notes << QStringLiteral("%1 rows without a target value were left out")
                            .arg(table.rowCount() - rows.rowCount());
    // The steps upstream of this node (the table's recipe) are learned again in every fold
    // from that fold's raw training rows, as the model's own automatic steps are; the fold's
    // test rows then go through that fold's recipe only.
    const auto upstream = rows.recipe();
    std::optional<Table> raw;
    if (upstream && !upstream->isEmpty()) {
        QStringList kinds;
        for (const auto &step : upstream->steps())
            kinds << step->kind();
        raw = rows.recipeInput();
        if (raw)
            result.notes << QStringLiteral("the upstream steps (%1) were fitted again in each "
                                           "fold on its training rows")
                                .arg(kinds.join(QStringLiteral(", ")));
        else
            result.notes << QStringLiteral(
                                "the upstream steps (%1) could not be fitted again in each fold "
                                "(a join, a concatenation or a column added outside a step came "
                                "after them, so their raw rows are unknown): they learned from "
                                "every row, and the scores may be optimistic")
                                .arg(kinds.join(QStringLiteral(", ")));
    }
    const double count = double(folds->size());
    for (std::size_t f = 0; f < folds->size(); ++f) {
        if (ctx.isCanceled())
            return Error{QStringLiteral("canceled")};
        const Fold &fold = (*folds)[f];
        PartJob part(ctx, double(f) / count, double(f + 1) / count,
                     QStringLiteral("fold %1 of %2").arg(f + 1).arg(folds->size()));
        Table train, test;
        if (raw) {
            auto prepared = upstream->refit(raw->take(fold.train), part.ctx());
            if (!prepared)
                return Error{
                    QStringLiteral("fold %1: %2").arg(f + 1).arg(prepared.error().message)};
            train = std::move(*prepared);
            test = raw->take(fold.test);
        } else {
            train = rows.take(fold.train);
            test = rows.take(fold.test);
        }
        auto model = ml::trainPipeline(train, spec, part.ctx());
        if (!model)
            return Error{QStringLiteral("fold %1: %2").arg(f + 1).arg(model.error().message)};
        auto eval = evaluatePipeline(*model, test, part.ctx(), options);
        if (!eval)
            return Error{QStringLiteral("fold %1: %2").arg(f + 1).arg(eval.error().message)};
        result.folds.push_back(std::move(*eval));
        result.trainRows.push_back(std::int64_t(fold.train.size()));
        result.testRows.push_back(std::int64_t(fold.test.size()));
    }
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    // Mean and spread of each metric of the first fold, over the folds where it is a number.
    if (!result.folds.empty()) {
        for (const Metric &m : result.folds.front().metrics) {
            double sum = 0, sumSq = 0;
            int k = 0;
            for (const Evaluation &ev : result.folds) {
                const double v = ev.metric(m.key);
                if (std::isfinite(v)) {
                    sum += v;
                    ++k;
                }
            }
            const double mu = k ? sum / k : NAN;
            for (const Evaluation &ev : result.folds) {
                const double v = ev.metric(m.key);
                if (std::isfinite(v))
                    sumSq += (v - mu) * (v - mu);
            }
            result.mean.push_back({m.key, mu});
            result.deviation.push_back({m.key, k > 1 ? std::sqrt(sumSq / (k - 1)) : NAN});
        }
    }
    ctx.setProgress(1.0);
    return result;
}

} // namespace flowline::core::eval

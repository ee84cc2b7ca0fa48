#include "Pipeline.h"

#include "AutoPrep.h"
#include "DesignMatrix.h"
#include "ModelJson.h"
#include "jobs/JobContext.h"
#include "prep/Cast.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace flowline::core::ml {

namespace {

const QString kFormat = QStringLiteral("flowline-model");
constexpr int kVersion = 1;

bool sameStep(const prep::FittedStepPtr &a, const prep::FittedStepPtr &b)
{
    return a == b || a->toJson() == b->toJson();
}

ColumnPtr missingColumn(ColumnKind kind, std::int64_t n)
{
    const auto rows = static_cast<std::size_t>(n);
    switch (kind) {
    case ColumnKind::Numeric:
        return std::make_shared<NumericColumn>(std::vector<double>(rows, NumericColumn::kMissing));
    case ColumnKind::Categorical:
        return std::make_shared<CategoricalColumn>(
            std::vector<std::int32_t>(rows, CategoricalColumn::kMissing),
            std::make_shared<CategoricalColumn::Dictionary>());
    case ColumnKind::Boolean:
        return std::make_shared<BooleanColumn>(
            std::vector<std::int8_t>(rows, BooleanColumn::kMissing));
    case ColumnKind::Datetime:
        return std::make_shared<DatetimeColumn>(
            std::vector<std::int64_t>(rows, DatetimeColumn::kMissing));
    case ColumnKind::Text: {
        TextColumnBuilder b;
        for (std::size_t i = 0; i < rows; ++i)
            b.appendMissing();
        return b.finish();
    }
    }
    return nullptr;
}

// `raw` made to fit the recipe's source schema where that is harmless: a missing target column
// (rows to score have no label) is added as all-missing, and a column read as text where the
// training file had categories (or the other way round: the reader decides by cardinality) is
// converted. Anything else is left for the recipe to refuse.
Result<Table> conformToSource(const Table &raw, const prep::Recipe &recipe, const QString &target)
{
    Table t = raw;
    for (const auto &col : recipe.source()) {
        const int i = t.indexOf(col.name);
        if (i < 0) {
            if (col.name == target)
                t = t.withColumn(col.name, missingColumn(col.kind, t.rowCount()));
            continue;
        }
        const ColumnKind k = t.kind(i);
        const bool textual = [](ColumnKind x) {
            return x == ColumnKind::Text || x == ColumnKind::Categorical;
        }(k) && (col.kind == ColumnKind::Text || col.kind == ColumnKind::Categorical);
        if (k != col.kind && textual) {
            auto c = prep::castColumn(*t.column(i), col.name, col.kind, prep::CastFailures::Error);
            if (!c)
                return c.error();
            t = t.withColumn(col.name, *c);
        }
    }
    return t;
}

} // namespace

Result<Task> resolveTask(const EstimatorInfo &e, const Table &table, const TrainSpec &spec)
{
    const bool supervised = e.supervised();
    if (spec.task) {
        if (!e.supports(*spec.task))
            return Error{QStringLiteral("%1 cannot do %2").arg(e.id, taskName(*spec.task))};
        if ((*spec.task == Task::Regression || *spec.task == Task::Classification) &&
            spec.target.isEmpty())
            return Error{QStringLiteral("%1 needs a target column").arg(e.id)};
    }
    if (!supervised)
        return spec.task ? *spec.task : e.tasks.front();
    if (spec.target.isEmpty())
        return Error{QStringLiteral("%1 needs a target column").arg(e.id)};
    const int tc = table.indexOf(spec.target);
    if (tc < 0)
        return Error{QStringLiteral("there is no target column '%1' (columns: %2)")
                         .arg(spec.target, table.columnNames().join(QStringLiteral(", ")))};
    Task task;
    if (spec.task)
        task = *spec.task;
    else if (!e.supports(Task::Classification))
        task = Task::Regression;
    else if (!e.supports(Task::Regression))
        task = Task::Classification;
    else
        task = looksCategorical(table, spec.target) ? Task::Classification : Task::Regression;
    if (task == Task::Regression && table.kind(tc) != ColumnKind::Numeric)
        return Error{QStringLiteral("%1 is a regression algorithm here and needs a numeric target; "
                                    "'%2' is %3")
                         .arg(e.id, spec.target, kindName(table.kind(tc)))};
    return task;
}

Result<Pipeline> trainPipeline(const Table &input, const TrainSpec &spec, JobContext &ctx)
{
    const EstimatorInfo *e = findEstimator(spec.algorithm);
    if (!e) {
        QStringList ids;
        for (const EstimatorInfo &x : estimators())
            ids << x.id;
        return Error{QStringLiteral("unknown model '%1' (known: %2)")
                         .arg(spec.algorithm, ids.join(QStringLiteral(", ")))};
    }
    auto params = Params::resolve(e->params, spec.params);
    if (!params)
        return params.error();
    auto task = resolveTask(*e, input, spec);
    if (!task)
        return task.error();

    // Roles: the chosen target is the target (any other Target role becomes a feature again
    // only if it was the spec's; other targets stay out), and, when features are listed, every
    // other column is ignored.
    Table table = input;
    for (int c = 0; c < table.columnCount(); ++c) {
        const QString &name = table.columnName(c);
        if (name == spec.target)
            table = table.withRole(c, ColumnRole::Target);
        else if (!spec.features.isEmpty())
            table = table.withRole(c, spec.features.contains(name) ? ColumnRole::Feature
                                                                   : ColumnRole::Ignored);
    }
    for (const QString &f : spec.features)
        if (table.indexOf(f) < 0)
            return Error{QStringLiteral("there is no feature column '%1'").arg(f)};

    Pipeline p;
    p.algorithm = e->id;
    p.task = *task;
    p.params = *params;
    p.target = spec.target;
    if (!spec.target.isEmpty() && table.indexOf(spec.target) >= 0)
        p.targetKind = table.kind(table.indexOf(spec.target));

    ctx.setProgress(0.0, QStringLiteral("preparing the data"));
    auto prepped = fitAutoPrep(table, spec.autoPrep, e->scaleSensitive, ctx);
    if (!prepped)
        return prepped.error();
    if (ctx.isCanceled())
        return Error{QStringLiteral("canceled")};
    const auto upstream = prep::Recipe::of(input);
    p.upstreamSteps = upstream->steps().size();
    auto recipe = upstream;
    for (const auto &s : prepped->steps)
        recipe = recipe->then(s);
    p.recipe = recipe;
    p.features = prepped->features;
    p.notes = prepped->notes;

    const bool supervised = *task == Task::Regression || *task == Task::Classification;
    if (*task == Task::Classification)
        p.classes = spec.classes;
    std::int64_t dropped = 0;
    auto data = buildDataset(prepped->table, p.features, supervised ? spec.target : QString(),
                             *task, p.classes, &dropped);
    if (!data)
        return data.error();
    if (dropped > 0)
        p.notes << QStringLiteral("%1 rows without a target value were left out").arg(dropped);
    if (*task == Task::Classification &&
        e->params.end() != std::find_if(e->params.begin(), e->params.end(), [](const ParamInfo &i) {
            return i.key == QLatin1String("class_weight");
        }))
        applyClassWeight(*data, params->text(QStringLiteral("class_weight")));
    p.trainingRows = data->rows();

    auto model = e->fit(*data, *params, *task, ctx);
    if (!model)
        return model.error();
    p.model = *model;
    return p;
}

Result<Table> Pipeline::prepare(const Table &input, JobContext &ctx) const
{
    const auto have = prep::Recipe::of(input);
    const auto &mine = recipe->steps();
    const auto &theirs = have->steps();
    std::size_t done = 0;
    if (!theirs.empty()) {
        // The input was prepared: its steps must be the start of ours.
        bool prefix = theirs.size() <= mine.size();
        for (std::size_t i = 0; prefix && i < theirs.size(); ++i)
            prefix = sameStep(theirs[i], mine[i]);
        if (!prefix)
            return Error{QStringLiteral(
                "these rows were prepared by other steps than the model's training data; "
                "connect the raw rows instead (the model applies its own recipe)")};
        done = theirs.size();
    }
    if (done == 0) {
        auto conformed = conformToSource(input, *recipe, target);
        if (!conformed)
            return conformed.error();
        return recipe->apply(*conformed, ctx);
    }
    Table t = input;
    for (std::size_t i = done; i < mine.size(); ++i) {
        auto out = prep::applyAndRecord(mine[i], t, ctx);
        if (!out)
            return out.error();
        t = std::move(*out);
    }
    return t;
}

Result<PipelineOutput> Pipeline::predict(const Table &input, JobContext &ctx) const
{
    auto prepared = prepare(input, ctx);
    if (!prepared)
        return prepared.error();
    auto X = featureMatrix(*prepared, features);
    if (!X)
        return X.error();
    PipelineOutput out;
    out.prediction = model->predict(*X, ctx);
    out.proba = model->predictProba(*X, ctx);
    out.decision = model->decisionFunction(*X, ctx);
    if (task == Task::Clustering)
        out.X = std::move(*X);
    if (!target.isEmpty() && input.indexOf(target) >= 0) {
        if (task == Task::Classification) {
            auto codes = encodeClasses(input, target, classes);
            if (codes)
                out.truth = *codes;
        } else if (task == Task::Regression && input.numeric(input.indexOf(target))) {
            out.truthValue = input.numeric(input.indexOf(target))->vector();
        }
    }
    return out;
}

Result<Table> Pipeline::predictTable(const Table &input, JobContext &ctx) const
{
    auto out = predict(input, ctx);
    if (!out)
        return out.error();
    const auto n = static_cast<std::size_t>(input.rowCount());
    Table t = input;
    const auto unique = [&](QString name) {
        while (t.indexOf(name) >= 0)
            name += QLatin1Char('_');
        return name;
    };
    if (task == Task::Classification) {
        auto dict = std::make_shared<CategoricalColumn::Dictionary>();
        for (const QString &c : classes)
            dict->push_back(c.toStdString());
        std::vector<std::int32_t> codes(n);
        for (std::size_t i = 0; i < n; ++i)
            codes[i] = static_cast<std::int32_t>(out->prediction[Eigen::Index(i)]);
        t = t.withColumn(unique(QStringLiteral("prediction")),
                         std::make_shared<CategoricalColumn>(std::move(codes), dict));
        for (Eigen::Index k = 0; k < out->proba.cols(); ++k) {
            std::vector<double> v(n);
            for (std::size_t i = 0; i < n; ++i)
                v[i] = out->proba(Eigen::Index(i), k);
            t = t.withColumn(unique(QStringLiteral("probability_") + classes[int(k)]),
                             std::make_shared<NumericColumn>(std::move(v)));
        }
    } else {
        std::vector<double> v(out->prediction.data(), out->prediction.data() + n);
        t = t.withColumn(unique(task == Task::Clustering ? QStringLiteral("cluster")
                                : task == Task::Anomaly  ? QStringLiteral("anomaly")
                                                         : QStringLiteral("prediction")),
                         std::make_shared<NumericColumn>(std::move(v)));
    }
    if (out->proba.size() == 0 && out->decision.cols() == 1) {
        std::vector<double> v(out->decision.data(), out->decision.data() + n);
        t = t.withColumn(unique(QStringLiteral("score")),
                         std::make_shared<NumericColumn>(std::move(v)));
    }
    return t;
}

QJsonObject Pipeline::toJson() const
{
    QJsonArray cls, feats, notesJson;
    for (const QString &c : classes)
        cls.append(c);
    for (const QString &f : features)
        feats.append(f);
    for (const QString &n : notes)
        notesJson.append(n);
    return QJsonObject{{QStringLiteral("format"), kFormat},
                       {QStringLiteral("version"), kVersion},
                       {QStringLiteral("algorithm"), algorithm},
                       {QStringLiteral("task"), taskName(task)},
                       {QStringLiteral("params"), params.toJson()},
                       {QStringLiteral("recipe"), recipe->toJson()},
                       {QStringLiteral("upstream_steps"), double(upstreamSteps)},
                       {QStringLiteral("features"), feats},
                       {QStringLiteral("target"), target},
                       {QStringLiteral("target_kind"), kindName(targetKind)},
                       {QStringLiteral("classes"), cls},
                       {QStringLiteral("training_rows"), double(trainingRows)},
                       {QStringLiteral("notes"), notesJson},
                       {QStringLiteral("model"), model->toJson()}};
}

Result<Pipeline> Pipeline::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != kFormat)
        return Error{QStringLiteral("not a Flowline model (no \"format\": \"%1\")").arg(kFormat)};
    const int version = json.value(QStringLiteral("version")).toInt(-1);
    if (version < 1)
        return Error{QStringLiteral("model file: bad version")};
    if (version > kVersion)
        return Error{QStringLiteral("this model was written by a newer Flowline (model format %1; "
                                    "this version reads up to %2)")
                         .arg(version)
                         .arg(kVersion)};
    Pipeline p;
    p.algorithm = json.value(QStringLiteral("algorithm")).toString();
    const EstimatorInfo *e = findEstimator(p.algorithm);
    if (!e)
        return Error{QStringLiteral("model file: unknown algorithm '%1'").arg(p.algorithm)};
    const auto task = taskFromName(json.value(QStringLiteral("task")).toString());
    if (!task || !e->supports(*task))
        return Error{QStringLiteral("model file: bad task")};
    p.task = *task;
    auto params =
        Params::resolve(e->params, json.value(QStringLiteral("params")).toObject().toVariantMap());
    if (!params)
        return Error{QStringLiteral("model file: %1").arg(params.error().message)};
    p.params = *params;
    auto recipe = prep::Recipe::fromJson(json.value(QStringLiteral("recipe")).toObject());
    if (!recipe)
        return Error{QStringLiteral("model file: %1").arg(recipe.error().message)};
    p.recipe = std::make_shared<const prep::Recipe>(std::move(*recipe));
    const double upstream = json.value(QStringLiteral("upstream_steps")).toDouble(-1);
    if (upstream < 0 || upstream > double(p.recipe->steps().size()) ||
        upstream != std::floor(upstream))
        return Error{QStringLiteral("model file: bad upstream_steps")};
    p.upstreamSteps = std::size_t(upstream);
    for (const QJsonValue &f : json.value(QStringLiteral("features")).toArray())
        p.features << f.toString();
    p.target = json.value(QStringLiteral("target")).toString();
    const auto kind = kindFromName(json.value(QStringLiteral("target_kind")).toString());
    if (!kind)
        return Error{QStringLiteral("model file: bad target_kind")};
    p.targetKind = *kind;
    for (const QJsonValue &c : json.value(QStringLiteral("classes")).toArray())
        p.classes << c.toString();
    for (const QJsonValue &n : json.value(QStringLiteral("notes")).toArray())
        p.notes << n.toString();
    if (json.contains(QStringLiteral("training_rows"))) {
        auto rows = intFromJson(json, QStringLiteral("training_rows"), 0, std::int64_t(1) << 53);
        if (!rows)
            return Error{QStringLiteral("model file: %1").arg(rows.error().message)};
        p.trainingRows = *rows;
    }
    auto model = modelFromJson(json.value(QStringLiteral("model")).toObject());
    if (!model)
        return Error{QStringLiteral("model file: %1").arg(model.error().message)};
    if ((*model)->featureCount() != p.features.size())
        return Error{QStringLiteral("model file: the model expects %1 features, the file lists %2")
                         .arg((*model)->featureCount())
                         .arg(p.features.size())};
    if (p.task == Task::Classification && (*model)->classCount() != p.classes.size())
        return Error{QStringLiteral("model file: the model has %1 classes, the file lists %2")
                         .arg((*model)->classCount())
                         .arg(p.classes.size())};
    p.model = *model;
    return p;
}

QString Pipeline::summary() const
{
    QString what = taskName(task);
    if (target.isEmpty())
        return QStringLiteral("%1 %2 on %3 features (%4 rows)")
            .arg(algorithm, what)
            .arg(features.size())
            .arg(trainingRows);
    return QStringLiteral("%1 %2 of '%3' on %4 features (%5 rows)")
        .arg(algorithm, what, target)
        .arg(features.size())
        .arg(trainingRows);
}

Result<bool> savePipeline(const Pipeline &pipeline, const QString &path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error{f.errorString(), path};
    const QByteArray bytes = QJsonDocument(pipeline.toJson()).toJson(QJsonDocument::Compact);
    if (f.write(bytes) != bytes.size() || !f.commit())
        return Error{f.errorString(), path};
    return true;
}

Result<Pipeline> loadPipeline(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{f.errorString(), path};
    if (f.size() > maxBytes)
        return Error{QStringLiteral("the model file is %1 bytes; the limit is %2")
                         .arg(f.size())
                         .arg(maxBytes),
                     path};
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("not a model file: %1 at byte %2")
                         .arg(err.errorString())
                         .arg(err.offset),
                     path};
    auto p = Pipeline::fromJson(doc.object());
    if (!p)
        return Error{p.error().message, path};
    return p;
}

} // namespace flowline::core::ml

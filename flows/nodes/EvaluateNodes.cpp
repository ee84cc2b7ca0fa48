#include "BuiltinNodes.h"
#include "ModelValues.h"
#include "NodeHelpers.h"

#include "eval/CrossValidation.h"
#include "jobs/JobContext.h"
#include "ml/Estimator.h"

namespace flowline::flows {

// From ModelNodes.cpp.
QList<ParamSpec> modelParams(const core::ml::EstimatorInfo &e);
core::ml::TrainSpec trainSpecFromParams(const core::ml::EstimatorInfo &e,
                                        const QVariantMap &values);

namespace {

// "n_estimators=200, max_depth=5" → a map (values are checked by the estimator's schema).
core::Result<QVariantMap> parseParamText(const QString &text)
{
    QVariantMap out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return core::Error{
                QStringLiteral("parameters: expected KEY=VALUE, got '%1'").arg(part.trimmed())};
        out.insert(part.left(eq).trimmed(), part.mid(eq + 1).trimmed());
    }
    return out;
}

// The two costs of a binary classifier's mistakes; both 0 (the default) means "not asked".
QList<ParamSpec> costParams()
{
    return {
        ParamSpec{QStringLiteral("false_positive_cost"), QStringLiteral("Cost of a false positive"),
                  QStringLiteral("Binary classifiers: what predicting the positive class for "
                                 "a negative row costs. With either cost above 0 the "
                                 "evaluation adds the threshold of least total cost and the "
                                 "mean cost per row there (default 0: not computed)."),
                  ParamType::Double, 0.0, 0.0, 1e12},
        ParamSpec{QStringLiteral("false_negative_cost"), QStringLiteral("Cost of a false negative"),
                  QStringLiteral("Binary classifiers: what missing a positive row costs "
                                 "(default 0: see the false positive cost)."),
                  ParamType::Double, 0.0, 0.0, 1e12}};
}

core::eval::EvaluateOptions evaluateOptions(const QVariantMap &params)
{
    core::eval::EvaluateOptions o;
    const double fp = params.value(QStringLiteral("false_positive_cost")).toDouble();
    const double fn = params.value(QStringLiteral("false_negative_cost")).toDouble();
    if (fp > 0 || fn > 0) {
        Eigen::Matrix2d cost;
        cost << 0, fp, fn, 0;
        o.cost = cost;
    }
    return o;
}

} // namespace

NodeType evaluateNode()
{
    NodeType t;
    t.id = QStringLiteral("eval.evaluate");
    t.displayName = QStringLiteral("Evaluate");
    t.category = QStringLiteral("Evaluate");
    t.recordsRun = true;
    t.keywords = {QStringLiteral("score"), QStringLiteral("metrics"),
                  QStringLiteral("test"),  QStringLiteral("confusion matrix"),
                  QStringLiteral("roc"),   QStringLiteral("accuracy")};
    t.help = QStringLiteral(
        "Scores held-out rows with a trained model and compares with their target column: "
        "accuracy, precision / recall / F1, ROC and precision-recall curves, the confusion "
        "matrix and more for classifiers; MSE, RMSE, MAE, R² and residuals for regression; "
        "inertia and silhouette for clustering. Connect the raw test branch of a split: the "
        "model applies the preparation it learned on the training branch.");
    t.inputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model},
                PortSpec{QStringLiteral("table"), QStringLiteral("Test rows"), PortType::Table}};
    t.outputs = {
        PortSpec{QStringLiteral("evaluation"), QStringLiteral("Evaluation"), PortType::Evaluation}};
    t.params = costParams();
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const auto &model = static_cast<const ModelValue &>(*in.first(0));
        const core::Table &rows = inputTable(in, 1);
        auto ev =
            core::eval::evaluatePipeline(model.pipeline(), rows, ctx, evaluateOptions(in.params));
        if (!ev)
            return ev.error();
        return NodeOutputs{std::make_shared<EvaluationValue>(
            std::move(*ev), QStringLiteral("%1 rows").arg(rows.rowCount()))};
    };
    return t;
}

NodeType crossValidateNode()
{
    NodeType t;
    t.id = QStringLiteral("eval.cross_validate");
    t.displayName = QStringLiteral("Cross-validate");
    t.category = QStringLiteral("Evaluate");
    t.recordsRun = true;
    t.keywords = {QStringLiteral("cv"), QStringLiteral("k-fold"), QStringLiteral("folds"),
                  QStringLiteral("validation")};
    t.help = QStringLiteral(
        "Estimates how well an algorithm generalises: the rows are cut into folds, and for each "
        "fold a model (with its automatic preparation fitted again on that fold's training rows) "
        "is trained on the other folds and scored on this one. Gives every fold's metrics and "
        "their mean and standard deviation. Preparation steps placed before this node are "
        "fitted again inside each fold too, on that fold's raw training rows, so no fold's test "
        "rows leak into them. (When a join, a concatenation or an added column came after those "
        "steps, their raw rows are unknown: they keep what they learned from every row and the "
        "result's notes say so.)");
    t.inputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Rows"), PortType::Table}};
    t.outputs = {
        PortSpec{QStringLiteral("evaluation"), QStringLiteral("Evaluation"), PortType::Evaluation}};
    QStringList ids;
    for (const auto &e : core::ml::estimators())
        if (e.supervised())
            ids << e.id;
    ParamSpec algorithm{QStringLiteral("algorithm"),
                        QStringLiteral("Algorithm"),
                        QStringLiteral("The algorithm to cross-validate (default: the first, %1).")
                            .arg(ids.value(0)),
                        ParamType::Choice,
                        ids.value(0),
                        {},
                        {},
                        ids};
    ParamSpec target{QStringLiteral("target"), QStringLiteral("Target"),
                     QStringLiteral("The column to predict."), ParamType::Column, QString()};
    target.required = true;
    t.params = {
        algorithm,
        target,
        ParamSpec{QStringLiteral("parameters"), QStringLiteral("Parameters"),
                  QStringLiteral("The algorithm's parameters as KEY=VALUE, comma-separated "
                                 "(default: none, every parameter at its default)."),
                  ParamType::String, QString()},
        ParamSpec{QStringLiteral("features"), QStringLiteral("Features"),
                  QStringLiteral("The columns to learn from (default: every feature column but "
                                 "the target)."),
                  ParamType::ColumnList, QStringList()},
        ParamSpec{QStringLiteral("scheme"),
                  QStringLiteral("Folds"),
                  QStringLiteral("auto (default): stratified k-fold for classification, k-fold "
                                 "for regression; or kfold, stratified, repeated, "
                                 "repeated_stratified."),
                  ParamType::Choice,
                  QStringLiteral("auto"),
                  {},
                  {},
                  {QStringLiteral("auto"), QStringLiteral("kfold"), QStringLiteral("stratified"),
                   QStringLiteral("repeated"), QStringLiteral("repeated_stratified")}},
        ParamSpec{QStringLiteral("folds"), QStringLiteral("Number of folds"),
                  QStringLiteral("How many folds (default 5)."), ParamType::Int, 5, 2.0, 100.0},
        ParamSpec{QStringLiteral("repeats"), QStringLiteral("Repeats"),
                  QStringLiteral("Repeated schemes: how many different shuffles (default 3)."),
                  ParamType::Int, 3, 1.0, 100.0},
        ParamSpec{QStringLiteral("auto_prep"), QStringLiteral("Prepare automatically"),
                  QStringLiteral("Fit the model's default preparation inside each fold "
                                 "(default: on)."),
                  ParamType::Bool, true},
        seedParam(),
    };
    for (const ParamSpec &p : costParams())
        t.params.push_back(p);
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const QString id = in.params.value(QStringLiteral("algorithm")).toString();
        const core::ml::EstimatorInfo *e = core::ml::findEstimator(id);
        if (!e)
            return core::Error{QStringLiteral("unknown algorithm '%1'").arg(id)};
        auto given = parseParamText(in.params.value(QStringLiteral("parameters")).toString());
        if (!given)
            return given.error();
        QVariantMap values = in.params;
        for (auto it = given->begin(); it != given->end(); ++it)
            values.insert(it.key(), it.value());
        core::ml::TrainSpec spec = trainSpecFromParams(*e, values);
        spec.params = *given;
        if (auto p = core::ml::Params::resolve(e->params, spec.params); !p)
            return p.error();
        const std::uint64_t seed =
            std::uint64_t(in.params.value(QStringLiteral("seed")).toLongLong());
        ctx.setSeed(seed);
        const core::Table &table = inputTable(in);
        auto task = core::ml::resolveTask(*e, table, spec);
        if (!task)
            return task.error();
        core::eval::FoldSpec fs;
        fs.folds = int(in.params.value(QStringLiteral("folds")).toLongLong());
        fs.repeats = int(in.params.value(QStringLiteral("repeats")).toLongLong());
        fs.seed = seed;
        const QString scheme = in.params.value(QStringLiteral("scheme")).toString();
        const bool classify = *task == core::ml::Task::Classification;
        if (scheme == QLatin1String("kfold"))
            fs.scheme = core::eval::FoldScheme::KFold;
        else if (scheme == QLatin1String("stratified"))
            fs.scheme = core::eval::FoldScheme::StratifiedKFold;
        else if (scheme == QLatin1String("repeated"))
            fs.scheme = core::eval::FoldScheme::RepeatedKFold;
        else if (scheme == QLatin1String("repeated_stratified"))
            fs.scheme = core::eval::FoldScheme::RepeatedStratifiedKFold;
        else
            fs.scheme =
                classify ? core::eval::FoldScheme::StratifiedKFold : core::eval::FoldScheme::KFold;
        if (!classify && (fs.scheme == core::eval::FoldScheme::StratifiedKFold ||
                          fs.scheme == core::eval::FoldScheme::RepeatedStratifiedKFold))
            return core::Error{QStringLiteral("stratified folds need a classification target")};
        if (fs.scheme != core::eval::FoldScheme::RepeatedKFold &&
            fs.scheme != core::eval::FoldScheme::RepeatedStratifiedKFold)
            fs.repeats = 1;
        auto cv = core::eval::crossValidate(table, spec, fs, ctx, evaluateOptions(in.params));
        if (!cv)
            return cv.error();
        for (const QString &note : cv->notes)
            ctx.log(note);
        const QString what =
            fs.repeats > 1
                ? QStringLiteral("%1 × %2-fold CV of %3").arg(fs.repeats).arg(fs.folds).arg(id)
                : QStringLiteral("%1-fold CV of %2").arg(fs.folds).arg(id);
        return NodeOutputs{std::make_shared<EvaluationValue>(std::move(*cv), what)};
    };
    return t;
}

} // namespace flowline::flows

#include "BuiltinNodes.h"
#include "ModelValues.h"
#include "NodeHelpers.h"
#include "NodeRegistry.h"

#include "jobs/JobContext.h"
#include "ml/Estimator.h"

namespace flowline::flows {

namespace {

ParamType paramType(core::ml::ParamKind kind)
{
    switch (kind) {
    case core::ml::ParamKind::Int:
        return ParamType::Int;
    case core::ml::ParamKind::Double:
        return ParamType::Double;
    case core::ml::ParamKind::Bool:
        return ParamType::Bool;
    case core::ml::ParamKind::Choice:
        return ParamType::Choice;
    case core::ml::ParamKind::String:
        return ParamType::String;
    }
    return ParamType::String;
}

const QString kTarget = QStringLiteral("target");
const QString kFeatures = QStringLiteral("features");
const QString kTask = QStringLiteral("task");
const QString kAutoPrep = QStringLiteral("auto_prep");

} // namespace

QList<ParamSpec> modelParams(const core::ml::EstimatorInfo &e)
{
    QList<ParamSpec> params;
    const bool both =
        e.supports(core::ml::Task::Classification) && e.supports(core::ml::Task::Regression);
    if (e.supervised()) {
        ParamSpec target{kTarget, QStringLiteral("Target"),
                         QStringLiteral("The column to predict."), ParamType::Column, QString()};
        target.required = true;
        params << target;
    }
    params << ParamSpec{kFeatures, QStringLiteral("Features"),
                        QStringLiteral("The columns to learn from (default: every feature column "
                                       "but the target)."),
                        ParamType::ColumnList, QStringList()};
    if (both)
        params << ParamSpec{kTask,
                            QStringLiteral("Task"),
                            QStringLiteral("auto (default): classification when the target has "
                                           "categories, text, true/false or at most 10 whole "
                                           "numbers, else regression."),
                            ParamType::Choice,
                            QStringLiteral("auto"),
                            {},
                            {},
                            {QStringLiteral("auto"), QStringLiteral("classification"),
                             QStringLiteral("regression")}};
    params << ParamSpec{
        kAutoPrep, QStringLiteral("Prepare automatically"),
        QStringLiteral("Fill missing values (median; most frequent for categories), one-hot "
                       "encode categories%1, fitted on this node's rows and kept in the model "
                       "(default: on).")
            .arg(e.scaleSensitive ? QStringLiteral(" and standardise numbers") : QString()),
        ParamType::Bool, true};
    if (e.id != QLatin1String("linear_regression") && e.id != QLatin1String("ridge") &&
        e.id != QLatin1String("naive_bayes"))
        params << seedParam();
    for (const core::ml::ParamInfo &i : e.params) {
        ParamSpec s;
        s.key = i.key;
        s.label = i.label;
        s.help = i.help;
        s.type = paramType(i.kind);
        s.defaultValue = i.defaultValue;
        s.min = i.min;
        s.max = i.max;
        s.choices = i.choices;
        params << s;
    }
    return params;
}

core::ml::TrainSpec trainSpecFromParams(const core::ml::EstimatorInfo &e, const QVariantMap &values)
{
    core::ml::TrainSpec spec;
    spec.algorithm = e.id;
    spec.target = values.value(kTarget).toString();
    spec.features = values.value(kFeatures).toStringList();
    spec.autoPrep = values.value(kAutoPrep, true).toBool();
    const QString task = values.value(kTask).toString();
    if (task == QLatin1String("classification"))
        spec.task = core::ml::Task::Classification;
    else if (task == QLatin1String("regression"))
        spec.task = core::ml::Task::Regression;
    for (const core::ml::ParamInfo &i : e.params)
        if (values.contains(i.key))
            spec.params.insert(i.key, values.value(i.key));
    return spec;
}

NodeType trainNode(const core::ml::EstimatorInfo &e)
{
    NodeType t;
    t.id = QStringLiteral("model.") + e.id;
    t.displayName = e.name;
    t.category = QStringLiteral("Model");
    t.keywords = {e.id, QStringLiteral("train"), QStringLiteral("fit")};
    for (core::ml::Task task : e.tasks)
        t.keywords << core::ml::taskName(task);
    t.help =
        e.help + QStringLiteral(" Trains on the input rows; the Model output carries the whole "
                                "pipeline (the preparation recorded on the table, automatic "
                                "preparation, the fitted model and its labels).");
    t.trains = true;
    t.recordsRun = true;
    t.inputs = {
        PortSpec{QStringLiteral("table"), QStringLiteral("Training rows"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model}};
    t.params = modelParams(e);
    const QString id = e.id;
    t.run = [id](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const core::ml::EstimatorInfo *est = core::ml::findEstimator(id);
        if (!est)
            return core::Error{QStringLiteral("unknown model '%1'").arg(id)};
        if (in.params.contains(QStringLiteral("seed")))
            ctx.setSeed(std::uint64_t(in.params.value(QStringLiteral("seed")).toLongLong()));
        auto p = core::ml::trainPipeline(inputTable(in), trainSpecFromParams(*est, in.params), ctx);
        if (!p)
            return p.error();
        for (const QString &note : p->notes)
            ctx.log(note);
        return NodeOutputs{std::make_shared<ModelValue>(
            std::make_shared<const core::ml::Pipeline>(std::move(*p)))};
    };
    return t;
}

NodeType predictNode()
{
    NodeType t;
    t.id = QStringLiteral("eval.predict");
    t.displayName = QStringLiteral("Predict");
    t.category = QStringLiteral("Evaluate");
    t.keywords = {QStringLiteral("score"), QStringLiteral("apply"), QStringLiteral("inference"),
                  QStringLiteral("probabilities")};
    t.help = QStringLiteral(
        "Scores rows with a trained model: the model's preparation is applied to the rows first "
        "(raw rows, or rows prepared before a split by the same steps), then the model predicts. "
        "Adds 'prediction' (the class label, value, cluster or anomaly flag), one "
        "'probability_<class>' column per class where the model gives probabilities, and "
        "'score' where it gives a margin or an anomaly score.");
    t.inputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model},
                PortSpec{QStringLiteral("table"), QStringLiteral("Rows"), PortType::Table}};
    t.outputs = {PortSpec{QStringLiteral("table"), QStringLiteral("Predictions"), PortType::Table}};
    t.run = [](const NodeInputs &in, core::JobContext &ctx) -> core::Result<NodeOutputs> {
        const auto &model = static_cast<const ModelValue &>(*in.first(0));
        auto out = model.pipeline().predictTable(inputTable(in, 1), ctx);
        if (!out)
            return out.error();
        return tableOutput(std::move(*out));
    };
    return t;
}

void registerModelNodes(NodeRegistry &registry)
{
    for (const core::ml::EstimatorInfo &e : core::ml::estimators())
        registry.add(trainNode(e));
    registry.add(predictNode());
    registry.add(evaluateNode());
    registry.add(crossValidateNode());
    registry.add(registerModelNode());
}

} // namespace flowline::flows

// model.register: a trained model into the experiment store's model registry.

#include "BuiltinNodes.h"
#include "NodeHelpers.h"
#include "PortValue.h"
#include "RunRecorder.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

namespace flowline::flows {

namespace {

core::ColumnPtr textColumn(const QString &value)
{
    core::TextColumnBuilder b;
    b.append(value.toStdString());
    return b.finish();
}

} // namespace

NodeType registerModelNode()
{
    NodeType t;
    t.id = QStringLiteral("model.register");
    t.displayName = QStringLiteral("Register Model");
    t.category = QStringLiteral("Export");
    t.keywords = {QStringLiteral("registry"), QStringLiteral("version"), QStringLiteral("stage"),
                  QStringLiteral("production"), QStringLiteral("deploy")};
    t.help = QStringLiteral(
        "Registers the incoming model in the experiment store's model registry as the next "
        "version of a name (1, 2, ...), pointing at the training run that made it, with a model "
        "card filled from that run; optionally moves it to staging or production (the version "
        "in production before is archived). Every run of this node registers a new version. "
        "Needs the experiment store (runs recorded): the model's training run must be in it.");
    t.inputs = {PortSpec{QStringLiteral("model"), QStringLiteral("Model"), PortType::Model}};
    t.outputs = {
        PortSpec{QStringLiteral("entry"), QStringLiteral("Registry entry"), PortType::Table}};
    ParamSpec name{QStringLiteral("name"), QStringLiteral("Name"),
                   QStringLiteral("The registered model's name, e.g. churn-classifier."),
                   ParamType::String, QString()};
    name.required = true;
    t.params = {name,
                ParamSpec{QStringLiteral("stage"),
                          QStringLiteral("Stage"),
                          QStringLiteral("Where the new version goes: none (default), staging or "
                                         "production."),
                          ParamType::Choice,
                          QStringLiteral("none"),
                          {},
                          {},
                          {QStringLiteral("none"), QStringLiteral("staging"),
                           QStringLiteral("production")}},
                ParamSpec{QStringLiteral("reason"), QStringLiteral("Reason"),
                          QStringLiteral("Why it moves to that stage (kept in its history)."),
                          ParamType::String, QString()}};
    t.run = [](const NodeInputs &in, core::JobContext &) -> core::Result<NodeOutputs> {
        const QString name = in.params.value(QStringLiteral("name")).toString().trimmed();
        if (name.isEmpty())
            return core::Error{QStringLiteral("parameter 'name': give the model a name")};
        if (!in.recorder)
            return core::Error{QStringLiteral("runs are not being recorded (no experiment "
                                              "store), so there is no registry to register in")};
        auto entry = in.recorder->registerModel(
            in.first(0), name, in.params.value(QStringLiteral("stage")).toString(),
            in.params.value(QStringLiteral("reason")).toString());
        if (!entry)
            return entry.error();
        core::Table table({QStringLiteral("name"), QStringLiteral("version"),
                           QStringLiteral("stage"), QStringLiteral("run")},
                          {textColumn(entry->name),
                           std::make_shared<const core::NumericColumn>(
                               std::vector<double>{double(entry->version)}),
                           textColumn(entry->stage), textColumn(entry->run)});
        return tableOutput(std::move(table));
    };
    return t;
}

} // namespace flowline::flows

#include "CliCommon.h"
#include "Commands.h"
#include "JsonWriter.h"

#include "NodeRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace flowline::app {

namespace {

const QString kUsage =
    QStringLiteral("Usage: flowline-cli nodes [--json]\n"
                   "Lists the node types a flow can use, with their ports and parameters.");

void writeParam(JsonWriter &json, const flows::ParamSpec &p)
{
    json.beginObject();
    json.key(QStringLiteral("key")).value(p.key);
    json.key(QStringLiteral("label")).value(p.label);
    json.key(QStringLiteral("type")).value(flows::paramTypeName(p.type));
    json.key(QStringLiteral("default"))
        .raw(QJsonDocument(QJsonArray{p.toJson(p.defaultValue)})
                 .toJson(QJsonDocument::Compact)
                 .mid(1)
                 .chopped(1));
    if (p.min)
        json.key(QStringLiteral("min")).value(*p.min);
    if (p.max)
        json.key(QStringLiteral("max")).value(*p.max);
    if (!p.choices.isEmpty()) {
        json.key(QStringLiteral("choices")).beginArray();
        for (const auto &c : p.choices)
            json.value(c);
        json.endArray();
    }
    json.key(QStringLiteral("required")).value(p.required);
    json.key(QStringLiteral("help")).value(p.help);
    json.endObject();
}

void writePorts(JsonWriter &json, const QList<flows::PortSpec> &ports)
{
    json.beginArray();
    for (const auto &port : ports) {
        json.beginObject();
        json.key(QStringLiteral("key")).value(port.key);
        json.key(QStringLiteral("label")).value(port.label);
        json.key(QStringLiteral("type")).value(flows::portTypeName(port.type));
        json.key(QStringLiteral("multiple")).value(port.multiple);
        json.key(QStringLiteral("optional")).value(port.optional);
        json.endObject();
    }
    json.endArray();
}

} // namespace

int nodesCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    if (const int stop = parseCommand(parser, args, kUsage); stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("flowline-cli nodes: takes no arguments\n") + kUsage);
        return ExitUsage;
    }
    const auto types = flows::NodeRegistry::builtin().types();
    if (parser.isSet(QStringLiteral("json"))) {
        JsonWriter json(false);
        json.beginArray();
        for (const auto *t : types) {
            json.beginObject();
            json.key(QStringLiteral("id")).value(t->id);
            json.key(QStringLiteral("name")).value(t->displayName);
            json.key(QStringLiteral("category")).value(t->category);
            json.key(QStringLiteral("keywords")).beginArray();
            for (const auto &k : t->keywords)
                json.value(k);
            json.endArray();
            json.key(QStringLiteral("help")).value(t->help);
            json.key(QStringLiteral("inputs"));
            writePorts(json, t->inputs);
            json.key(QStringLiteral("outputs"));
            writePorts(json, t->outputs);
            json.key(QStringLiteral("params")).beginArray();
            for (const auto &p : t->params)
                writeParam(json, p);
            json.endArray();
            json.endObject();
        }
        json.endArray();
        printOut(json.bytes() + '\n');
        return ExitOk;
    }
    QString out;
    QString category;
    for (const auto *t : types) {
        if (t->category != category) {
            category = t->category;
            out += QStringLiteral("%1%2\n").arg(out.isEmpty() ? QString() : QStringLiteral("\n"),
                                                category);
        }
        QStringList in, outPorts;
        for (const auto &p : t->inputs)
            in << QStringLiteral("%1:%2").arg(p.key, flows::portTypeName(p.type));
        for (const auto &p : t->outputs)
            outPorts << QStringLiteral("%1:%2").arg(p.key, flows::portTypeName(p.type));
        out += QStringLiteral("  %1  %2  (%3) -> (%4)\n")
                   .arg(t->id.leftJustified(22), t->displayName, in.join(QStringLiteral(", ")),
                        outPorts.join(QStringLiteral(", ")));
        for (const auto &p : t->params) {
            QString range;
            if (!p.choices.isEmpty())
                range = p.choices.join(QLatin1Char('|'));
            else if (p.min || p.max)
                range = QStringLiteral("%1..%2").arg(p.min ? QString::number(*p.min) : QString(),
                                                     p.max ? QString::number(*p.max) : QString());
            const QJsonValue def = p.toJson(p.defaultValue);
            out += QStringLiteral("      %1 %2%3 = %4\n")
                       .arg(p.key.leftJustified(18), flows::paramTypeName(p.type),
                            range.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(range),
                            def.isString()
                                ? QStringLiteral("\"%1\"").arg(def.toString())
                                : QString::fromUtf8(
                                      QJsonDocument(QJsonArray{def}).toJson(QJsonDocument::Compact))
                                      .mid(1)
                                      .chopped(1));
        }
    }
    printOut(out);
    return ExitOk;
}

} // namespace flowline::app

// flowline-cli models list | register | promote | card: the model registry.

#include "CliCommon.h"
#include "Commands.h"
#include "StoreCli.h"

#include "store/ModelRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flowline::app {

using namespace core::store;

namespace {

const QString kUsage = QStringLiteral(
    "Usage: flowline-cli models list [--json] [--store PATH]\n"
    "       flowline-cli models register --run ID --name NAME [--artifact NAME] [--json]\n"
    "                                    [--store PATH]\n"
    "       flowline-cli models promote NAME VERSION STAGE --reason TEXT [--store PATH]\n"
    "       flowline-cli models card NAME [VERSION] [--set FIELD=TEXT ...] [--json]\n"
    "                                [--store PATH]\n"
    "The model registry: a finished run's model registered under a name (versions count up\n"
    "from 1), moved through the stages none, staging, production and archived (moving a\n"
    "version to production archives the one there; every move is recorded with who, when and\n"
    "why), and a model card per version. Card fields: intended_use, training_data,\n"
    "training_fingerprint, limitations, notes. VERSION defaults to the latest.");

int usageError(const QString &sub, const QString &why)
{
    return storeUsageError(QStringLiteral("models"), sub, why, kUsage);
}

int failure(const QString &sub, const core::Error &e)
{
    return storeFailure(QStringLiteral("models"), sub, e);
}

QJsonObject versionJson(const ModelVersion &v)
{
    return {{QStringLiteral("name"), v.name},
            {QStringLiteral("version"), v.version},
            {QStringLiteral("run"), qint64(v.run)},
            {QStringLiteral("artifact"), v.artifact},
            {QStringLiteral("stage"), stageName(v.stage)},
            {QStringLiteral("registered"), isoTime(v.createdMs)},
            {QStringLiteral("registered_by"), v.createdBy}};
}

// Parses the parser with the --store option and --json (when `json`); -1 to go on.
int parse(QCommandLineParser &parser, const QStringList &args, bool json)
{
    if (json)
        parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    addStoreOption(parser);
    return parseCommand(parser, args, kUsage);
}

int listModels(const QStringList &args)
{
    QCommandLineParser parser;
    if (const int stop = parse(parser, args, true); stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("list"),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    auto store = openStoreForCli(parser, QStringLiteral("models list"), false);
    if (!store)
        return ExitFailure;
    auto models = ModelRegistry(store).models();
    if (!models)
        return failure(QStringLiteral("list"), models.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const RegisteredModel &m : *models) {
            QJsonArray versions;
            for (const ModelVersion &v : m.versions)
                versions.append(versionJson(v));
            list.append(QJsonObject{{QStringLiteral("name"), m.name},
                                    {QStringLiteral("created"), isoTime(m.createdMs)},
                                    {QStringLiteral("versions"), versions}});
        }
        printJsonObject({{QStringLiteral("models"), list}});
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("VERSION"),
                             QStringLiteral("STAGE"), QStringLiteral("RUN"),
                             QStringLiteral("REGISTERED"), QStringLiteral("BY")}};
    for (const RegisteredModel &m : *models)
        for (const ModelVersion &v : m.versions)
            rows << QStringList{m.name,
                                QString::number(v.version),
                                stageName(v.stage),
                                QString::number(v.run),
                                formatTime(v.createdMs),
                                v.createdBy};
    printOut(textTable(rows) + QStringLiteral("%1 model(s)\n").arg(models->size()));
    return ExitOk;
}

int registerModel(const QStringList &args)
{
    const QString sub = QStringLiteral("register");
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("run"), QStringLiteral("The finished run whose model to register."),
         QStringLiteral("ID")},
        {QStringLiteral("name"), QStringLiteral("The model's name."), QStringLiteral("NAME")},
        {QStringLiteral("artifact"),
         QStringLiteral("The run's artifact to register (default: its model)."),
         QStringLiteral("NAME")},
    });
    if (const int stop = parse(parser, args, true); stop >= 0)
        return stop;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            sub,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front()));
    const auto run = parseRunId(parser.value(QStringLiteral("run")));
    if (!run)
        return usageError(sub, QStringLiteral("--run ID is required (a run number)"));
    if (parser.value(QStringLiteral("name")).isEmpty())
        return usageError(sub, QStringLiteral("--name NAME is required"));
    auto store = openStoreForCli(parser, QStringLiteral("models register"), true);
    if (!store)
        return ExitFailure;
    auto v = ModelRegistry(store).registerModel(*run, parser.value(QStringLiteral("name")),
                                                parser.value(QStringLiteral("artifact")));
    if (!v)
        return failure(sub, v.error());
    if (parser.isSet(QStringLiteral("json")))
        printJsonObject(versionJson(*v));
    else
        printOut(QStringLiteral("registered %1 version %2 (run %3, artifact %4)\n")
                     .arg(v->name)
                     .arg(v->version)
                     .arg(v->run)
                     .arg(v->artifact));
    return ExitOk;
}

int promoteModel(const QStringList &args)
{
    const QString sub = QStringLiteral("promote");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why (recorded in the history)."),
                      QStringLiteral("TEXT")});
    if (const int stop = parse(parser, args, false); stop >= 0)
        return stop;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 3)
        return usageError(sub, QStringLiteral("give NAME VERSION STAGE"));
    bool ok = false;
    const int version = pos[1].toInt(&ok);
    if (!ok || version <= 0)
        return usageError(sub, QStringLiteral("'%1' is not a version number").arg(pos[1]));
    const auto stage = stageFromName(pos[2]);
    if (!stage)
        return usageError(sub, QStringLiteral("unknown stage '%1' (none, staging, production, "
                                              "archived)")
                                   .arg(pos[2]));
    if (parser.value(QStringLiteral("reason")).trimmed().isEmpty())
        return usageError(sub, QStringLiteral("--reason TEXT is required"));
    auto store = openStoreForCli(parser, QStringLiteral("models promote"), true);
    if (!store)
        return ExitFailure;
    ModelRegistry registry(store);
    auto before = registry.version(pos[0], version);
    if (!before)
        return failure(sub, before.error());
    auto after = registry.promote(pos[0], version, *stage, parser.value(QStringLiteral("reason")));
    if (!after)
        return failure(sub, after.error());
    printOut(QStringLiteral("%1 version %2: %3 -> %4\n")
                 .arg(after->name)
                 .arg(after->version)
                 .arg(stageName(before->stage), stageName(after->stage)));
    return ExitOk;
}

QString cardText(const ModelVersion &v, const ModelCard &c,
                 const std::vector<StageTransition> &history)
{
    QString out = QStringLiteral("%1 version %2  %3  (run %4, registered %5 by %6)\n")
                      .arg(v.name)
                      .arg(v.version)
                      .arg(stageName(v.stage))
                      .arg(v.run)
                      .arg(formatTime(v.createdMs), v.createdBy);
    const auto field = [&](const QString &label, const QString &text) {
        out += QStringLiteral("\n%1\n  %2\n")
                   .arg(label, text.isEmpty() ? QStringLiteral("(not written yet)")
                                              : QString(text).replace(QLatin1Char('\n'),
                                                                      QStringLiteral("\n  ")));
    };
    field(QStringLiteral("intended use"), c.intendedUse);
    field(QStringLiteral("training data"), c.trainingData);
    field(QStringLiteral("training fingerprint"), c.trainingFingerprint);
    QStringList metrics;
    for (const auto &[key, value] : c.metrics)
        metrics << QStringLiteral("%1 = %2").arg(key, formatMetric(value));
    field(QStringLiteral("metrics"), metrics.join(QStringLiteral("\n")));
    field(QStringLiteral("limitations"), c.limitations);
    field(QStringLiteral("notes"), c.notes);
    QList<QStringList> rows{{QStringLiteral("WHEN"), QStringLiteral("FROM"), QStringLiteral("TO"),
                             QStringLiteral("WHO"), QStringLiteral("WHY")}};
    for (const StageTransition &t : history)
        rows << QStringList{formatTime(t.atMs), stageName(t.from), stageName(t.to), t.user,
                            t.reason};
    out += QStringLiteral("\nhistory\n");
    for (const QString &l : textTable(rows).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out += QStringLiteral("  ") + l + QLatin1Char('\n');
    return out;
}

int showCard(const QStringList &args)
{
    const QString sub = QStringLiteral("card");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("set"),
                      QStringLiteral("Write a field of the card, repeatable: ") +
                          ModelCard::editableFields().join(QStringLiteral(", ")) + QLatin1Char('.'),
                      QStringLiteral("FIELD=TEXT")});
    if (const int stop = parse(parser, args, true); stop >= 0)
        return stop;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty() || pos.size() > 2)
        return usageError(sub, QStringLiteral("give NAME [VERSION]"));
    int version = 0; // the latest
    if (pos.size() == 2) {
        bool ok = false;
        version = pos[1].toInt(&ok);
        if (!ok || version <= 0)
            return usageError(sub, QStringLiteral("'%1' is not a version number").arg(pos[1]));
    }
    std::vector<std::pair<QString, QString>> edits;
    for (const QString &kv : parser.values(QStringLiteral("set"))) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return usageError(sub, QStringLiteral("--set takes FIELD=TEXT, got '%1'").arg(kv));
        ModelCard probe;
        if (auto r = probe.setField(kv.left(eq), {}); !r)
            return usageError(sub, r.error().message);
        edits.emplace_back(kv.left(eq), kv.mid(eq + 1));
    }
    auto store = openStoreForCli(parser, QStringLiteral("models card"), !edits.empty());
    if (!store)
        return ExitFailure;
    ModelRegistry registry(store);
    auto v = registry.version(pos[0], version);
    if (!v)
        return failure(sub, v.error());
    auto card = registry.card(pos[0], v->version);
    if (!card)
        return failure(sub, card.error());
    if (!edits.empty()) {
        for (const auto &[key, text] : edits)
            card->setField(key, text);
        if (auto r = registry.setCard(pos[0], v->version, *card); !r)
            return failure(sub, r.error());
        card = registry.card(pos[0], v->version);
        if (!card)
            return failure(sub, card.error());
    }
    auto history = registry.history(pos[0], v->version);
    if (!history)
        return failure(sub, history.error());
    if (!parser.isSet(QStringLiteral("json"))) {
        printOut(cardText(*v, *card, *history));
        return ExitOk;
    }
    QJsonObject metrics;
    for (const auto &[key, value] : card->metrics)
        metrics.insert(key, jsonNumber(value));
    QJsonObject cardJson{{QStringLiteral("metrics"), metrics},
                         {QStringLiteral("updated"), isoTime(card->updatedMs)}};
    for (const QString &f : ModelCard::editableFields())
        cardJson.insert(f, card->field(f));
    QJsonArray transitions;
    for (const StageTransition &t : *history)
        transitions.append(QJsonObject{{QStringLiteral("from"), stageName(t.from)},
                                       {QStringLiteral("to"), stageName(t.to)},
                                       {QStringLiteral("user"), t.user},
                                       {QStringLiteral("at"), isoTime(t.atMs)},
                                       {QStringLiteral("reason"), t.reason}});
    QJsonObject o = versionJson(*v);
    o.insert(QStringLiteral("card"), cardJson);
    o.insert(QStringLiteral("history"), transitions);
    printJsonObject(o);
    return ExitOk;
}

} // namespace

int modelsCommand(const QStringList &args)
{
    return runSubcommand(QStringLiteral("models"), args, kUsage,
                         {{QStringLiteral("list"), listModels},
                          {QStringLiteral("register"), registerModel},
                          {QStringLiteral("promote"), promoteModel},
                          {QStringLiteral("card"), showCard}});
}

} // namespace flowline::app

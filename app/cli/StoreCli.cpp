#include "StoreCli.h"

#include "CliCommon.h"

#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace flowline::app {

using core::store::ExperimentStore;

void addStoreOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("store"),
                      QStringLiteral("The experiment store file (default: %1).")
                          .arg(ExperimentStore::defaultPath()),
                      QStringLiteral("PATH")});
}

std::shared_ptr<ExperimentStore> openStoreForCli(const QCommandLineParser &parser,
                                                 const QString &command, bool writing)
{
    const QString path = parser.isSet(QStringLiteral("store"))
                             ? parser.value(QStringLiteral("store"))
                             : ExperimentStore::defaultPath();
    auto store = ExperimentStore::open(path, writing ? ExperimentStore::Access::ReadWrite
                                                     : ExperimentStore::Access::Browse);
    if (!store) {
        printErr(QStringLiteral("flowline-cli %1: %2").arg(command, store.error().toString()));
        return nullptr;
    }
    const auto &opened = *store;
    if (!opened->backupPath().isEmpty())
        printErr(QStringLiteral("flowline-cli %1: migrated %2 to store schema version %3 (the "
                                "old file is kept as %4)")
                     .arg(command, path)
                     .arg(opened->schemaVersion())
                     .arg(opened->backupPath()));
    if (!opened->recoveredRuns().empty())
        printErr(QStringLiteral("flowline-cli %1: marked %2 interrupted run(s) failed (their "
                                "process ended before they finished)")
                     .arg(command)
                     .arg(opened->recoveredRuns().size()));
    return opened;
}

int storeUsageError(const QString &command, const QString &sub, const QString &why,
                    const QString &usage)
{
    printErr(QStringLiteral("flowline-cli %1 %2: %3\n").arg(command, sub, why) + usage);
    return ExitUsage;
}

int storeFailure(const QString &command, const QString &sub, const core::Error &e)
{
    printErr(QStringLiteral("flowline-cli %1 %2: %3").arg(command, sub, e.toString()));
    return ExitFailure;
}

void printJsonObject(const QJsonObject &o)
{
    printOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

int runSubcommand(const QString &command, const QStringList &args, const QString &usage,
                  const std::vector<std::pair<QString, Subcommand>> &subcommands)
{
    const QString sub = args.value(1);
    if (sub.isEmpty()) {
        printErr(usage);
        return ExitUsage;
    }
    if (sub == QStringLiteral("--help") || sub == QStringLiteral("-h")) {
        printOut(usage + QLatin1Char('\n'));
        return ExitOk;
    }
    QStringList names;
    for (const auto &[name, run] : subcommands) {
        if (name == sub)
            return run(args.mid(1)); // the subcommand stands where the program name goes
        names << name;
    }
    printErr(QStringLiteral("flowline-cli %1: unknown subcommand '%2' (%3)\n")
                 .arg(command, sub, names.join(QStringLiteral(", "))) +
             usage);
    return ExitUsage;
}

std::optional<core::store::RunId> parseRunId(const QString &text)
{
    bool ok = false;
    const qlonglong id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

QString formatTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString isoTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString formatMetric(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    return QString::number(value, 'g', 6);
}

QString formatDuration(std::optional<double> seconds)
{
    if (!seconds)
        return QStringLiteral("-");
    if (*seconds < 60)
        return QString::number(*seconds, 'f', 1) + QStringLiteral(" s");
    if (*seconds < 3600)
        return QString::number(*seconds / 60, 'f', 1) + QStringLiteral(" min");
    return QString::number(*seconds / 3600, 'f', 1) + QStringLiteral(" h");
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString textTable(const QList<QStringList> &rows)
{
    std::vector<qsizetype> width;
    for (const QStringList &row : rows)
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (std::size_t(c) >= width.size())
                width.push_back(0);
            width[std::size_t(c)] = std::max(width[std::size_t(c)], row[c].size());
        }
    QString out;
    for (const QStringList &row : rows) {
        QStringList padded;
        for (qsizetype c = 0; c < row.size(); ++c)
            padded << row[c].leftJustified(width[std::size_t(c)]);
        QString line = padded.join(QStringLiteral("  "));
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    }
    return out;
}

} // namespace flowline::app

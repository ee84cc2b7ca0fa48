// flowline-cli: everything the studio does, headless.

#include "CliCommon.h"
#include "Commands.h"

#include <QCoreApplication>

#include <functional>
#include <map>

using namespace flowline::app;

namespace {

const QString kHelp = QStringLiteral(
    "Usage: flowline-cli COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  profile FILE   describe every column of a CSV / TSV file (--json for machines)\n"
    "  head FILE      print the first rows as the reader understood them (--json, -n N)\n"
    "  run FLOW       run a .flow file headless (--json, --until NODE, --set NODE.PARAM=VALUE)\n"
    "  nodes          list the node types with their ports and parameters (--json)\n"
    "  train          train a model on a CSV file and print its scores (--cv, --json, --out)\n"
    "  predict        score a CSV file with a saved model (--model, --data, --out)\n"
    "  runs           the experiment store's runs: list, show ID, compare ID ID... (--store)\n"
    "  models         the model registry: list, register, promote, card (--store)\n"
    "  export         write a saved model as ONNX or .flmodel (--model, --format, --out)\n"
    "\n"
    "Options:\n"
    "  --help         show this help; COMMAND --help shows a command's options\n"
    "  --version      show the version\n"
    "\n"
    "Exit codes: 0 done, 1 the work failed (message on stderr as FILE:LINE:COL: message),\n"
    "2 the command line was wrong.\n");

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("flowline-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOWLINE_VERSION));
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        printErr(kHelp);
        return ExitUsage;
    }
    const QString &command = args[0];
    if (command == QStringLiteral("--help") || command == QStringLiteral("-h") ||
        command == QStringLiteral("help")) {
        printOut(kHelp);
        return ExitOk;
    }
    if (command == QStringLiteral("--version") || command == QStringLiteral("-v")) {
        printOut(QStringLiteral("flowline-cli %1\n").arg(QStringLiteral(FLOWLINE_VERSION)));
        return ExitOk;
    }
    const std::map<QString, std::function<int(const QStringList &)>> commands = {
        {QStringLiteral("profile"), profileCommand}, {QStringLiteral("head"), headCommand},
        {QStringLiteral("run"), runCommand},         {QStringLiteral("nodes"), nodesCommand},
        {QStringLiteral("train"), trainCommand},     {QStringLiteral("predict"), predictCommand},
        {QStringLiteral("runs"), runsCommand},       {QStringLiteral("models"), modelsCommand},
        {QStringLiteral("export"), exportCommand},
    };
    const auto it = commands.find(command);
    if (it == commands.end()) {
        printErr(QStringLiteral("flowline-cli: unknown command '%1'\n\n").arg(command) + kHelp);
        return ExitUsage;
    }
    return it->second(args);
}

#include "MainWindow.h"
#include "canvas/FlowScene.h"
#include "editing/FlowEditor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flowline"));
    QApplication::setApplicationName(QStringLiteral("Flowline"));
    QApplication::setApplicationVersion(QStringLiteral(FLOWLINE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Flowline, a visual machine-learning studio."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"),
        QCoreApplication::translate("main", "A flow (.flow) to open, or a data file to import."),
        QStringLiteral("[file]"));
    QCommandLineOption noRecovery(
        QStringLiteral("no-recovery"),
        QCoreApplication::translate("main", "Do not offer to restore autosaved flows."));
    QCommandLineOption run(QStringLiteral("run"),
                           QCoreApplication::translate("main", "Run the flow once it is open."));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a picture of the window to <png> and quit "
                                            "(after the run, with --run)."),
        QStringLiteral("png"));
    QCommandLineOption select(
        QStringLiteral("select"),
        QCoreApplication::translate("main", "Select the node <id> (shows it in the inspector)."),
        QStringLiteral("id"));
    QCommandLineOption openResult(
        QStringLiteral("open-result"),
        QStringLiteral("After the run, open this node's result in a tab (with --run)."),
        QStringLiteral("NODE"));
    parser.addOptions({noRecovery, run, screenshot, select, openResult});
    parser.process(app);

    flowline::app::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openPath(parser.positionalArguments().constFirst());
    if (parser.isSet(select))
        window.scene()->selectItems({parser.value(select)});
    const bool automated = parser.isSet(screenshot);
    if (!parser.isSet(noRecovery) && !automated)
        QTimer::singleShot(0, &window, &flowline::app::MainWindow::offerRecovery);
    if (parser.isSet(run) && parser.isSet(openResult)) {
        const QString node = parser.value(openResult);
        QObject::connect(&window.editor()->executor(), &flowline::flows::Executor::runFinished,
                         &window, [&window, node] { window.openResult(node); });
    }
    if (automated) {
        const QString png = parser.value(screenshot);
        const auto shoot = [&window, png] {
            QTimer::singleShot(600, &window, [&window, png] {
                const bool ok = window.grab().save(png);
                QCoreApplication::exit(ok ? 0 : 1);
            });
        };
        if (parser.isSet(run)) {
            QObject::connect(&window.editor()->executor(), &flowline::flows::Executor::runFinished,
                             &window, shoot);
        } else {
            shoot();
        }
    }
    if (parser.isSet(run))
        QTimer::singleShot(0, &window, &flowline::app::MainWindow::runAll);
    return app.exec();
}

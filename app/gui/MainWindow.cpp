#include "MainWindow.h"

#include "DataTableView.h"
#include "DisplayFormat.h"
#include "ImportController.h"
#include "JobProgressWidget.h"
#include "ProfilePanel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace flowline::app {

namespace {
const char *const kGeometryKey = "mainWindow/geometry";
const char *const kStateKey = "mainWindow/state";
const char *const kDataDirKey = "paths/lastDataDir";
constexpr int kStatusTimeoutMs = 5000;

QString droppedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            return url.toLocalFile();
    }
    return {};
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_import(new widgets::ImportController(this))
    , m_table(new widgets::DataTableView(this))
    , m_profile(new widgets::ProfilePanel(this))
    , m_progress(new widgets::JobProgressWidget(this))
    , m_central(new QStackedWidget(this))
    , m_emptyState(new QLabel(this))
    , m_tableInfo(new QLabel(this))
    , m_profileDock(new QDockWidget(tr("Profile"), this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);

    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText);
    m_emptyState->setText(
        tr("Open a data file with File › Open Data… (%1)\nor drop a CSV file here.")
            .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    m_central->addWidget(m_emptyState);
    m_central->addWidget(m_table);
    setCentralWidget(m_central);

    m_profileDock->setObjectName(QStringLiteral("ProfileDock"));
    m_profileDock->setWidget(m_profile);
    m_profileDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_profileDock);

    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_tableInfo);

    createMenus();
    connectImport();
    connect(m_table, &widgets::DataTableView::currentColumnChanged, this, [this](int column) {
        if (column >= 0 && column < m_table->table().columnCount())
            m_profile->selectColumn(m_table->table().columnName(column));
    });
    connect(m_profile, &widgets::ProfilePanel::currentColumnChanged, this,
            [this](const QString &name) { m_table->revealColumn(m_table->table().indexOf(name)); });

    updateTitle();
    restoreSettings();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Data…"), this, &MainWindow::openDataRequested);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Import a CSV file"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_profileDock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Flowline"), this, [this] {
        QMessageBox::about(this, tr("About Flowline"),
                           tr("<b>Flowline</b> %1<br>A visual machine-learning studio.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::connectImport()
{
    using widgets::ImportController;
    connect(m_import, &ImportController::started, this, [this](const QString &path) {
        m_progress->start(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    });
    connect(m_import, &ImportController::progressChanged, m_progress,
            &widgets::JobProgressWidget::setProgress);
    connect(m_progress, &widgets::JobProgressWidget::cancelRequested, m_import,
            &ImportController::cancel);
    connect(m_import, &ImportController::tableLoaded, this, &MainWindow::showTable);
    connect(m_import, &ImportController::profileReady, m_profile,
            &widgets::ProfilePanel::setProfile);
    connect(m_import, &ImportController::finished, m_progress, &widgets::JobProgressWidget::finish);
    connect(m_import, &ImportController::failed, this, &MainWindow::showError);
    connect(m_import, &ImportController::canceled, this, [this] {
        m_progress->finish();
        // Canceled while profiling: the table stays, without a profile.
        if (m_table->table().columnCount() > 0 && !m_profile->hasProfile())
            m_profile->showMessage(tr("Profiling was canceled."));
        statusBar()->showMessage(tr("Canceled."), kStatusTimeoutMs);
    });
}

void MainWindow::openFile(const QString &path)
{
    m_import->open(path);
}

void MainWindow::openDataRequested()
{
    QSettings settings;
    const QString dir = settings.value(kDataDirKey).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Data"), dir, tr("Delimited text (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(kDataDirKey, QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::showTable(const core::Table &table, const QStringList &warnings)
{
    m_openFile = m_import->path();
    m_table->setTable(table);
    m_central->setCurrentWidget(m_table);
    m_profile->showMessage(tr("Profiling…"));
    m_tableInfo->setText(tr("%1 rows × %2 columns")
                             .arg(widgets::formatCount(table.rowCount()))
                             .arg(table.columnCount()));
    if (!warnings.isEmpty()) {
        statusBar()->showMessage(
            tr("%n warning(s): %1", nullptr, int(warnings.size())).arg(warnings.first()));
        m_tableInfo->setToolTip(warnings.join(QLatin1Char('\n')));
    } else {
        m_tableInfo->setToolTip({});
    }
    updateTitle();
}

void MainWindow::showError(const QString &message)
{
    m_progress->finish();
    if (m_table->table().columnCount() > 0 && !m_profile->hasProfile())
        m_profile->showMessage(tr("No profile."));
    QMessageBox box(QMessageBox::Critical, tr("Could not open data"), message, QMessageBox::Ok,
                    this);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

void MainWindow::updateTitle()
{
    const QString app = QApplication::applicationName();
    setWindowTitle(m_openFile.isEmpty() ? app
                                        : tr("%1 — %2").arg(QFileInfo(m_openFile).fileName(), app));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_import->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        const QSize available = screen() ? screen()->availableSize() : QSize(1280, 800);
        resize(available.boundedTo(QSize(1280, 800)));
        resizeDocks({m_profileDock}, {480}, Qt::Horizontal);
    }
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace flowline::app

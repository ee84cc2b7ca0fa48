// The main window's file handling: new, open, save, recent files, import, drops, autosave
// recovery, settings and closing.

#include "MainWindow.h"

#include "StoreRecorder.h"
#include "canvas/FlowScene.h"
#include "canvas/FlowView.h"
#include "editing/FlowEditor.h"
#include "store/ExperimentStore.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QSettings>

namespace flowline::app {

namespace {
const char *const kGeometryKey = "mainWindow/geometry";
const char *const kStateKey = "mainWindow/state";
const char *const kRecentKey = "files/recent";
const char *const kFlowDirKey = "paths/lastFlowDir";
const char *const kDataDirKey = "paths/lastDataDir";
const char *const kThemeKey = "appearance/theme";
const char *const kStoreKey = "store/path";
constexpr int kMaxRecent = 10;

bool isFlowFile(const QString &path)
{
    return path.endsWith(QLatin1String(".flow"), Qt::CaseInsensitive);
}
} // namespace

void MainWindow::openPath(const QString &given)
{
    QString path = given;
    if (path.isEmpty()) {
        QSettings settings;
        path = QFileDialog::getOpenFileName(
            this, tr("Open Flow"), settings.value(kFlowDirKey).toString(),
            tr("Flows (*.flow);;Delimited text (*.csv *.tsv *.txt);;All files (*)"));
        if (path.isEmpty())
            return;
    }
    if (isFlowFile(path))
        openFlow(path);
    else
        importData(path);
}

bool MainWindow::openFlow(const QString &path)
{
    if (!maybeSave())
        return false;
    auto editor = std::make_unique<widgets::FlowEditor>(m_registry);
    auto view = editor->load(path);
    if (!view) {
        showError(tr("Could not open flow"), view.error().toString());
        return false;
    }
    QSettings().setValue(kFlowDirKey, QFileInfo(path).absolutePath());
    setEditor(std::move(editor), *view);
    addRecent(path);
    return true;
}

void MainWindow::newFlow()
{
    if (!maybeSave())
        return;
    ++m_untitledCount;
    setEditor(std::make_unique<widgets::FlowEditor>(m_registry), {});
}

bool MainWindow::save()
{
    if (m_editor->filePath().isEmpty())
        return saveAs();
    auto saved = m_editor->save(m_editor->filePath(), m_view->viewState());
    if (!saved) {
        showError(tr("Could not save"), saved.error().toString());
        return false;
    }
    m_autosave->discard();
    showStatus(tr("Saved %1").arg(QFileInfo(m_editor->filePath()).fileName()));
    return true;
}

bool MainWindow::saveAs(const QString &given)
{
    QString path = given;
    if (path.isEmpty()) {
        QSettings settings;
        const QString start = m_editor->filePath().isEmpty()
                                  ? settings.value(kFlowDirKey).toString()
                                  : m_editor->filePath();
        path = QFileDialog::getSaveFileName(this, tr("Save Flow"), start, tr("Flows (*.flow)"));
        if (path.isEmpty())
            return false;
        if (!isFlowFile(path))
            path += QStringLiteral(".flow");
    }
    auto saved = m_editor->save(path, m_view->viewState());
    if (!saved) {
        showError(tr("Could not save"), saved.error().toString());
        return false;
    }
    m_autosave->discard();
    QSettings().setValue(kFlowDirKey, QFileInfo(path).absolutePath());
    addRecent(path);
    showStatus(tr("Saved %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::importData(const QString &given, std::optional<QPointF> at)
{
    QString path = given;
    if (path.isEmpty()) {
        QSettings settings;
        path = QFileDialog::getOpenFileName(
            this, tr("Import Data"), settings.value(kDataDirKey).toString(),
            tr("Delimited text (*.csv *.tsv *.txt);;All files (*)"));
        if (path.isEmpty())
            return;
        settings.setValue(kDataDirKey, QFileInfo(path).absolutePath());
    }
    const QPointF where =
        at ? widgets::FlowScene::snapped(*at)
           : freeSpotNear(m_view->mapToScene(m_view->viewport()->rect().center()) -
                          QPointF(80, 40));
    auto added = m_editor->importFile(path, where);
    if (!added) {
        showStatus(added.error().message);
        return;
    }
    m_scene->selectItems({*added});
}

void MainWindow::filesDropped(const QStringList &paths, QPointF at)
{
    QPointF where = at;
    for (const QString &path : paths) {
        if (isFlowFile(path)) {
            openFlow(path);
            return; // the flow replaced this one: the other files have nowhere to go
        }
        importData(path, where);
        where += QPointF(0, 100);
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    filesDropped(paths, freeSpotNear(m_view->mapToScene(m_view->viewport()->rect().center())));
}

void MainWindow::offerRecovery()
{
    const QList<Recovery> found =
        Autosave::recoverable(QFileInfo(m_autosave->recoveryFile()).absolutePath());
    for (const Recovery &r : found) {
        const QString name =
            r.originalPath.isEmpty() ? tr("an unsaved flow") : QFileInfo(r.originalPath).fileName();
        QMessageBox box(
            QMessageBox::Question, tr("Recover Flow"),
            tr("Flowline did not close properly. A copy of %1 from %2 was kept.\n\n"
               "Restore it?")
                .arg(name, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat)),
            QMessageBox::NoButton, this);
        QPushButton *restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
        box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        QPushButton *later = box.addButton(tr("Not Now"), QMessageBox::RejectRole);
        box.exec();
        if (box.clickedButton() == later)
            continue;
        if (box.clickedButton() == restore && !restoreRecovery(r))
            continue;
        Autosave::remove(r);
        if (box.clickedButton() == restore)
            break; // one flow per window
    }
}

bool MainWindow::restoreRecovery(const Recovery &recovery)
{
    QFile file(recovery.flowPath);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Could not recover"), file.errorString());
        return false;
    }
    // Read first: a copy that cannot be read must not cost the open flow its changes.
    auto editor = std::make_unique<widgets::FlowEditor>(m_registry);
    auto view = editor->loadRecovered(file.readAll(), recovery.originalPath);
    if (!view) {
        showError(tr("Could not recover"), view.error().toString());
        return false;
    }
    if (!maybeSave())
        return false;
    setEditor(std::move(editor), *view);
    m_autosave->saveNow(); // the restored changes are this session's now
    Autosave::remove(recovery);
    showStatus(tr("Restored the flow; save it to keep it."));
    return true;
}

bool MainWindow::maybeSave()
{
    if (!m_editor || !m_editor->isModified())
        return true;
    const QString name = m_editor->filePath().isEmpty()
                             ? tr("Untitled")
                             : QFileInfo(m_editor->filePath()).fileName();
    SaveAnswer answer = SaveAnswer::Cancel;
    if (m_savePrompt) {
        answer = m_savePrompt(name);
    } else {
        const auto button = QMessageBox::warning(
            this, tr("Unsaved Changes"), tr("Save the changes to %1?").arg(name),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        answer = button == QMessageBox::Save      ? SaveAnswer::Save
                 : button == QMessageBox::Discard ? SaveAnswer::Discard
                                                  : SaveAnswer::Cancel;
    }
    switch (answer) {
    case SaveAnswer::Save:
        return save();
    case SaveAnswer::Discard:
        m_autosave->discard();
        return true;
    case SaveAnswer::Cancel:
        break;
    }
    return false;
}

bool MainWindow::setStorePath(const QString &path)
{
    m_storePath = path;
    auto store = core::store::ExperimentStore::open(path);
    if (!store) {
        m_recorder.reset();
        showStatus(tr("Runs are not recorded: %1").arg(store.error().toString()));
    } else {
        m_recorder = std::make_shared<flows::StoreRecorder>(*store);
        if (!(*store)->recoveredRuns().empty())
            showStatus(tr("%n interrupted run(s) in the experiment store were marked failed.",
                          nullptr, int((*store)->recoveredRuns().size())));
    }
    applyRecorder();
    return m_recorder != nullptr;
}

void MainWindow::applyRecorder()
{
    if (!m_editor)
        return;
    const QString experiment = m_editor->filePath().isEmpty()
                                   ? QStringLiteral("untitled")
                                   : QFileInfo(m_editor->filePath()).completeBaseName();
    m_editor->executor().setRecorder(m_recorder, experiment);
}

void MainWindow::chooseStore()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Experiment Store"), m_storePath,
                                     tr("Experiment stores (*.sqlite);;All files (*)"), nullptr,
                                     QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (setStorePath(path)) {
        QSettings().setValue(kStoreKey, path);
        showStatus(tr("Runs are recorded in %1.").arg(QDir::toNativeSeparators(path)));
    }
}

QString MainWindow::initialStorePath(const QString &given)
{
    if (!given.isEmpty())
        return given;
    const QString chosen = QSettings().value(kStoreKey).toString();
    return chosen.isEmpty() ? core::store::ExperimentStore::defaultPath() : chosen;
}

void MainWindow::updateTitle()
{
    const QString name = m_editor->filePath().isEmpty()
                             ? tr("Untitled")
                             : QFileInfo(m_editor->filePath()).fileName();
    // [*] is where Qt puts the modified marker.
    setWindowTitle(tr("%1[*] — Flowline").arg(name));
    setWindowModified(m_editor->isModified());
    setWindowFilePath(m_editor->filePath());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_editor->executor().cancelAll();
    m_autosave->discard();
    saveSettings();
    event->accept();
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (int i = 0; i < recent.size(); ++i) {
        const QString path = recent[i];
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
            [this, path] { openFlow(path); });
        a->setToolTip(path);
        a->setEnabled(QFileInfo::exists(path));
    }
    m_recentMenu->addSeparator();
    m_recentMenu
        ->addAction(tr("&Clear Menu"), this,
                    [this] {
                        QSettings().remove(kRecentKey);
                        rebuildRecentMenu();
                    })
        ->setEnabled(!recent.isEmpty());
}

void MainWindow::setTheme(Theme theme)
{
    m_theme = theme;
    applyTheme(theme);
    if (QAction *a = findChild<QAction *>(QStringLiteral("actionTheme_") + themeId(theme)))
        a->setChecked(true);
    QSettings().setValue(kThemeKey, themeId(theme));
    if (m_scene)
        m_scene->update();
    m_view->viewport()->update();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        const QSize available = screen() ? screen()->availableSize() : QSize(1400, 860);
        resize(available.boundedTo(QSize(1400, 860)));
        resizeDocks({m_paletteDock, m_inspectorDock}, {220, 320}, Qt::Horizontal);
        resizeDocks({m_jobsDock}, {230}, Qt::Vertical);
    }
    restoreState(settings.value(kStateKey).toByteArray());
    rebuildRecentMenu();
    setTheme(themeFromId(settings.value(kThemeKey).toString()));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace flowline::app

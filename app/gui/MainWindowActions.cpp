// The main window's actions, menus and context menu.

#include "MainWindow.h"

#include "QuickModelDialog.h"

#include "NodePalette.h"
#include "canvas/FlowScene.h"
#include "canvas/FlowView.h"
#include "editing/FlowEditor.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>

namespace flowline::app {

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName, Qt::FindDirectChildrenOnly);
}

void MainWindow::createActions()
{
    const auto make = [this](const char *name, const QString &text, const QList<QKeySequence> &keys,
                             auto slot, Qt::ShortcutContext context = Qt::WindowShortcut) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        a->setShortcuts(keys);
        a->setShortcutContext(context);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    // Canvas editing keys act only while the canvas has focus, so they never steal Delete or
    // Ctrl+C from a text field.
    const auto canvas = Qt::WidgetWithChildrenShortcut;

    make("actionNew", tr("&New"), {QKeySequence::New}, [this] { newFlow(); });
    make("actionNewWindow", tr("New &Window"), {QKeySequence(tr("Ctrl+Shift+N"))}, [this] {
        auto *w = new MainWindow(Options{&m_registry, Autosave::defaultDir(), m_storePath});
        w->setAttribute(Qt::WA_DeleteOnClose);
        w->show();
    });
    make("actionOpen", tr("&Open…"), {QKeySequence::Open}, [this] { openPath({}); });
    make("actionSave", tr("&Save"), {QKeySequence::Save}, [this] { save(); });
    make("actionSaveAs", tr("Save &As…"), {QKeySequence::SaveAs, QKeySequence(tr("Ctrl+Shift+S"))},
         [this] { saveAs(); });
    make("actionImport", tr("&Import Data…"), {QKeySequence(tr("Ctrl+I"))},
         [this] { importData({}); });
    make("actionQuit", tr("&Quit"), {QKeySequence::Quit}, [this] {
        close();
    })->setMenuRole(QAction::QuitRole);

    // Placeholders: setEditor() swaps in the undo stack's own actions.
    make("actionUndo", tr("&Undo"), {QKeySequence::Undo}, [] {});
    make("actionRedo", tr("&Redo"), {QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence::Redo}, [] {});
    make(
        "actionCut", tr("Cu&t"), {QKeySequence::Cut},
        [this] {
            copySelection();
            deleteSelection();
        },
        canvas);
    make(
        "actionCopy", tr("&Copy"), {QKeySequence::Copy}, [this] { copySelection(); }, canvas);
    make(
        "actionPaste", tr("&Paste"), {QKeySequence::Paste}, [this] { pasteAt({}); }, canvas);
    make(
        "actionDuplicate", tr("D&uplicate"), {QKeySequence(tr("Ctrl+D"))},
        [this] { duplicateSelection(); }, canvas);
    make(
        "actionDelete", tr("&Delete"), {QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)},
        [this] { deleteSelection(); }, canvas);
    make(
        "actionSelectAll", tr("Select &All"), {QKeySequence::SelectAll},
        [this] { m_scene->selectItems(m_scene->document().topologicalOrder()); }, canvas);
    make("actionAnnotate", tr("Add A&nnotation"), {QKeySequence(tr("Ctrl+Shift+A"))},
         [this] { addAnnotationAt(m_view->mapToScene(m_view->viewport()->rect().center())); });
    make("actionTidy", tr("&Tidy Layout"), {QKeySequence(tr("Ctrl+L"))},
         [this] { m_editor->tidyLayout(); });
    make("actionFind", tr("&Find Node…"), {QKeySequence::Find}, [this] {
        m_paletteDock->show();
        m_paletteDock->raise();
        m_palette->focusSearch();
    });

    make("actionZoomIn", tr("Zoom &In"), {QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))},
         [this] { m_view->zoomBy(1.25); });
    make("actionZoomOut", tr("Zoom &Out"), {QKeySequence::ZoomOut},
         [this] { m_view->zoomBy(0.8); });
    make("actionZoomReset", tr("&Actual Size"), {QKeySequence(tr("Ctrl+0"))},
         [this] { m_view->setZoom(1.0); });
    make(
        "actionFit", tr("&Fit to View"), {QKeySequence(Qt::Key_F)},
        [this] { m_view->fitToContents(); }, canvas);
    QAction *snap = make("actionSnap", tr("&Snap to Grid"), {}, [this](bool on) {
        if (m_scene)
            m_scene->setSnapToGrid(on);
    });
    snap->setCheckable(true);
    snap->setChecked(true);

    make("actionRun", tr("&Run"), {QKeySequence(tr("Ctrl+R"))}, [this] { runAll(); });
    make("actionRunTo", tr("Run to &Selected Node"), {QKeySequence(tr("Ctrl+Shift+R"))}, [this] {
        const QStringList nodes = m_scene->selectedNodes();
        if (!nodes.isEmpty())
            m_editor->executor().run(nodes);
    });
    make("actionCancel", tr("&Cancel Run"), {QKeySequence(tr("Ctrl+."))}, [this] { cancelRun(); });
    make("actionQuickModel", tr("&Quick Model on Selected Node…"), {QKeySequence(tr("Ctrl+M"))},
         [this] {
             const QStringList nodes = m_scene->selectedNodes();
             if (nodes.size() == 1)
                 quickModel(nodes.front());
         });

    // The canvas-only shortcuts need the canvas among the widgets holding them.
    for (const char *name : {"actionCut", "actionCopy", "actionPaste", "actionDuplicate",
                             "actionDelete", "actionSelectAll", "actionFit"})
        m_view->addAction(action(QLatin1String(name)));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({action(QStringLiteral("actionNew")),
                      action(QStringLiteral("actionNewWindow")),
                      action(QStringLiteral("actionOpen"))});
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addActions(
        {action(QStringLiteral("actionSave")), action(QStringLiteral("actionSaveAs"))});
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionImport")));
    file->addSeparator();
    file->addAction(tr("E&xperiment Store…"), this, [this] { chooseStore(); })
        ->setObjectName(QStringLiteral("actionStore"));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionQuit")));

    m_editMenu = menuBar()->addMenu(tr("&Edit"));
    m_editMenu->addActions(
        {action(QStringLiteral("actionUndo")), action(QStringLiteral("actionRedo"))});
    m_editMenu->addSeparator();
    for (const char *name : {"actionCut", "actionCopy", "actionPaste", "actionDuplicate",
                             "actionDelete", "actionSelectAll"})
        m_editMenu->addAction(action(QLatin1String(name)));
    m_editMenu->addSeparator();
    m_editMenu->addActions({action(QStringLiteral("actionAnnotate")),
                            action(QStringLiteral("actionTidy")),
                            action(QStringLiteral("actionFind"))});

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions(
        {action(QStringLiteral("actionZoomIn")), action(QStringLiteral("actionZoomOut")),
         action(QStringLiteral("actionZoomReset")), action(QStringLiteral("actionFit"))});
    view->addAction(action(QStringLiteral("actionSnap")));
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    for (const auto &[t, label] :
         {std::pair{Theme::System, tr("Follow &System")}, std::pair{Theme::Light, tr("&Light")},
          std::pair{Theme::Dark, tr("&Dark")}}) {
        QAction *a = theme->addAction(label, this, [this, t = t] { setTheme(t); });
        a->setObjectName(QStringLiteral("actionTheme_") + themeId(t));
        a->setCheckable(true);
        a->setActionGroup(themes);
    }
    view->addSeparator();
    for (QDockWidget *dock : {m_paletteDock, m_inspectorDock, m_jobsDock, m_historyDock})
        view->addAction(dock->toggleViewAction());

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addActions({action(QStringLiteral("actionRun")), action(QStringLiteral("actionRunTo")),
                     action(QStringLiteral("actionCancel"))});
    run->addSeparator();
    run->addAction(action(QStringLiteral("actionQuickModel")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Flowline"), this, [this] {
        QMessageBox::about(this, tr("About Flowline"),
                           tr("<b>Flowline</b> %1<br>A visual machine-learning studio.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::updateActions()
{
    if (!m_editor || !m_scene)
        return;
    const bool hasSelection = !m_scene->selectedItems().isEmpty();
    const bool nodesSelected = !m_scene->selectedNodes().isEmpty();
    const bool running = m_editor->executor().isRunning();
    for (const char *name : {"actionCut", "actionCopy", "actionDelete", "actionDuplicate"})
        action(QLatin1String(name))->setEnabled(hasSelection);
    action(QStringLiteral("actionRunTo"))->setEnabled(nodesSelected && !running);
    action(QStringLiteral("actionRun"))->setEnabled(!running);
    action(QStringLiteral("actionCancel"))->setEnabled(running);
    const QStringList nodes = m_scene->selectedNodes();
    action(QStringLiteral("actionQuickModel"))
        ->setEnabled(!running && nodes.size() == 1 && tableOutputOf(nodes.front()) >= 0);
}

void MainWindow::deleteSelection()
{
    m_editor->removeItems(m_scene->selectedNodes(), m_scene->selectedAnnotations(),
                          m_scene->selectedLinks());
}

void MainWindow::copySelection()
{
    const QStringList nodes = m_scene->selectedNodes();
    const QStringList notes = m_scene->selectedAnnotations();
    if (!nodes.isEmpty() || !notes.isEmpty())
        QApplication::clipboard()->setMimeData(m_editor->copy(nodes, notes));
}

void MainWindow::pasteAt(std::optional<QPointF> at)
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    auto pasted = m_editor->paste(mime, at);
    if (!pasted) {
        showStatus(tr("Cannot paste: %1").arg(pasted.error().message));
        return;
    }
    QStringList nodes, notes;
    for (const auto &n : pasted->nodes)
        nodes << n.id;
    for (const auto &a : pasted->annotations)
        notes << a.id;
    m_scene->selectItems(nodes, notes);
}

void MainWindow::duplicateSelection()
{
    const auto copy = m_editor->duplicate(m_scene->selectedNodes(), m_scene->selectedAnnotations());
    QStringList nodes, notes;
    for (const auto &n : copy.nodes)
        nodes << n.id;
    for (const auto &a : copy.annotations)
        notes << a.id;
    m_scene->selectItems(nodes, notes);
}

void MainWindow::addAnnotationAt(QPointF at)
{
    const QString id = m_editor->addAnnotation(tr("Note"), widgets::FlowScene::snapped(at));
    m_scene->selectItems({}, {id});
}

int MainWindow::tableOutputOf(const QString &node) const
{
    const flows::Node *n = m_editor->document().node(node);
    const flows::NodeType *t = n ? m_editor->document().registry().find(n->type) : nullptr;
    if (!t)
        return -1;
    for (int p = 0; p < t->outputs.size(); ++p)
        if (t->outputs[p].type == flows::PortType::Table)
            return p;
    return -1;
}

void MainWindow::quickModel(const QString &node)
{
    const int port = tableOutputOf(node);
    if (port < 0)
        return;
    // The node's table, when it has run: the target is picked from its columns.
    const auto &ex = m_editor->executor();
    flows::PortValuePtr value;
    if (ex.state(node) == flows::NodeState::Done)
        value = ex.output(node, port);
    const core::Table *table = value && value->type() == flows::PortType::Table
                                   ? &static_cast<const flows::TableValue &>(*value).table()
                                   : nullptr;
    QuickModelDialog dialog(table, this);
    if (m_quickModelAnswer)
        m_quickModelAnswer(dialog);
    else if (dialog.exec() != QDialog::Accepted)
        return;
    auto ids = m_editor->addQuickModel(node, port, dialog.spec());
    if (!ids) {
        showStatus(tr("Quick model: %1").arg(ids.error().message));
        return;
    }
    m_scene->selectItems({ids->split, ids->model, ids->evaluate}, {});
    openResult(ids->evaluate);
}

void MainWindow::showContextMenu(const QString &node, QPointF scenePos, QPoint screenPos)
{
    QMenu menu(this);
    if (!node.isEmpty()) {
        menu.addAction(tr("Run to Here"), this, [this, node] { runTo(node); })
            ->setEnabled(!m_editor->executor().isRunning());
        menu.addAction(tr("Open Result"), this, [this, node] { openResult(node); });
        if (tableOutputOf(node) >= 0)
            menu.addAction(tr("Quick Model…"), this, [this, node] { quickModel(node); })
                ->setEnabled(!m_editor->executor().isRunning());
        menu.addAction(tr("Rename…"), this, [this, node] {
            const flows::Node *n = m_editor->document().node(node);
            if (!n)
                return;
            bool ok = false;
            const QString label = QInputDialog::getText(this, tr("Rename Node"), tr("Label:"),
                                                        QLineEdit::Normal, n->label, &ok);
            if (ok)
                m_editor->setLabel(node, label.trimmed());
        });
        menu.addSeparator();
        menu.addAction(action(QStringLiteral("actionCopy")));
        menu.addAction(action(QStringLiteral("actionDuplicate")));
        menu.addAction(action(QStringLiteral("actionDelete")));
    } else {
        menu.addAction(tr("Paste Here"), this, [this, scenePos] { pasteAt(scenePos); })
            ->setEnabled(widgets::FlowEditor::canPaste(QApplication::clipboard()->mimeData()));
        menu.addAction(tr("Add Annotation Here"), this,
                       [this, scenePos] { addAnnotationAt(scenePos); });
        menu.addSeparator();
        menu.addAction(action(QStringLiteral("actionTidy")));
        menu.addAction(action(QStringLiteral("actionFit")));
    }
    menu.exec(screenPos);
}

} // namespace flowline::app

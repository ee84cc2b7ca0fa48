#include "MainWindow.h"

#include "JobsPanel.h"
#include "NodeInspector.h"
#include "NodePalette.h"
#include "ResultView.h"
#include "canvas/FlowScene.h"
#include "canvas/FlowView.h"
#include "editing/FlowEditor.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUndoView>

namespace flowline::app {

namespace {
constexpr int kStatusTimeoutMs = 6000;
}

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(Options{}, parent)
{}

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(*options.registry)
    , m_tabs(new QTabWidget(this))
    , m_zoomLabel(new QLabel(this))
    , m_autosave(new Autosave(options.autosaveDir, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    m_view = new widgets::FlowView(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->addTab(m_view, tr("Flow"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the canvas stays
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *page = m_tabs->widget(index);
        if (page == m_view)
            return;
        for (auto it = m_results.begin(); it != m_results.end(); ++it) {
            if (it.value() == page) {
                m_results.erase(it);
                break;
            }
        }
        m_tabs->removeTab(index);
        page->deleteLater();
    });
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_zoomLabel);
    connect(m_view, &widgets::FlowView::zoomChanged, this,
            [this](double z) { m_zoomLabel->setText(tr("%1 %").arg(qRound(z * 100))); });
    connect(m_view, &widgets::FlowView::nodeDropRequested, this,
            [this](const QString &type, QPointF at) {
                if (m_scene->snapToGrid())
                    at = widgets::FlowScene::snapped(at);
                auto added = m_editor->addNode(type, at);
                if (!added)
                    showStatus(added.error().message);
                else
                    m_scene->selectItems({*added});
            });
    connect(m_view, &widgets::FlowView::filesDropRequested, this, &MainWindow::filesDropped);
    connect(m_autosave, &Autosave::failed, this,
            [this](const QString &why) { showStatus(tr("Autosave failed: %1").arg(why)); });

    m_palette = new widgets::NodePalette(m_registry, this);
    connect(m_palette, &widgets::NodePalette::addRequested, this, &MainWindow::addNodeAtCenter);
    createDocks();
    createActions();
    createMenus();
    setEditor(std::make_unique<widgets::FlowEditor>(m_registry), {});
    // Every train / evaluate / cross-validate execution is recorded here.
    setStorePath(initialStorePath(options.storePath));
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The views and panels observe the editor's document and executor, which go with m_editor
    // before ~QWidget deletes the children: so the children go first (UBSan saw the Jobs panel
    // ask the destroyed document for a node's name while the window was being destroyed).
    delete m_scene;
    m_scene = nullptr;
    const auto children = findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(children);
}

void MainWindow::createDocks()
{
    const auto dock = [this](const QString &title, const QString &name, QWidget *widget,
                             Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_paletteDock =
        dock(tr("Nodes"), QStringLiteral("PaletteDock"), m_palette, Qt::LeftDockWidgetArea);
    m_inspectorDock = dock(tr("Inspector"), QStringLiteral("InspectorDock"), new QWidget(this),
                           Qt::RightDockWidgetArea);
    m_jobsDock =
        dock(tr("Jobs"), QStringLiteral("JobsDock"), new QWidget(this), Qt::BottomDockWidgetArea);
    m_history = new QUndoView(this);
    m_history->setEmptyLabel(tr("<opened>"));
    m_historyDock =
        dock(tr("History"), QStringLiteral("HistoryDock"), m_history, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_inspectorDock, m_historyDock);
    m_inspectorDock->raise();
}

void MainWindow::setEditor(std::unique_ptr<widgets::FlowEditor> editor,
                           const flows::FlowView &viewState)
{
    // Result tabs belong to the old flow.
    for (auto *page : std::as_const(m_results)) {
        m_tabs->removeTab(m_tabs->indexOf(page));
        page->deleteLater();
    }
    m_results.clear();
    // Views of the old document go before it.
    m_view->setScene(nullptr);
    delete m_scene;
    delete m_inspectorDock->widget();
    delete m_jobsDock->widget();
    m_editor = std::move(editor);

    widgets::FlowEditor *ed = m_editor.get();
    m_scene = new widgets::FlowScene(ed->document(), &ed->executor(), this);
    m_scene->setSnapToGrid(action(QStringLiteral("actionSnap"))->isChecked());
    ed->attach(m_scene);
    m_view->setScene(m_scene);
    // Once the view has its size: the saved view when it shows the whole flow, else a fit.
    QTimer::singleShot(0, m_scene, [this, viewState] {
        if (!(viewState == flows::FlowView{}))
            m_view->setViewState(viewState);
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        if (viewState == flows::FlowView{} || !visible.contains(m_scene->contentsRect()))
            m_view->fitToContents();
        m_zoomLabel->setText(tr("%1 %").arg(qRound(m_view->zoom() * 100)));
    });

    m_inspector = new widgets::NodeInspector(ed->document(), ed->executor(), m_inspectorDock);
    m_inspectorDock->setWidget(m_inspector);
    connect(m_inspector, &widgets::NodeInspector::paramEditRequested, ed,
            [this](const QString &node, const QString &key, const QVariant &value) {
                if (auto set = m_editor->setParam(node, key, value); !set)
                    showStatus(set.error().message);
            });
    connect(m_inspector, &widgets::NodeInspector::labelEditRequested, ed,
            &widgets::FlowEditor::setLabel);
    m_jobs = new widgets::JobsPanel(ed->document(), ed->executor(), m_jobsDock);
    m_jobsDock->setWidget(m_jobs);
    connect(m_jobs, &widgets::JobsPanel::nodeActivated, this, [this](const QString &node) {
        m_scene->selectItems({node});
        if (auto *item = m_scene->selectedItems().value(0))
            m_view->centerOn(item);
    });
    m_history->setStack(&ed->undoStack());

    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::selectionChanged);
    connect(m_scene, &widgets::FlowScene::openResultRequested, this, &MainWindow::openResult);
    connect(m_scene, &widgets::FlowScene::contextMenuRequested, this, &MainWindow::showContextMenu);
    connect(ed, &widgets::FlowEditor::messageRequested, this, &MainWindow::showStatus);
    connect(ed, &widgets::FlowEditor::modifiedChanged, this, [this](bool modified) {
        m_autosave->setModified(modified);
        updateTitle();
    });
    connect(ed, &widgets::FlowEditor::filePathChanged, this, [this](const QString &path) {
        m_autosave->setOriginalPath(path);
        updateTitle();
        applyRecorder(); // runs go under the flow's (new) name
    });
    applyRecorder();
    connect(&ed->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);
    connect(&ed->executor(), &flows::Executor::stateChanged, this,
            [this](const QString &node) { nodeStateChanged(node); });
    connect(&ed->executor(), &flows::Executor::runFinished, this, [this](bool ok) {
        updateActions();
        showStatus(ok ? tr("Run finished.") : tr("Run finished with errors."));
    });
    connect(&ed->document(), &flows::FlowDocument::nodeRemoved, this, [this](const QString &id) {
        if (widgets::ResultView *page = m_results.value(id))
            page->showMessage(tr("The node was deleted."));
    });

    m_autosave->discard();
    m_autosave->track([this] { return m_editor->toJson(m_view->viewState()); }, ed->filePath());
    m_autosave->setModified(ed->isModified());

    // The undo/redo actions follow this editor's stack.
    for (const char *name : {"actionUndo", "actionRedo"}) {
        QAction *old = action(QLatin1String(name));
        QAction *fresh = QLatin1String(name) == QLatin1String("actionUndo")
                             ? ed->undoStack().createUndoAction(this, tr("&Undo"))
                             : ed->undoStack().createRedoAction(this, tr("&Redo"));
        fresh->setObjectName(QLatin1String(name));
        fresh->setShortcuts(old->shortcuts());
        fresh->setShortcutContext(old->shortcutContext());
        if (m_editMenu)
            m_editMenu->insertAction(old, fresh);
        removeAction(old);
        delete old;
        addAction(fresh);
    }
    selectionChanged();
    updateTitle();
    updateActions();
}

void MainWindow::selectionChanged()
{
    const QStringList nodes = m_scene ? m_scene->selectedNodes() : QStringList();
    if (m_inspector)
        m_inspector->setNode(nodes.size() == 1 ? nodes.front() : QString());
    updateActions();
}

void MainWindow::addNodeAtCenter(const QString &type)
{
    const QPointF center = m_view->mapToScene(m_view->viewport()->rect().center());
    auto added = m_editor->addNode(type, freeSpotNear(center - QPointF(80, 40)));
    if (!added) {
        showStatus(added.error().message);
        return;
    }
    m_scene->selectItems({*added});
}

QPointF MainWindow::freeSpotNear(QPointF point) const
{
    // Step down-right until no node sits there, so repeated adds do not stack.
    QPointF p = widgets::FlowScene::snapped(point);
    for (int i = 0; i < 50; ++i) {
        bool taken = false;
        for (const auto &n : m_editor->document().nodes())
            taken = taken || (n.position - p).manhattanLength() < 30;
        if (!taken)
            break;
        p += QPointF(40, 40);
    }
    return p;
}

void MainWindow::runAll()
{
    if (!m_editor->executor().run())
        showStatus(tr("A run is going on."));
    updateActions();
}

void MainWindow::runTo(const QString &node)
{
    if (!m_editor->executor().run({node}))
        showStatus(tr("A run is going on."));
    updateActions();
}

void MainWindow::cancelRun()
{
    m_editor->executor().cancelAll();
}

void MainWindow::openResult(const QString &node)
{
    const flows::Node *n = m_editor->document().node(node);
    if (!n)
        return;
    widgets::ResultView *page = m_results.value(node);
    if (!page) {
        page = new widgets::ResultView(m_tabs);
        page->setObjectName(QStringLiteral("result_") + node);
        m_results.insert(node, page);
        const QString title = n->label.isEmpty() ? node : n->label;
        m_tabs->addTab(page, title);
    }
    m_tabs->setCurrentWidget(page);
    if (m_editor->executor().state(node) == flows::NodeState::Done) {
        page->setValue(m_editor->executor().output(node, 0));
    } else {
        page->showMessage(tr("Running '%1'…").arg(node));
        if (!m_editor->executor().isRunning())
            runTo(node);
    }
}

void MainWindow::nodeStateChanged(const QString &node)
{
    updateActions();
    widgets::ResultView *page = m_results.value(node);
    if (!page)
        return;
    const auto &ex = m_editor->executor();
    switch (ex.state(node)) {
    case flows::NodeState::Done:
        page->setValue(ex.output(node, 0));
        break;
    case flows::NodeState::Failed:
        page->showMessage(tr("'%1' failed: %2").arg(node, ex.message(node)));
        break;
    case flows::NodeState::Running:
        if (!page->value())
            page->showMessage(tr("Running '%1'…").arg(node));
        break;
    default:
        break;
    }
}

void MainWindow::showStatus(const QString &message)
{
    statusBar()->showMessage(message, kStatusTimeoutMs);
}

void MainWindow::showError(const QString &title, const QString &message)
{
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

} // namespace flowline::app

#pragma once

#include "Autosave.h"
#include "FlowFile.h"
#include "NodeRegistry.h"
#include "RunRecorder.h"
#include "Theme.h"

#include <QHash>
#include <QMainWindow>

#include <functional>
#include <memory>

class QLabel;
class QMenu;
class QTabWidget;
class QUndoView;

namespace flowline::widgets {
class FlowEditor;
class FlowScene;
class FlowView;
class JobsPanel;
class NodeInspector;
class NodePalette;
class ResultView;
} // namespace flowline::widgets

namespace flowline::app {

class QuickModelDialog;

// The studio's main window: the canvas in the middle (result tabs beside it), the palette, the
// inspector, the jobs and the undo history in docks. It owns one FlowEditor at a time; New and
// Open replace it (after asking about unsaved changes). Autosave runs while there are unsaved
// changes; settings (geometry, docks, recent files, theme) persist with QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        const flows::NodeRegistry *registry = &flows::NodeRegistry::builtin();
        QString autosaveDir = Autosave::defaultDir();
        // The experiment store runs are recorded in (empty: the one chosen in the settings, or
        // the user's default store).
        QString storePath;
    };
    enum class SaveAnswer { Save, Discard, Cancel };
    using SavePrompt = std::function<SaveAnswer(const QString &name)>;

    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // A .flow file opens as the flow (replacing this one); any other file gets a CSV Import node.
    void openPath(const QString &path);
    bool openFlow(const QString &path);
    void newFlow();
    bool save();
    bool saveAs(const QString &path = {});
    void importData(const QString &path, std::optional<QPointF> at = {});
    // Offers the copies crashed sessions left behind (a dialog), and restores the one chosen.
    void offerRecovery();
    bool restoreRecovery(const Recovery &recovery);
    void setTheme(Theme theme);

    void runAll();
    void runTo(const QString &node);
    void cancelRun();
    void openResult(const QString &node);
    // Records the flow's runs in the store at `path` from now on (false, with a message in the
    // status bar, when it cannot be opened: runs are then not recorded).
    bool setStorePath(const QString &path);
    QString storePath() const { return m_storePath; }
    const std::shared_ptr<flows::RunRecorder> &recorder() const { return m_recorder; }
    // Asks for a target and an algorithm and adds split → model → evaluate after `node`'s
    // table output, then runs to the evaluation and shows it.
    void quickModel(const QString &node);

    // How "save changes?" is asked (a dialog by default; tests answer it themselves).
    void setSavePrompt(SavePrompt prompt) { m_savePrompt = std::move(prompt); }
    // How the quick-model dialog is answered (shown by default; tests fill it in themselves,
    // which counts as accepting it).
    using QuickModelAnswer = std::function<void(QuickModelDialog &dialog)>;
    void setQuickModelAnswer(QuickModelAnswer answer) { m_quickModelAnswer = std::move(answer); }

    widgets::FlowEditor *editor() const { return m_editor.get(); }
    widgets::FlowScene *scene() const { return m_scene; }
    widgets::FlowView *view() const { return m_view; }
    widgets::NodePalette *nodePalette() const { return m_palette; }
    widgets::NodeInspector *inspector() const { return m_inspector; }
    widgets::JobsPanel *jobs() const { return m_jobs; }
    Autosave *autosave() const { return m_autosave; }
    QTabWidget *tabs() const { return m_tabs; }
    widgets::ResultView *resultView(const QString &node) const { return m_results.value(node); }
    QAction *action(const QString &objectName) const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void setEditor(std::unique_ptr<widgets::FlowEditor> editor, const flows::FlowView &view);
    bool maybeSave();
    void updateTitle();
    void updateActions();
    void selectionChanged();
    void showContextMenu(const QString &node, QPointF scenePos, QPoint screenPos);
    int tableOutputOf(const QString &node) const; // its first table output port, or -1
    void applyRecorder();                         // to the current flow, under its name
    static QString initialStorePath(const QString &given);
    void chooseStore();
    void nodeStateChanged(const QString &node);
    void addNodeAtCenter(const QString &type);
    QPointF freeSpotNear(QPointF point) const;
    void deleteSelection();
    void copySelection();
    void pasteAt(std::optional<QPointF> at);
    void duplicateSelection();
    void addAnnotationAt(QPointF at);
    void filesDropped(const QStringList &paths, QPointF at);
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void restoreSettings();
    void saveSettings() const;
    void showStatus(const QString &message);
    void showError(const QString &title, const QString &message);

    const flows::NodeRegistry &m_registry;
    std::unique_ptr<widgets::FlowEditor> m_editor;
    widgets::FlowScene *m_scene = nullptr;
    widgets::FlowView *m_view = nullptr;
    widgets::NodePalette *m_palette = nullptr;
    widgets::NodeInspector *m_inspector = nullptr;
    widgets::JobsPanel *m_jobs = nullptr;
    QUndoView *m_history = nullptr;
    QTabWidget *m_tabs = nullptr;
    QHash<QString, widgets::ResultView *> m_results; // open result tabs by node
    QDockWidget *m_paletteDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_jobsDock = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QLabel *m_zoomLabel = nullptr;
    Autosave *m_autosave = nullptr;
    SavePrompt m_savePrompt;
    QString m_storePath;
    std::shared_ptr<flows::RunRecorder> m_recorder;
    QuickModelAnswer m_quickModelAnswer;
    Theme m_theme = Theme::System;
    int m_untitledCount = 0;
};

} // namespace flowline::app

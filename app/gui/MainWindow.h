#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace flowline::core {
class Table;
}

namespace flowline::widgets {
class DataTableView;
class ImportController;
class JobProgressWidget;
class ProfilePanel;
} // namespace flowline::widgets

namespace flowline::app {

// The studio's main window: the data table in the middle, the profile in a dock, File > Open
// Data (also by drag and drop or from the command line). Opening runs in ImportController.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Starts importing the file in the background.
    void openFile(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void connectImport();
    void openDataRequested();
    void showTable(const core::Table &table, const QStringList &warnings);
    void showError(const QString &message);
    void updateTitle();
    void restoreSettings();
    void saveSettings() const;

    widgets::ImportController *m_import;
    widgets::DataTableView *m_table;
    widgets::ProfilePanel *m_profile;
    widgets::JobProgressWidget *m_progress;
    QStackedWidget *m_central;
    QLabel *m_emptyState;
    QLabel *m_tableInfo;
    QDockWidget *m_profileDock;
    QString m_openFile; // the file whose table is shown
};

} // namespace flowline::app

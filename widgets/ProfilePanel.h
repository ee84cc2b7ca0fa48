#pragma once

#include "stats/Profiler.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace flowline::widgets {

class ColumnProfileView;
class CorrelationView;
class ProfileSummaryModel;

// The profile of a table: a filterable, sortable list of its columns (kind, missing share,
// distinct values, a summary), the detail of the selected column, and a correlation heatmap.
// Until a profile is set it shows a message ("Profiling…", "No data").
class ProfilePanel : public QWidget
{
    Q_OBJECT

public:
    explicit ProfilePanel(QWidget *parent = nullptr);

    void setProfile(const core::TableProfile &profile);
    // Drops the profile and shows the message in its place.
    void showMessage(const QString &message);
    bool hasProfile() const;
    const core::TableProfile &profile() const;

    // Index of the selected column in profile().columns, or -1.
    int currentColumn() const;
    // Selects the column with this name (clearing the filter if it hides it); false if none.
    bool selectColumn(const QString &name);
    bool selectColumn(int index);

    ColumnProfileView *columnView() const { return m_columnView; }
    CorrelationView *correlationView() const { return m_correlationView; }
    QTreeView *columnList() const { return m_list; }

Q_SIGNALS:
    void currentColumnChanged(const QString &name);

private:
    void onCurrentChanged();
    void fitList();

    ProfileSummaryModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QStackedWidget *m_pages;
    QLabel *m_message;
    QLabel *m_summary;
    QLineEdit *m_filter;
    QTreeView *m_list;
    QSplitter *m_splitter;
    QTabWidget *m_tabs;
    ColumnProfileView *m_columnView;
    CorrelationView *m_correlationView;
    int m_current = -1;
};

} // namespace flowline::widgets

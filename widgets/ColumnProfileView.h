#pragma once

#include "stats/ColumnProfile.h"

#include <QWidget>

class QCPAxis;
class QCustomPlot;
class QGridLayout;
class QLabel;

namespace flowline::widgets {

// The detail of one profiled column: its statistics as a grid of labelled values and a chart
// (a histogram for numeric and datetime columns, the most frequent values otherwise).
// Each value label is named "stat.<key>" (stat.mean, stat.missing, ...), for tests and styling.
class ColumnProfileView : public QWidget
{
    Q_OBJECT

public:
    explicit ColumnProfileView(QWidget *parent = nullptr);

    void setProfile(const core::ColumnProfile &profile);
    void clear();
    bool hasProfile() const { return m_hasProfile; }
    const core::ColumnProfile &profile() const { return m_profile; }

    // The text shown for a statistic, or a null string when it is not shown.
    QString statText(const QString &key) const;
    // A remark shown instead of a chart that would say nothing (empty when there is none).
    QString note() const;
    QCustomPlot *plot() const { return m_plot; }

private:
    void addStat(const QString &key, const QString &label, const QString &value);
    void clearStats();
    void showHistogram();
    void showTopValues();
    void resetPlot();
    void useCountTicker(QCPAxis *axis);

    core::ColumnProfile m_profile;
    bool m_hasProfile = false;
    QLabel *m_title;
    QLabel *m_note;
    QGridLayout *m_stats;
    int m_statCount = 0;
    QCustomPlot *m_plot;
};

} // namespace flowline::widgets

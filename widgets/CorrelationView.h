#pragma once

#include <QStringList>
#include <QWidget>

#include <Eigen/Core>

class QComboBox;
class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QLabel;
class QStackedWidget;

namespace flowline::core {
struct TableProfile;
}

namespace flowline::widgets {

// A heatmap of the correlations between numeric columns (Pearson or Spearman), one cell per
// pair, from -1 (blue) through 0 (white) to +1 (red); small matrices also print the values.
class CorrelationView : public QWidget
{
    Q_OBJECT

public:
    enum class Method { Pearson, Spearman };
    // Matrices up to this size print each coefficient in its cell.
    static constexpr int kMaxLabelledColumns = 12;

    explicit CorrelationView(QWidget *parent = nullptr);

    void setProfile(const core::TableProfile &profile);
    void clear();

    Method method() const;
    void setMethod(Method method);
    const QStringList &columns() const { return m_columns; }
    // The coefficient shown for a pair of columns (by index in columns()).
    double shownValue(int row, int column) const;
    QCustomPlot *plot() const { return m_plot; }

private:
    void rebuild();
    const Eigen::MatrixXd &matrix() const;

    QStringList m_columns;
    Eigen::MatrixXd m_pearson;
    Eigen::MatrixXd m_spearman;
    QComboBox *m_method;
    QStackedWidget *m_pages;
    QLabel *m_empty;
    QCustomPlot *m_plot;
    QCPColorMap *m_map;
    QCPColorScale *m_scale;
};

} // namespace flowline::widgets

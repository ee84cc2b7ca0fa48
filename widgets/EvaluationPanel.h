#pragma once

#include "ModelValues.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QTabWidget;
class QCustomPlot;

namespace flowline::widgets {

// The dashboard of an Evaluation result: the metrics (with the spread over folds for a
// cross-validation), the confusion matrix (counts and row shares, shaded), the ROC,
// precision-recall, calibration and gains curves of a classifier, the residuals of a regression,
// and the per-fold table of a cross-validation.
class EvaluationPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluationPanel(QWidget *parent = nullptr);
    void setEvaluation(const flows::EvaluationValue &value);

    QTableWidget *metricsTable() const { return m_metrics; }
    QTableWidget *confusionTable() const { return m_confusion; }
    QTabWidget *tabs() const { return m_tabs; }

private:
    void showCurves(const core::eval::Evaluation &ev, const QString &prefix, QCustomPlot *plot,
                    const QString &xLabel, const QString &yLabel, bool diagonal);

    QLabel *m_title;
    QTableWidget *m_metrics;
    QTabWidget *m_tabs;
    QTableWidget *m_confusion;
    QCustomPlot *m_roc;
    QCustomPlot *m_pr;
    QCustomPlot *m_calibration;
    QCustomPlot *m_gains;
    QCustomPlot *m_residuals;
    QTableWidget *m_folds;
};

// What a trained model shows: its summary and preparation, the feature importances (or the
// size of the coefficients) as bars, the loss curve per iteration, and the coefficients.
class ModelPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ModelPanel(QWidget *parent = nullptr);
    void setModel(const flows::ModelValue &value);

    QCustomPlot *importancePlot() const { return m_importance; }
    QCustomPlot *lossPlot() const { return m_loss; }

private:
    QLabel *m_title;
    QLabel *m_details;
    QCustomPlot *m_importance;
    QCustomPlot *m_loss;
    QTableWidget *m_coefficients;
};

} // namespace flowline::widgets

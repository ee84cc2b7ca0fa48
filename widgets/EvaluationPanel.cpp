#include "EvaluationPanel.h"

#include "QCustomPlotInclude.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flowline::widgets {

namespace {

QString number(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("—");
    if (v != 0 && (std::abs(v) >= 1e5 || std::abs(v) < 1e-3))
        return QString::number(v, 'g', 4);
    return QString::number(v, 'f', 4);
}

QCustomPlot *makePlot(QWidget *parent)
{
    auto *plot = new QCustomPlot(parent);
    plot->setMinimumHeight(220);
    plot->setBackground(parent->palette().base());
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->legend->setVisible(false);
    return plot;
}

QTableWidgetItem *readOnly(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

const QList<QColor> kSeries = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                               QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                               QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};

} // namespace

EvaluationPanel::EvaluationPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_metrics(new QTableWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_confusion(new QTableWidget(this))
    , m_roc(makePlot(this))
    , m_pr(makePlot(this))
    , m_calibration(makePlot(this))
    , m_gains(makePlot(this))
    , m_residuals(makePlot(this))
    , m_folds(new QTableWidget(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QTableWidget *t : {m_metrics, m_confusion, m_folds}) {
        t->setSelectionMode(QAbstractItemView::ContiguousSelection);
        t->verticalHeader()->setDefaultSectionSize(22);
    }
    m_metrics->setColumnCount(2);
    m_metrics->setHorizontalHeaderLabels({tr("Metric"), tr("Value")});
    m_metrics->verticalHeader()->setVisible(false);
    m_metrics->horizontalHeader()->setStretchLastSection(true);
    m_metrics->setMinimumWidth(260);
    m_confusion->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    // Pages live in the tab widget only while they have something to show.
    for (QWidget *page : std::initializer_list<QWidget *>{m_confusion, m_roc, m_pr, m_calibration,
                                                          m_gains, m_residuals, m_folds})
        page->hide();

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_metrics);
    split->addWidget(m_tabs);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(split, 1);
}

void EvaluationPanel::showCurves(const core::eval::Evaluation &ev, const QString &prefix,
                                 QCustomPlot *plot, const QString &xLabel, const QString &yLabel,
                                 bool diagonal)
{
    plot->clearGraphs();
    plot->clearItems();
    int shown = 0;
    for (const core::eval::Curve &c : ev.curves) {
        if (!(c.name == prefix || c.name.startsWith(prefix + QLatin1Char(':'))))
            continue;
        QCPGraph *g = plot->addGraph();
        g->setPen(QPen(kSeries[shown % kSeries.size()], 2));
        g->setName(c.name.contains(QLatin1Char(':')) ? c.name.section(QLatin1Char(':'), 1)
                                                     : c.name);
        g->setData(QVector<double>(c.x.begin(), c.x.end()), QVector<double>(c.y.begin(), c.y.end()),
                   true);
        ++shown;
    }
    if (diagonal) {
        auto *line = new QCPItemLine(plot);
        line->start->setCoords(0, 0);
        line->end->setCoords(1, 1);
        line->setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    }
    plot->legend->setVisible(shown > 1);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    plot->rescaleAxes();
    if (diagonal) {
        plot->xAxis->setRange(0, 1);
        plot->yAxis->setRange(0, 1.02);
    }
    plot->replot();
}

void EvaluationPanel::setEvaluation(const flows::EvaluationValue &value)
{
    const core::eval::Evaluation &ev = value.evaluation();
    const auto &cv = value.crossValidation();
    m_title->setText(value.summary());

    // Metrics, with the spread over folds.
    m_metrics->setRowCount(int(ev.metrics.size()));
    for (int i = 0; i < int(ev.metrics.size()); ++i) {
        const auto &m = ev.metrics[std::size_t(i)];
        QString text = number(m.value);
        if (cv && std::size_t(i) < cv->deviation.size() &&
            std::isfinite(cv->deviation[std::size_t(i)].value))
            text += QStringLiteral(" ± ") + number(cv->deviation[std::size_t(i)].value);
        m_metrics->setItem(i, 0, readOnly(m.key));
        m_metrics->setItem(i, 1, readOnly(text));
    }
    m_metrics->resizeColumnToContents(0);

    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    const bool classification = ev.task == QLatin1String("classification");
    if (classification && ev.confusion.size() > 0 && !cv) {
        const int k = int(ev.confusion.rows());
        m_confusion->setRowCount(k);
        m_confusion->setColumnCount(k);
        QStringList labels;
        for (int c = 0; c < k; ++c)
            labels << (c < ev.classes.size() ? ev.classes[c] : QString::number(c));
        m_confusion->setHorizontalHeaderLabels(labels);
        QStringList rows;
        for (const QString &l : labels)
            rows << tr("true %1").arg(l);
        m_confusion->setVerticalHeaderLabels(rows);
        const QColor accent = palette().color(QPalette::Highlight);
        for (int r = 0; r < k; ++r) {
            const double total = ev.confusion.row(r).sum();
            for (int c = 0; c < k; ++c) {
                const double count = ev.confusion(r, c);
                const double share = total > 0 ? count / total : 0;
                auto *item =
                    readOnly(QStringLiteral("%1\n%2 %").arg(count).arg(share * 100, 0, 'f', 1));
                item->setTextAlignment(Qt::AlignCenter);
                QColor shade = accent;
                shade.setAlphaF(0.08 + 0.75 * share);
                item->setBackground(shade);
                item->setToolTip(tr("%1 rows of class %2 predicted as %3 (%4 % of the class)")
                                     .arg(count)
                                     .arg(labels[r], labels[c])
                                     .arg(share * 100, 0, 'f', 1));
                m_confusion->setItem(r, c, item);
            }
        }
        m_confusion->verticalHeader()->setDefaultSectionSize(44);
        m_tabs->addTab(m_confusion, tr("Confusion matrix"));
    }
    const auto hasCurve = [&](const QString &prefix) {
        return std::any_of(ev.curves.begin(), ev.curves.end(), [&](const core::eval::Curve &c) {
            return c.name == prefix || c.name.startsWith(prefix + QLatin1Char(':'));
        });
    };
    if (!cv && hasCurve(QStringLiteral("roc"))) {
        showCurves(ev, QStringLiteral("roc"), m_roc, tr("False positive rate"),
                   tr("True positive rate"), true);
        m_tabs->addTab(m_roc, tr("ROC"));
    }
    if (!cv && hasCurve(QStringLiteral("pr"))) {
        showCurves(ev, QStringLiteral("pr"), m_pr, tr("Recall"), tr("Precision"), false);
        m_tabs->addTab(m_pr, tr("Precision-recall"));
    }
    if (!cv && hasCurve(QStringLiteral("calibration"))) {
        showCurves(ev, QStringLiteral("calibration"), m_calibration,
                   tr("Mean predicted probability"), tr("Fraction of positives"), true);
        m_tabs->addTab(m_calibration, tr("Calibration"));
    }
    if (!cv && hasCurve(QStringLiteral("gains"))) {
        showCurves(ev, QStringLiteral("gains"), m_gains, tr("Share of rows (highest scores first)"),
                   tr("Share of positives found"), true);
        m_tabs->addTab(m_gains, tr("Cumulative gains"));
    }
    if (!cv && ev.residuals.size() > 0) {
        // A histogram of the residuals.
        m_residuals->clearPlottables();
        m_residuals->clearItems();
        const double lo = ev.residuals.minCoeff(), hi = ev.residuals.maxCoeff();
        const int bins = std::clamp(int(std::sqrt(double(ev.residuals.size()))), 5, 60);
        const double width = hi > lo ? (hi - lo) / bins : 1.0;
        QVector<double> centres(bins), counts(bins, 0.0);
        for (int b = 0; b < bins; ++b)
            centres[b] = lo + (b + 0.5) * width;
        for (Eigen::Index i = 0; i < ev.residuals.size(); ++i)
            counts[std::clamp(int((ev.residuals[i] - lo) / width), 0, bins - 1)] += 1;
        auto *bars = new QCPBars(m_residuals->xAxis, m_residuals->yAxis);
        bars->setWidth(width * 0.95);
        bars->setBrush(kSeries[0]);
        bars->setPen(Qt::NoPen);
        bars->setData(centres, counts, true);
        m_residuals->xAxis->setLabel(tr("Residual (truth − prediction)"));
        m_residuals->yAxis->setLabel(tr("Rows"));
        m_residuals->rescaleAxes();
        m_residuals->replot();
        m_tabs->addTab(m_residuals, tr("Residuals"));
    }
    if (cv) {
        const auto &folds = cv->folds;
        const int metrics = folds.empty() ? 0 : int(folds.front().metrics.size());
        m_folds->setRowCount(int(folds.size()));
        m_folds->setColumnCount(metrics + 2);
        QStringList headers{tr("Train rows"), tr("Test rows")};
        for (int m = 0; m < metrics; ++m)
            headers << folds.front().metrics[std::size_t(m)].key;
        m_folds->setHorizontalHeaderLabels(headers);
        for (int f = 0; f < int(folds.size()); ++f) {
            m_folds->setItem(f, 0, readOnly(QString::number(cv->trainRows[std::size_t(f)])));
            m_folds->setItem(f, 1, readOnly(QString::number(cv->testRows[std::size_t(f)])));
            for (int m = 0; m < metrics; ++m)
                m_folds->setItem(f, m + 2,
                                 readOnly(number(folds[std::size_t(f)].metric(
                                     folds.front().metrics[std::size_t(m)].key))));
        }
        m_folds->resizeColumnsToContents();
        m_tabs->addTab(m_folds, tr("Folds"));
    }
}

ModelPanel::ModelPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_details(new QLabel(this))
    , m_importance(makePlot(this))
    , m_loss(makePlot(this))
    , m_coefficients(new QTableWidget(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setForegroundRole(QPalette::PlaceholderText);
    m_coefficients->verticalHeader()->setDefaultSectionSize(22);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_importance, tr("Importance"));
    tabs->addTab(m_loss, tr("Loss curve"));
    tabs->addTab(m_coefficients, tr("Coefficients"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_details);
    layout->addWidget(tabs, 1);
}

void ModelPanel::setModel(const flows::ModelValue &value)
{
    const core::ml::Pipeline &p = value.pipeline();
    const core::ml::Learned l = p.model->learned();
    m_title->setText(p.summary());
    m_details->setText(p.notes.join(QLatin1Char('\n')));

    // Importances; for linear models the largest absolute coefficient per feature stands in.
    Eigen::VectorXd weight = l.importances;
    QString what = tr("Importance");
    if (weight.size() != p.features.size() && l.coefficients.cols() == p.features.size()) {
        weight = l.coefficients.cwiseAbs().colwise().maxCoeff().transpose();
        what = tr("|coefficient| (standardised features compare)");
    }
    m_importance->clearPlottables();
    if (weight.size() == p.features.size() && weight.size() > 0) {
        std::vector<int> order(std::size_t(weight.size()));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return weight[a] > weight[b]; });
        const int shown = std::min<int>(20, int(order.size()));
        QVector<double> ticks, values;
        QVector<QString> labels;
        for (int i = 0; i < shown; ++i) {
            ticks << shown - i;
            values << weight[order[std::size_t(i)]];
            labels << p.features[order[std::size_t(i)]];
        }
        auto *bars = new QCPBars(m_importance->yAxis, m_importance->xAxis);
        bars->setData(ticks, values, true);
        bars->setBrush(kSeries[0]);
        bars->setPen(Qt::NoPen);
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        ticker->addTicks(ticks, labels);
        m_importance->yAxis->setTicker(ticker);
        m_importance->xAxis->setLabel(what);
        m_importance->rescaleAxes();
        m_importance->yAxis->setRange(0.3, shown + 0.7);
        m_importance->xAxis->setRangeLower(0);
    }
    m_importance->replot();

    m_loss->clearGraphs();
    const auto addCurve = [&](const std::vector<double> &v, const QColor &c, const QString &name) {
        if (v.empty())
            return;
        QVector<double> x(int(v.size())), y(v.begin(), v.end());
        std::iota(x.begin(), x.end(), 1.0);
        QCPGraph *g = m_loss->addGraph();
        g->setPen(QPen(c, 2));
        g->setName(name);
        g->setData(x, y, true);
    };
    addCurve(l.loss, kSeries[0], l.lossName.isEmpty() ? tr("training") : l.lossName);
    addCurve(l.validation, kSeries[1],
             l.validationName.isEmpty() ? tr("validation") : l.validationName);
    m_loss->legend->setVisible(!l.validation.empty());
    m_loss->xAxis->setLabel(tr("Iteration"));
    m_loss->yAxis->setLabel(l.lossName.isEmpty() ? tr("Loss") : l.lossName);
    m_loss->rescaleAxes();
    m_loss->replot();

    m_coefficients->clear();
    if (l.coefficients.cols() == p.features.size()) {
        const int rows = int(l.coefficients.rows());
        m_coefficients->setRowCount(int(p.features.size()) + 1);
        m_coefficients->setColumnCount(rows);
        QStringList headers;
        for (int r = 0; r < rows; ++r) {
            QString name = r < l.coefficientRows.size() ? l.coefficientRows[r] : QString();
            bool isIndex = false;
            const int k = name.toInt(&isIndex);
            headers << (isIndex && k >= 0 && k < p.classes.size() ? p.classes[k] : name);
        }
        m_coefficients->setHorizontalHeaderLabels(headers);
        m_coefficients->setVerticalHeaderLabels(QStringList(p.features) << tr("(intercept)"));
        for (int r = 0; r < rows; ++r) {
            for (int f = 0; f < int(p.features.size()); ++f)
                m_coefficients->setItem(f, r, readOnly(number(l.coefficients(r, f))));
            if (r < l.intercepts.size())
                m_coefficients->setItem(int(p.features.size()), r,
                                        readOnly(number(l.intercepts[r])));
        }
    }
}

} // namespace flowline::widgets

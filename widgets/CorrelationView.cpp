#include "CorrelationView.h"

#include "DisplayFormat.h"
#include "stats/Profiler.h"

#include "QCustomPlotInclude.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

namespace flowline::widgets {

namespace {
QCPColorGradient divergingGradient()
{
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0.0, QColor(0x21, 0x66, 0xac));
    gradient.setColorStopAt(0.25, QColor(0x92, 0xc5, 0xde));
    gradient.setColorStopAt(0.5, QColor(0xf7, 0xf7, 0xf7));
    gradient.setColorStopAt(0.75, QColor(0xf4, 0xa5, 0x82));
    gradient.setColorStopAt(1.0, QColor(0xb2, 0x18, 0x2b));
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(0xd0, 0xd0, 0xd0));
    return gradient;
}
} // namespace

CorrelationView::CorrelationView(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_map(new QCPColorMap(m_plot->xAxis, m_plot->yAxis))
    , m_scale(new QCPColorScale(m_plot))
{
    m_method->addItem(tr("Pearson"));
    m_method->addItem(tr("Spearman (rank)"));
    connect(m_method, &QComboBox::currentIndexChanged, this, &CorrelationView::rebuild);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setText(tr("Correlations need at least two numeric columns."));

    m_plot->setBackground(palette().base());
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setDataRange(QCPRange(-1.0, 1.0));
    m_scale->setGradient(divergingGradient());
    m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
    m_scale->axis()->ticker().staticCast<QCPAxisTickerFixed>()->setTickStep(0.5);
    m_map->setColorScale(m_scale);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    auto *margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
        axis->grid()->setVisible(false);
        axis->setSubTicks(false);
        axis->setTickLength(0, 3);
    }
    m_plot->xAxis->setTickLabelRotation(60);

    m_pages->addWidget(m_empty);
    m_pages->addWidget(m_plot);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Method:"), this));
    top->addWidget(m_method);
    top->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
}

void CorrelationView::setProfile(const core::TableProfile &profile)
{
    m_columns = profile.correlationColumns;
    m_pearson = profile.pearson;
    m_spearman = profile.spearman;
    rebuild();
}

void CorrelationView::clear()
{
    m_columns.clear();
    m_pearson.resize(0, 0);
    m_spearman.resize(0, 0);
    rebuild();
}

CorrelationView::Method CorrelationView::method() const
{
    return m_method->currentIndex() == 1 ? Method::Spearman : Method::Pearson;
}

void CorrelationView::setMethod(Method method)
{
    m_method->setCurrentIndex(method == Method::Spearman ? 1 : 0);
}

const Eigen::MatrixXd &CorrelationView::matrix() const
{
    return method() == Method::Spearman ? m_spearman : m_pearson;
}

double CorrelationView::shownValue(int row, int column) const
{
    const Eigen::MatrixXd &m = matrix();
    if (row < 0 || column < 0 || row >= m.rows() || column >= m.cols())
        return std::nan("");
    // Row r of the matrix is drawn at y = n - 1 - r, so the first column is at the top.
    return m_map->data()->cell(column, static_cast<int>(m.rows()) - 1 - row);
}

void CorrelationView::rebuild()
{
    const Eigen::MatrixXd &m = matrix();
    const int n = static_cast<int>(m_columns.size());
    const bool usable = n >= 2 && m.rows() == n && m.cols() == n;
    m_pages->setCurrentWidget(usable ? static_cast<QWidget *>(m_plot) : m_empty);
    m_plot->clearItems();
    if (!usable) {
        m_map->data()->clear();
        return;
    }

    m_map->data()->setSize(n, n);
    m_map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    auto xTicks = m_plot->xAxis->ticker().staticCast<QCPAxisTickerText>();
    auto yTicks = m_plot->yAxis->ticker().staticCast<QCPAxisTickerText>();
    xTicks->clear();
    yTicks->clear();
    const bool labelled = n <= kMaxLabelledColumns;
    QFont cellFont = font();
    cellFont.setPointSizeF(cellFont.pointSizeF() * 0.85);
    for (int r = 0; r < n; ++r) {
        const int y = n - 1 - r;
        yTicks->addTick(y, m_columns[r]);
        xTicks->addTick(r, m_columns[r]);
        for (int c = 0; c < n; ++c) {
            const double value = m(r, c);
            m_map->data()->setCell(c, y, value);
            if (!labelled)
                continue;
            auto *text = new QCPItemText(m_plot);
            text->position->setCoords(c, y);
            // + 0.0 turns a -0.0 into 0.0; rounding to two decimals must not print "-0.00".
            const double shown = std::round(value * 100.0) / 100.0 + 0.0;
            text->setText(std::isnan(value) ? missingPlaceholder()
                                            : QLocale().toString(shown, 'f', 2));
            text->setFont(cellFont);
            text->setColor(std::abs(value) > 0.6 ? Qt::white : Qt::black);
            text->setClipToAxisRect(true);
        }
    }
    m_plot->xAxis->setRange(-0.5, n - 0.5);
    m_plot->yAxis->setRange(-0.5, n - 0.5);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace flowline::widgets

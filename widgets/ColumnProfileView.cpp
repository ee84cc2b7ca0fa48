#include "ColumnProfileView.h"

#include "DisplayFormat.h"
#include "ProfileSummaryModel.h"

#include "QCustomPlotInclude.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace flowline::widgets {

namespace {
constexpr int kStatColumns = 2; // label/value pairs per grid row
constexpr int kMaxTopLabel = 24;

QString elided(const QString &text)
{
    return text.size() <= kMaxTopLabel ? text : text.left(kMaxTopLabel - 1) + QStringLiteral("…");
}
} // namespace

ColumnProfileView::ColumnProfileView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_note(new QLabel(this))
    , m_stats(new QGridLayout)
    , m_plot(new QCustomPlot(this))
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignCenter);

    m_stats->setHorizontalSpacing(12);
    m_stats->setVerticalSpacing(2);
    m_stats->setColumnStretch(1, 1);
    m_stats->setColumnStretch(3, 1);

    m_plot->setMinimumHeight(160);
    m_plot->setBackground(palette().base());
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addLayout(m_stats);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_note);
    layout->addStretch(0);
    clear();
}

void ColumnProfileView::clear()
{
    m_hasProfile = false;
    m_profile = {};
    m_title->setText(tr("Select a column to see its profile."));
    clearStats();
    resetPlot();
    m_plot->setVisible(false);
    m_note->clear();
    m_note->setVisible(false);
}

void ColumnProfileView::setProfile(const core::ColumnProfile &profile)
{
    m_profile = profile;
    m_hasProfile = true;
    const auto &p = m_profile;
    m_title->setText(tr("%1 · %2").arg(p.name, kindLabel(p.kind)));

    clearStats();
    const std::int64_t rows = p.count + p.missing;
    addStat(QStringLiteral("count"), tr("Values"), formatCount(p.count));
    addStat(QStringLiteral("missing"), tr("Missing"),
            tr("%1 (%2)").arg(formatCount(p.missing), formatPercent(missingFraction(p))));
    addStat(QStringLiteral("distinct"), tr("Distinct"),
            (p.distinctExact ? QString() : QStringLiteral("≈")) + formatCount(p.distinct));
    addStat(QStringLiteral("rows"), tr("Rows"), formatCount(rows));

    switch (p.kind) {
    case core::ColumnKind::Numeric:
        addStat(QStringLiteral("mean"), tr("Mean"), formatNumber(p.mean));
        addStat(QStringLiteral("std"), tr("Std. dev."), formatNumber(p.std));
        addStat(QStringLiteral("min"), tr("Min"), formatNumber(p.min));
        addStat(QStringLiteral("max"), tr("Max"), formatNumber(p.max));
        addStat(QStringLiteral("q1"), tr("25%"), formatNumber(p.q1));
        addStat(QStringLiteral("median"), tr("Median"), formatNumber(p.median));
        addStat(QStringLiteral("q3"), tr("75%"), formatNumber(p.q3));
        addStat(QStringLiteral("skewness"), tr("Skewness"), formatNumber(p.skewness, 3));
        addStat(QStringLiteral("zeros"), tr("Zeros"), formatCount(p.zeros));
        break;
    case core::ColumnKind::Boolean:
        addStat(QStringLiteral("mean"), tr("Share true"), formatPercent(p.mean));
        break;
    case core::ColumnKind::Datetime:
        addStat(QStringLiteral("earliest"), tr("Earliest"),
                p.count > 0 ? formatDateTime(p.minTime) : missingPlaceholder());
        addStat(QStringLiteral("latest"), tr("Latest"),
                p.count > 0 ? formatDateTime(p.maxTime) : missingPlaceholder());
        break;
    case core::ColumnKind::Categorical:
    case core::ColumnKind::Text:
        if (!p.top.empty())
            addStat(
                QStringLiteral("top"), tr("Most frequent"),
                tr("%1 (%2)").arg(elided(p.top.front().first), formatCount(p.top.front().second)));
        break;
    }

    resetPlot();
    if (p.kind == core::ColumnKind::Numeric || p.kind == core::ColumnKind::Datetime)
        showHistogram();
    else
        showTopValues();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString ColumnProfileView::note() const
{
    return m_note->isVisibleTo(this) ? m_note->text() : QString();
}

QString ColumnProfileView::statText(const QString &key) const
{
    const auto *label = findChild<QLabel *>(QStringLiteral("stat.") + key);
    return label ? label->text() : QString();
}

void ColumnProfileView::addStat(const QString &key, const QString &label, const QString &value)
{
    const int row = m_statCount / kStatColumns;
    const int column = (m_statCount % kStatColumns) * 2;
    ++m_statCount;

    auto *name = new QLabel(label, this);
    name->setForegroundRole(QPalette::PlaceholderText);
    auto *text = new QLabel(value, this);
    text->setObjectName(QStringLiteral("stat.") + key);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stats->addWidget(name, row, column);
    m_stats->addWidget(text, row, column + 1);
}

void ColumnProfileView::clearStats()
{
    while (QLayoutItem *item = m_stats->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_statCount = 0;
}

void ColumnProfileView::resetPlot()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_plot->xAxis->setLabel({});
    m_plot->yAxis->setLabel({});
    m_note->clear();
    m_note->setVisible(false);
}

void ColumnProfileView::useCountTicker(QCPAxis *axis)
{
    // Counts are whole numbers: ticks at integer multiples only.
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
}

void ColumnProfileView::showHistogram()
{
    const auto &h = m_profile.histogram;
    const bool time = m_profile.kind == core::ColumnKind::Datetime;
    const double scale = time ? 1e-3 : 1.0; // the date ticker counts seconds
    const bool valid = h.counts.size() + 1 == h.edges.size() && !h.counts.empty();
    m_plot->setVisible(valid);
    if (!valid) {
        m_note->setText(tr("No values."));
        m_note->setVisible(true);
        return;
    }

    auto *bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    bars->setName(tr("Count"));
    bars->setWidthType(QCPBars::wtPlotCoords);
    bars->setWidth((h.edges[1] - h.edges[0]) * scale);
    const QColor color = palette().color(QPalette::Highlight);
    bars->setPen(QPen(color.darker(120)));
    bars->setBrush(QColor(color.red(), color.green(), color.blue(), 170));

    QVector<double> keys, values;
    double highest = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        keys << (h.edges[i] + h.edges[i + 1]) * 0.5 * scale;
        values << static_cast<double>(h.counts[i]);
        highest = std::max(highest, values.back());
    }
    bars->setData(keys, values, true);
    // Outliers squeeze a histogram: let the key axis be dragged and zoomed.
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

    if (time) {
        auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
        ticker->setDateTimeSpec(Qt::UTC);
        // Coarser labels for longer spans, so that they never overlap.
        const double days = (h.edges.back() - h.edges.front()) / 86'400'000.0;
        ticker->setDateTimeFormat(days > 3 * 365 ? QStringLiteral("yyyy")
                                  : days > 90    ? QStringLiteral("yyyy-MM")
                                                 : QStringLiteral("yyyy-MM-dd"));
        ticker->setTickCount(4);
        m_plot->xAxis->setTicker(ticker);
    }
    m_plot->xAxis->setLabel(m_profile.name);
    m_plot->yAxis->setLabel(tr("Count"));
    useCountTicker(m_plot->yAxis);
    double low = h.edges.front() * scale;
    double high = h.edges.back() * scale;
    if (high <= low) {
        low -= 0.5;
        high += 0.5;
    }
    m_plot->xAxis->setRange(low, high);
    m_plot->yAxis->setRange(0, std::max(1.0, highest * 1.08));
}

void ColumnProfileView::showTopValues()
{
    const auto &top = m_profile.top;
    // When even the most frequent value occurs once, a chart of equal bars says nothing.
    const bool unique = !top.empty() && top.front().second <= 1;
    m_plot->setVisible(!top.empty() && !unique);
    if (unique) {
        m_note->setText(tr("Every value occurs once."));
        m_note->setVisible(true);
    } else if (top.empty()) {
        m_note->setText(tr("No values."));
        m_note->setVisible(true);
    }
    if (top.empty() || unique)
        return;

    // Horizontal bars, most frequent at the top: the key axis is the left axis.
    auto *bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    bars->setName(tr("Count"));
    bars->setWidth(0.7);
    const QColor color = palette().color(QPalette::Highlight);
    bars->setPen(QPen(color.darker(120)));
    bars->setBrush(QColor(color.red(), color.green(), color.blue(), 170));

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys, values;
    double highest = 0;
    const int n = static_cast<int>(top.size());
    for (int i = 0; i < n; ++i) {
        const double key = n - i;
        keys << key;
        values << static_cast<double>(top[static_cast<std::size_t>(i)].second);
        highest = std::max(highest, values.back());
        const QString &label = top[static_cast<std::size_t>(i)].first;
        ticker->addTick(key, label.isEmpty() ? tr("(empty)") : elided(label));
    }
    bars->setData(keys, values); // keys descend: QCPBars sorts them
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.4, n + 0.6);
    m_plot->xAxis->setRange(0, std::max(1.0, highest * 1.08));
    m_plot->xAxis->setLabel(tr("Count"));
    useCountTicker(m_plot->xAxis);
}

} // namespace flowline::widgets

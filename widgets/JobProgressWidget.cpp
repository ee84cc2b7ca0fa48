#include "JobProgressWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace flowline::widgets {

JobProgressWidget::JobProgressWidget(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    m_bar->setRange(0, kSteps);
    m_bar->setFixedWidth(180);
    m_bar->setTextVisible(true);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job"));
    m_cancel->setAutoRaise(true);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_label->setText(tr("Canceling…"));
        Q_EMIT cancelRequested();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    setVisible(false);
}

void JobProgressWidget::start(const QString &message)
{
    m_label->setText(message);
    m_bar->setValue(0);
    m_cancel->setEnabled(true);
    setVisible(true);
}

void JobProgressWidget::setProgress(double fraction, const QString &message)
{
    if (!m_cancel->isEnabled())
        return; // keep saying "Canceling…"
    m_bar->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * kSteps)));
    if (!message.isEmpty())
        m_label->setText(message);
}

void JobProgressWidget::finish()
{
    setVisible(false);
}

QString JobProgressWidget::message() const
{
    return m_label->text();
}

int JobProgressWidget::value() const
{
    return m_bar->value();
}

} // namespace flowline::widgets

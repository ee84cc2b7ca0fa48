#include "ResultView.h"

#include "DataTableView.h"
#include "DisplayFormat.h"
#include "EvaluationPanel.h"
#include "ProfilePanel.h"

#include <QJsonDocument>
#include <QLabel>
#include <QStackedLayout>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace flowline::widgets {

ResultView::ResultView(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_message(new QLabel(this))
{
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_message);
}

QWidget *ResultView::currentView() const
{
    return m_stack->currentWidget();
}

void ResultView::showMessage(const QString &message)
{
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

void ResultView::setValue(const flows::PortValuePtr &value)
{
    m_value = value;
    if (!value) {
        showMessage(tr("No result."));
        return;
    }
    // Reuse the view when the kind is the same, so scroll position and selection survive a
    // re-run as far as they can.
    if (const auto *table = dynamic_cast<const flows::TableValue *>(value.get())) {
        auto *view = qobject_cast<DataTableView *>(m_view);
        if (!view) {
            delete m_view;
            m_view = view = new DataTableView(this);
            m_stack->addWidget(view);
        }
        view->setTable(table->table());
    } else if (const auto *report = dynamic_cast<const flows::ProfileReportValue *>(value.get())) {
        auto *panel = qobject_cast<ProfilePanel *>(m_view);
        if (!panel) {
            delete m_view;
            m_view = panel = new ProfilePanel(this);
            m_stack->addWidget(panel);
        }
        panel->setProfile(report->profile());
    } else if (const auto *ev = dynamic_cast<const flows::EvaluationValue *>(value.get())) {
        auto *panel = qobject_cast<EvaluationPanel *>(m_view);
        if (!panel) {
            delete m_view;
            m_view = panel = new EvaluationPanel(this);
            m_stack->addWidget(panel);
        }
        panel->setEvaluation(*ev);
    } else if (const auto *model = dynamic_cast<const flows::ModelValue *>(value.get())) {
        auto *panel = qobject_cast<ModelPanel *>(m_view);
        if (!panel) {
            delete m_view;
            m_view = panel = new ModelPanel(this);
            m_stack->addWidget(panel);
        }
        panel->setModel(*model);
    } else {
        auto *text = qobject_cast<QTextBrowser *>(m_view);
        if (!text) {
            delete m_view;
            m_view = text = new QTextBrowser(this);
            m_stack->addWidget(text);
        }
        text->setPlainText(value->summary() + QStringLiteral("\n\n") +
                           QString::fromUtf8(QJsonDocument(value->toJson()).toJson()));
    }
    m_stack->setCurrentWidget(m_view);
}

} // namespace flowline::widgets

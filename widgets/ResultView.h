#pragma once

#include "PortValue.h"

#include <QWidget>

class QLabel;
class QStackedLayout;

namespace flowline::widgets {

// Shows one node output, chosen by its type: a table in the virtualised table view, a profile
// report as the profile panel; anything else as a readable summary. setValue() replaces what is
// shown (when the node runs again).
class ResultView : public QWidget
{
    Q_OBJECT

public:
    explicit ResultView(QWidget *parent = nullptr);

    void setValue(const flows::PortValuePtr &value);
    const flows::PortValuePtr &value() const { return m_value; }
    // Shown instead of a value (the node is running, failed, was removed...).
    void showMessage(const QString &message);
    QWidget *currentView() const;

private:
    flows::PortValuePtr m_value;
    QStackedLayout *m_stack;
    QLabel *m_message;
    QWidget *m_view = nullptr;
};

} // namespace flowline::widgets

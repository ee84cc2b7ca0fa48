#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace flowline::widgets {

// A compact "message, progress bar, Cancel" strip for a running job (e.g. in a status bar).
// Hidden while idle.
class JobProgressWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kSteps = 1000;

    explicit JobProgressWidget(QWidget *parent = nullptr);

    void start(const QString &message);
    void setProgress(double fraction, const QString &message);
    void finish();

    QString message() const;
    int value() const;

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel *m_label;
    QProgressBar *m_bar;
    QToolButton *m_cancel;
};

} // namespace flowline::widgets

#include "QuickModelDialog.h"

#include "ml/Estimator.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

namespace flowline::app {

namespace {

bool isClassLike(const core::Table &table, const QString &column)
{
    const int i = table.indexOf(column);
    return i >= 0 && (table.kind(i) == core::ColumnKind::Categorical ||
                      table.kind(i) == core::ColumnKind::Boolean);
}

} // namespace

QuickModelDialog::QuickModelDialog(const core::Table *table, QWidget *parent)
    : QDialog(parent)
    , m_table(table)
    , m_target(new QComboBox(this))
    , m_algorithm(new QComboBox(this))
    , m_test(new QDoubleSpinBox(this))
    , m_hint(new QLabel(this))
{
    setWindowTitle(tr("Quick Model"));
    m_target->setObjectName(QStringLiteral("quickTarget"));
    m_algorithm->setObjectName(QStringLiteral("quickAlgorithm"));
    m_test->setObjectName(QStringLiteral("quickTestShare"));
    if (table) {
        m_target->addItems(table->columnNames());
        // The last column is the usual place for a target.
        m_target->setCurrentIndex(table->columnCount() - 1);
    } else {
        m_target->setEditable(true);
        m_target->setPlaceholderText(tr("column name"));
    }
    // The supervised algorithms, gradient boosting first: a strong default on most tables.
    const QString preferred = QStringLiteral("gradient_boosting");
    for (const auto &e : core::ml::estimators()) {
        if (!e.supervised())
            continue;
        if (e.id == preferred)
            m_algorithm->insertItem(0, e.name, e.id);
        else
            m_algorithm->addItem(e.name, e.id);
    }
    m_algorithm->setCurrentIndex(0);
    m_test->setRange(0.05, 0.5);
    m_test->setSingleStep(0.05);
    m_test->setValue(0.2);
    m_hint->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Predict:"), m_target);
    form->addRow(tr("Algorithm:"), m_algorithm);
    form->addRow(tr("Test share:"), m_test);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Build and Run"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
    connect(m_target, &QComboBox::currentTextChanged, this, &QuickModelDialog::updateHint);
    updateHint();
}

widgets::FlowEditor::QuickModelSpec QuickModelDialog::spec() const
{
    widgets::FlowEditor::QuickModelSpec s;
    s.target = m_target->currentText().trimmed();
    s.algorithm = m_algorithm->currentData().toString();
    s.testFraction = m_test->value();
    s.stratify = m_table && isClassLike(*m_table, s.target);
    return s;
}

void QuickModelDialog::updateHint()
{
    const QString target = m_target->currentText().trimmed();
    QString how;
    if (!m_table)
        how = tr("The rows are split at random (run the node first to pick the target from its "
                 "columns and to stratify by a class target).");
    else if (isClassLike(*m_table, target))
        how = tr("A class target: the split keeps each class's share in both parts.");
    else
        how = tr("The rows are split at random.");
    m_hint->setText(how + QLatin1Char(' ') +
                    tr("The model prepares the data itself (missing values, categories, scaling), "
                       "learned on the training part only, and is scored on the test part."));
}

} // namespace flowline::app

#pragma once

#include "editing/FlowEditor.h"
#include "table/Table.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace flowline::app {

// Asks what a quick model needs: the column to predict, the algorithm (the supervised ones,
// gradient boosting first) and the test share. With the node's table at hand the target is
// picked from its columns and a categorical target makes the split stratified; without it
// (the node has not run yet) the target is typed.
class QuickModelDialog : public QDialog
{
    Q_OBJECT

public:
    explicit QuickModelDialog(const core::Table *table, QWidget *parent = nullptr);

    widgets::FlowEditor::QuickModelSpec spec() const;
    QComboBox *targetBox() const { return m_target; }
    QComboBox *algorithmBox() const { return m_algorithm; }

private:
    void updateHint();

    const core::Table *m_table;
    QComboBox *m_target;
    QComboBox *m_algorithm;
    QDoubleSpinBox *m_test;
    QLabel *m_hint;
};

} // namespace flowline::app

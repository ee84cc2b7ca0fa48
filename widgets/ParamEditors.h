#pragma once

#include <QString>
#include <QVariant>

#include <functional>

class QColor;
class QWidget;

namespace flowline::core {
class Table;
} // namespace flowline::core

namespace flowline::flows {
struct ParamSpec;
} // namespace flowline::flows

namespace flowline::widgets {

// The editor widgets of node parameters, one per ParamSpec, as the NodeInspector lays them out.
// An editor only sends what is edited; the receiver checks it (ParamSpec::coerce) and shows the
// document's value back through setEditorValue, which sends nothing.

// Where an editor's edits go.
using ParamSend = std::function<void(const QVariant &)>;

// What the editors are made for.
struct ParamEditorContext
{
    // The context of the editors' connections (edits stop with it) and the file dialog's parent.
    QWidget *owner = nullptr;
    // The folder a relative file path is taken from when browsing ("" for none); asked per click.
    std::function<QString()> baseDir;
    // Column parameters pick from the table flowing into the node's first Table input:
    bool linked = false;                // something is linked to that input
    const core::Table *table = nullptr; // its last table, once the node feeding it has run
};

// The widgets made for one parameter.
struct ParamEditor
{
    QWidget *row = nullptr;    // what goes in the form: the editor, or the editor and a button
    QWidget *editor = nullptr; // objectName "param_<key>", the parameter's help as tooltip
    QString hint;              // a note for under the row, "" for none
};

// The editor of a parameter; edits go to send. Parentless: the caller places and owns them.
ParamEditor createParamEditor(const flows::ParamSpec &spec, const ParamEditorContext &context,
                              const ParamSend &send);

// Shows value in an editor createParamEditor made for spec, without sending anything. Chosen
// columns that do not fit table (the one the editor was made with) are listed and marked.
void setEditorValue(QWidget *editor, const flows::ParamSpec &spec, const QVariant &value,
                    const core::Table *table);

// Why the chosen columns of a Column / ColumnList value do not fit table ("" when they do, when
// there is no table, or for other parameter types).
QString columnProblems(const flows::ParamSpec &spec, const QVariant &value,
                       const core::Table *table);

// The red that marks chosen columns that do not fit, for error messages to match.
QColor errorColor();

} // namespace flowline::widgets

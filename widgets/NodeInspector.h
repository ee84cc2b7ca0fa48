#pragma once

#include <QString>
#include <QVariant>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>

class QFormLayout;
class QLabel;
class QLineEdit;
class QScrollArea;
class QStackedWidget;

namespace flowline::core {
class Table;
} // namespace flowline::core

namespace flowline::flows {
class Executor;
class FlowDocument;
class TableValue;
struct NodeType;
struct ParamSpec;
} // namespace flowline::flows

namespace flowline::widgets {

// Edits one node: its label, and its parameters through editors generated from the type's
// ParamSpecs, each checked with ParamSpec::coerce before anything leaves; shows the executor's
// state and last error for it. It never writes to the document: edits go out as requests (the
// studio turns them into undo commands) and come back through the document's signals, which
// refresh the editors without echoing a request.
//
// Column parameters pick from the table that flows into the node's first Table input, once the
// node feeding it has run; until then they are typed by name.
class NodeInspector : public QWidget
{
    Q_OBJECT

public:
    // Item data of the entries of the column pickers.
    enum ColumnItemRole {
        KindRole = Qt::UserRole + 1, // the column's kind, by its stable name ("numeric")
        MissingRole                  // true: chosen, but not a column of the upstream table
    };

    NodeInspector(flows::FlowDocument &doc, flows::Executor &executor, QWidget *parent = nullptr);
    ~NodeInspector() override;

    // The node to edit; an empty (or unknown) id shows a page asking to select one.
    void setNode(const QString &id);
    QString node() const { return m_node; }
    // The editor of a parameter (objectName "param_<key>"), nullptr when there is none.
    QWidget *editor(const QString &key) const;
    // The inline validation message shown under a parameter's editor ("" when none).
    QString errorText(const QString &key) const;

Q_SIGNALS:
    void paramEditRequested(const QString &node, const QString &key, const QVariant &value);
    void labelEditRequested(const QString &node, const QString &label);

private:
    struct Field;

    void clearPage();
    void buildPage();
    QWidget *buildHeader(const flows::NodeType &type);
    void addField(QFormLayout *form, const flows::ParamSpec &spec);
    void createEditor(Field &field);
    Field *field(const QString &key) const;
    std::pair<QString, std::shared_ptr<const flows::TableValue>> findUpstream() const;
    // The table of m_upstream, nullptr until the node feeding the input has run.
    const core::Table *upstreamTable() const;

    void refreshField(Field &field);
    void refreshLabel();
    void refreshState();
    void refreshUpstream();
    void commit(const QString &node, const QString &key, const QVariant &value);
    void commitLabel(const QString &node);
    void showError(Field &field, const QString &message);

    flows::FlowDocument &m_doc;
    flows::Executor &m_executor;
    QString m_node;
    QString m_labelValue;   // the label the editor stands for (the document's, or the last sent)
    QString m_upstreamNode; // feeds the first Table input; empty when nothing is linked there
    std::shared_ptr<const flows::TableValue> m_upstream; // its last table, when it has run

    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    QScrollArea *m_scroll = nullptr;
    QLineEdit *m_label = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_lastError = nullptr;
    std::vector<std::unique_ptr<Field>> m_fields;
};

} // namespace flowline::widgets

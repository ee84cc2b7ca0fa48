#include "NodeInspector.h"

#include "JobsModel.h"

#include "Executor.h"
#include "FlowDocument.h"
#include "NodeIcons.h"
#include "ParamEditors.h"
#include "PortValue.h"

#include <QApplication>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace flowline::widgets {

using flows::NodeState;
using flows::ParamSpec;
using flows::ParamType;

struct NodeInspector::Field
{
    const ParamSpec *spec = nullptr; // lives in the registry
    QLabel *caption = nullptr;
    QVBoxLayout *box = nullptr; // the row (editor, or editor and button), a hint, the error
    QWidget *row = nullptr;
    QWidget *editor = nullptr;
    QLabel *hint = nullptr;
    QLabel *error = nullptr;
    QVariant value; // what the editor stands for: the document's value, or the last edit sent
};

namespace {

QLabel *greyLabel(const QString &text, const QString &name)
{
    auto *label = new QLabel(text);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}

QLabel *errorLabel(const QString &name)
{
    auto *label = new QLabel;
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, errorColor());
    label->setPalette(palette);
    label->hide();
    return label;
}

} // namespace

NodeInspector::NodeInspector(flows::FlowDocument &doc, flows::Executor &executor, QWidget *parent)
    : QWidget(parent)
    , m_doc(doc)
    , m_executor(executor)
{
    m_empty = new QLabel(tr("Select a node to edit its parameters"));
    m_empty->setObjectName(QStringLiteral("emptyPage"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_scroll = new QScrollArea;
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_stack = new QStackedWidget;
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_scroll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(&doc, &flows::FlowDocument::paramsChanged, this,
            [this](const QString &id, const QString &key) {
                if (id != m_node)
                    return;
                if (Field *f = field(key))
                    return refreshField(*f);
                for (auto &f : m_fields)
                    refreshField(*f);
            });
    connect(&doc, &flows::FlowDocument::labelChanged, this, [this](const QString &id) {
        if (id == m_node)
            refreshLabel();
    });
    connect(&doc, &flows::FlowDocument::nodeRemoved, this, [this](const QString &id) {
        if (id == m_node)
            setNode({});
    });
    const auto linksChanged = [this](const flows::Link &link) {
        if (!m_node.isEmpty() && link.toNode == m_node)
            refreshUpstream();
    };
    connect(&doc, &flows::FlowDocument::linkAdded, this, linksChanged);
    connect(&doc, &flows::FlowDocument::linkRemoved, this, linksChanged);
    connect(&executor, &flows::Executor::stateChanged, this,
            [this](const QString &id, NodeState state) {
                if (m_node.isEmpty())
                    return;
                if (id == m_node)
                    refreshState();
                if (id == m_upstreamNode && state == NodeState::Done)
                    refreshUpstream();
            });
    connect(&executor, &flows::Executor::progressChanged, this, [this](const QString &id) {
        if (id == m_node)
            refreshState();
    });
}

NodeInspector::~NodeInspector()
{
    // Editors dying with the page must not send anything.
    m_fields.clear();
    m_label = nullptr;
}

void NodeInspector::setNode(const QString &id)
{
    const QString next = m_doc.typeOf(id) ? id : QString();
    if (next == m_node)
        return;
    clearPage();
    m_node = next;
    if (m_node.isEmpty()) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    buildPage();
    m_stack->setCurrentWidget(m_scroll);
}

QWidget *NodeInspector::editor(const QString &key) const
{
    const Field *f = field(key);
    return f ? f->editor : nullptr;
}

QString NodeInspector::errorText(const QString &key) const
{
    const Field *f = field(key);
    return f ? f->error->text() : QString();
}

NodeInspector::Field *NodeInspector::field(const QString &key) const
{
    for (const auto &f : m_fields) {
        if (f->spec->key == key)
            return f.get();
    }
    return nullptr;
}

void NodeInspector::clearPage()
{
    // An edit typed but not confirmed yet goes to the node it was typed for.
    QWidget *page = m_scroll->widget();
    if (QWidget *focus = QApplication::focusWidget(); page && focus && page->isAncestorOf(focus))
        focus->clearFocus();
    m_fields.clear();
    m_label = nullptr;
    m_state = nullptr;
    m_lastError = nullptr;
    m_upstreamNode.clear();
    m_upstream.reset();
    if (QWidget *old = m_scroll->takeWidget())
        old->deleteLater();
}

void NodeInspector::buildPage()
{
    const flows::NodeType &type = *m_doc.typeOf(m_node);
    std::tie(m_upstreamNode, m_upstream) = findUpstream();
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(buildHeader(type));
    auto *line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    if (type.params.isEmpty())
        form->addRow(greyLabel(tr("This node has no parameters."), QStringLiteral("noParams")));
    for (const auto &spec : type.params)
        addField(form, spec);
    if (!type.help.isEmpty())
        layout->addWidget(greyLabel(type.help, QStringLiteral("help")));
    layout->addStretch(1);
    m_scroll->setWidget(page);
    refreshLabel();
    refreshState();
}

QWidget *NodeInspector::buildHeader(const flows::NodeType &type)
{
    auto *header = new QWidget;
    auto *grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);
    auto *icon = new QLabel;
    icon->setObjectName(QStringLiteral("icon"));
    icon->setPixmap(nodeIcon(type).pixmap(32, 32));
    grid->addWidget(icon, 0, 0, 2, 1, Qt::AlignTop);
    m_label = new QLineEdit;
    m_label->setObjectName(QStringLiteral("label"));
    m_label->setPlaceholderText(type.displayName);
    m_label->setToolTip(tr("The node's name on the canvas; empty shows the type's name."));
    QFont font = m_label->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    m_label->setFont(font);
    connect(m_label, &QLineEdit::editingFinished, this,
            [this, node = m_node] { commitLabel(node); });
    grid->addWidget(m_label, 0, 1);
    grid->addWidget(
        greyLabel(QStringLiteral("%1 · %2").arg(type.displayName, type.id), QStringLiteral("type")),
        1, 1);
    m_state = new QLabel;
    m_state->setObjectName(QStringLiteral("state"));
    m_state->setWordWrap(true);
    grid->addWidget(m_state, 2, 0, 1, 2);
    m_lastError = errorLabel(QStringLiteral("lastError"));
    grid->addWidget(m_lastError, 3, 0, 1, 2);
    grid->setColumnStretch(1, 1);
    return header;
}

void NodeInspector::addField(QFormLayout *form, const ParamSpec &spec)
{
    auto f = std::make_unique<Field>();
    f->spec = &spec;
    const QString text = spec.label.isEmpty() ? spec.key : spec.label;
    f->caption = new QLabel(spec.required ? tr("%1 *").arg(text) : text);
    f->caption->setObjectName(QStringLiteral("caption_") + spec.key);
    f->caption->setToolTip(spec.required ? tr("%1\nRequired.").arg(spec.help) : spec.help);
    auto *host = new QWidget;
    f->box = new QVBoxLayout(host);
    f->box->setContentsMargins(0, 0, 0, 0);
    f->box->setSpacing(2);
    f->error = errorLabel(QStringLiteral("error_") + spec.key);
    f->box->addWidget(f->error);
    form->addRow(f->caption, host);
    createEditor(*f);
    refreshField(*f);
    m_fields.push_back(std::move(f));
}

void NodeInspector::createEditor(Field &f)
{
    delete f.row; // and the editor in it
    delete f.hint;
    const ParamSpec &spec = *f.spec;
    const ParamSend send = [this, node = m_node, key = spec.key](const QVariant &value) {
        commit(node, key, value);
    };
    const ParamEditorContext context{this, [this] { return m_executor.flowDir(); },
                                     !m_upstreamNode.isEmpty(), upstreamTable()};
    const ParamEditor made = createParamEditor(spec, context, send);
    f.row = made.row;
    f.editor = made.editor;
    f.hint =
        made.hint.isEmpty() ? nullptr : greyLabel(made.hint, QStringLiteral("hint_") + spec.key);
    f.box->insertWidget(0, f.row);
    if (f.hint)
        f.box->insertWidget(1, f.hint);
    f.caption->setBuddy(f.editor);
}

void NodeInspector::refreshField(Field &f)
{
    const ParamSpec &spec = *f.spec;
    const flows::Node *node = m_doc.node(m_node);
    f.value = node ? node->params.value(spec.key, spec.defaultValue) : spec.defaultValue;
    const core::Table *table = upstreamTable();
    setEditorValue(f.editor, spec, f.value, table);
    // The document's value may be refused too: a required parameter left empty.
    const auto checked = spec.coerce(f.value);
    showError(f, checked ? columnProblems(spec, *checked, table) : checked.error().message);
}

void NodeInspector::refreshLabel()
{
    const flows::Node *node = m_doc.node(m_node);
    if (!node || !m_label)
        return;
    const QSignalBlocker blocker(m_label);
    m_labelValue = node->label;
    if (m_label->text() != node->label)
        m_label->setText(node->label);
}

void NodeInspector::refreshState()
{
    if (!m_state)
        return;
    const NodeState state = m_executor.state(m_node);
    const QString message = m_executor.message(m_node);
    QString text = tr("State: %1").arg(flows::nodeStateName(state));
    if (state == NodeState::Running) {
        text += tr(" — %1%").arg(qRound(m_executor.progress(m_node) * 100));
        if (!message.isEmpty())
            text += QLatin1Char(' ') + message;
    } else if (state == NodeState::Done) {
        if (m_executor.fromCache(m_node))
            text += tr(" (from the cache)");
        else
            text += tr(" in %1").arg(JobsModel::formatSeconds(m_executor.seconds(m_node)));
    } else if (state != NodeState::Failed && !message.isEmpty()) {
        text += tr(" — %1").arg(message);
    }
    m_state->setText(text);
    const bool failed = state == NodeState::Failed && !message.isEmpty();
    m_lastError->setText(failed ? message : QString());
    m_lastError->setVisible(failed);
}

std::pair<QString, std::shared_ptr<const flows::TableValue>> NodeInspector::findUpstream() const
{
    const flows::NodeType *type = m_doc.typeOf(m_node);
    const auto port =
        std::find_if(type->inputs.begin(), type->inputs.end(),
                     [](const flows::PortSpec &p) { return p.type == flows::PortType::Table; });
    if (port == type->inputs.end())
        return {};
    for (const auto &link : m_doc.linksInto(m_node)) {
        if (link.toPort != port->key)
            continue;
        const flows::NodeType *from = m_doc.typeOf(link.fromNode);
        const int out = from ? from->outputIndex(link.fromPort) : -1;
        return {link.fromNode, std::dynamic_pointer_cast<const flows::TableValue>(
                                   m_executor.output(link.fromNode, out))};
    }
    return {};
}

void NodeInspector::refreshUpstream()
{
    auto [node, table] = findUpstream();
    // The same node, not (re)run yet: its last table still tells the columns.
    if (node == m_upstreamNode && (!table || table == m_upstream))
        return;
    m_upstreamNode = node;
    m_upstream = table;
    for (auto &f : m_fields) {
        if (f->spec->type != ParamType::Column && f->spec->type != ParamType::ColumnList)
            continue;
        if (QWidget *focus = QApplication::focusWidget(); focus && f->row->isAncestorOf(focus))
            focus->clearFocus(); // sends what was typed first
        createEditor(*f);
        refreshField(*f);
    }
}

const core::Table *NodeInspector::upstreamTable() const
{
    return m_upstream ? &m_upstream->table() : nullptr;
}

void NodeInspector::commit(const QString &node, const QString &key, const QVariant &value)
{
    Field *f = field(key);
    if (node != m_node || !f)
        return; // from a page already replaced
    const auto coerced = f->spec->coerce(value);
    if (!coerced) {
        showError(*f, coerced.error().message);
        return;
    }
    // A warning: the value still goes.
    showError(*f, columnProblems(*f->spec, *coerced, upstreamTable()));
    if (*coerced == f->value)
        return;
    f->value = *coerced;
    Q_EMIT paramEditRequested(node, key, *coerced);
}

void NodeInspector::commitLabel(const QString &node)
{
    if (node != m_node || !m_label)
        return;
    const QString label = m_label->text().trimmed();
    if (label == m_labelValue)
        return;
    m_labelValue = label;
    Q_EMIT labelEditRequested(node, label);
}

void NodeInspector::showError(Field &f, const QString &message)
{
    f.error->setText(message);
    f.error->setVisible(!message.isEmpty());
}

} // namespace flowline::widgets

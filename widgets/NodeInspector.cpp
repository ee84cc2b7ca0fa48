#include "NodeInspector.h"

#include "JobsModel.h"

#include "DisplayFormat.h"
#include "Executor.h"
#include "FlowDocument.h"
#include "NodeIcons.h"
#include "PortValue.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPointer>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
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

const QColor kErrorColor(0xc0, 0x1c, 0x28);
constexpr double kDoubleBound = 1e12; // a Double without min / max
constexpr int kListRows = 10;         // a column list taller than this scrolls

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
    palette.setColor(QPalette::WindowText, kErrorColor);
    label->setPalette(palette);
    label->hide();
    return label;
}

int intBound(const std::optional<double> &bound, int fallback, bool lower)
{
    if (!bound)
        return fallback;
    const double v = lower ? std::ceil(*bound) : std::floor(*bound);
    return static_cast<int>(std::clamp(v, double(INT_MIN), double(INT_MAX)));
}

// 6 decimals, more when the bounds or the default are small ("1e-8").
int decimalsFor(const ParamSpec &spec)
{
    int decimals = 6;
    for (const std::optional<double> v :
         {spec.min, spec.max, std::optional<double>(spec.defaultValue.toDouble())}) {
        if (v && *v != 0 && std::abs(*v) < 1)
            decimals = std::max(decimals, int(std::ceil(-std::log10(std::abs(*v)))) + 3);
    }
    return std::min(decimals, 10);
}

// A tenth of the order of magnitude of the range (0..1 steps by 0.01) or of the default.
double stepFor(const ParamSpec &spec, int decimals)
{
    double scale = std::abs(spec.defaultValue.toDouble());
    if (spec.min && spec.max)
        scale = (*spec.max - *spec.min) / 2;
    const double step = scale > 0 ? std::pow(10.0, std::floor(std::log10(scale)) - 1) : 0.1;
    return std::max(step, std::pow(10.0, -decimals));
}

// Shows 0.25 rather than 0.250000.
class DoubleSpinBox : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        if (!isGroupSeparatorShown())
            text.remove(locale().groupSeparator());
        const QString point = locale().decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(locale().zeroDigit()))
                text.chop(locale().zeroDigit().size());
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }
};

// Paints a column's kind (or "missing") in grey at the right of its entry.
class ColumnDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const bool missing = index.data(NodeInspector::MissingRole).toBool();
        painter->save();
        painter->setPen(missing ? kErrorColor
                        : option.state & QStyle::State_Selected
                            ? option.palette.color(QPalette::HighlightedText)
                            : option.palette.color(QPalette::PlaceholderText));
        painter->drawText(option.rect.adjusted(0, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter,
                          note(index));
        painter->restore();
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.rwidth() += option.fontMetrics.horizontalAdvance(note(index)) + 18;
        return size;
    }

private:
    static QString note(const QModelIndex &index)
    {
        if (index.data(NodeInspector::MissingRole).toBool())
            return NodeInspector::tr("missing");
        const auto kind = core::kindFromName(index.data(NodeInspector::KindRole).toString());
        return kind ? kindLabel(*kind) : QString();
    }
};

// A spin box or combo box only takes the wheel once focused, so the form scrolls under it.
class WheelGuard : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
            event->ignore();
            return true;
        }
        return false;
    }
};

bool kindAllowed(const ParamSpec &spec, core::ColumnKind kind)
{
    return spec.columnKinds.empty() || std::find(spec.columnKinds.begin(), spec.columnKinds.end(),
                                                 kind) != spec.columnKinds.end();
}

QStringList columnNames(const ParamSpec &spec, const QVariant &value)
{
    if (spec.type == ParamType::ColumnList)
        return value.toStringList();
    return value.toString().isEmpty() ? QStringList() : QStringList{value.toString()};
}

template <class SetData>
void markMissing(SetData setData, const QString &why)
{
    setData(NodeInspector::MissingRole, true);
    setData(Qt::ForegroundRole, QBrush(kErrorColor));
    setData(Qt::ToolTipRole, why);
}

void fitHeight(QListWidget *list)
{
    const int rows = std::clamp(list->count(), 1, kListRows);
    const int row = list->count() > 0 ? list->sizeHintForRow(0) : list->fontMetrics().height();
    list->setFixedHeight(rows * row + 2 * list->frameWidth() + 2);
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
    f.row = f.editor = nullptr;
    f.hint = nullptr;
    const ParamSpec &spec = *f.spec;
    const Send send = [this, node = m_node, key = spec.key](const QVariant &value) {
        commit(node, key, value);
    };
    switch (spec.type) {
    case ParamType::Int:
    case ParamType::Seed: {
        auto *box = new QSpinBox;
        const int lowest = spec.type == ParamType::Seed ? 0 : INT_MIN;
        box->setRange(std::max(lowest, intBound(spec.min, INT_MIN, true)),
                      intBound(spec.max, INT_MAX, false));
        box->setKeyboardTracking(false);
        connect(box, &QSpinBox::valueChanged, this,
                [send](int v) { send(QVariant::fromValue(qint64(v))); });
        f.editor = box;
        break;
    }
    case ParamType::Double: {
        auto *box = new DoubleSpinBox;
        box->setDecimals(decimalsFor(spec));
        box->setRange(spec.min.value_or(-kDoubleBound), spec.max.value_or(kDoubleBound));
        box->setSingleStep(stepFor(spec, box->decimals()));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, [send](double v) { send(v); });
        f.editor = box;
        break;
    }
    case ParamType::Bool: {
        auto *box = new QCheckBox;
        connect(box, &QCheckBox::toggled, this, [send](bool on) { send(on); });
        f.editor = box;
        break;
    }
    case ParamType::Choice: {
        auto *box = new QComboBox;
        box->addItems(spec.choices);
        connect(box, &QComboBox::currentIndexChanged, this, [send, box](int i) {
            if (i >= 0)
                send(box->itemText(i));
        });
        f.editor = box;
        break;
    }
    case ParamType::String: {
        auto *edit = new QLineEdit;
        connect(edit, &QLineEdit::editingFinished, this, [send, edit] { send(edit->text()); });
        f.editor = edit;
        break;
    }
    case ParamType::FilePath:
        createFileEditor(f, send);
        break;
    case ParamType::Column:
        createColumnEditor(f, send);
        break;
    case ParamType::ColumnList:
        createColumnListEditor(f, send);
        break;
    }
    if (!f.row)
        f.row = f.editor;
    f.editor->setObjectName(QStringLiteral("param_") + spec.key);
    f.editor->setToolTip(spec.help);
    if (qobject_cast<QAbstractSpinBox *>(f.editor) || qobject_cast<QComboBox *>(f.editor)) {
        f.editor->setFocusPolicy(Qt::StrongFocus);
        f.editor->installEventFilter(new WheelGuard(f.editor));
    }
    f.box->insertWidget(0, f.row);
    if (f.hint)
        f.box->insertWidget(1, f.hint);
    f.caption->setBuddy(f.editor);
}

void NodeInspector::createFileEditor(Field &f, const Send &send)
{
    f.row = new QWidget;
    auto *layout = new QHBoxLayout(f.row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit;
    auto *browse = new QToolButton;
    browse->setObjectName(QStringLiteral("browse_") + f.spec->key);
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose the file"));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(edit, &QLineEdit::editingFinished, this, [send, edit] { send(edit->text()); });
    connect(browse, &QToolButton::clicked, this,
            [this, send, edit = QPointer<QLineEdit>(edit), spec = f.spec] {
                QString start = edit->text();
                const QString dir = m_executor.flowDir();
                if (!dir.isEmpty() && (start.isEmpty() || QDir::isRelativePath(start)))
                    start = QDir(dir).filePath(start);
                const QPointer<NodeInspector> self(this);
                const QString path = QFileDialog::getOpenFileName(
                    this, tr("Choose %1").arg(spec->label), start, spec->fileFilter);
                if (!self || !edit || path.isEmpty())
                    return; // the page may have gone while the dialog was open
                edit->setText(path);
                send(path);
            });
    f.editor = edit;
}

QLabel *NodeInspector::columnHint(const ParamSpec &spec) const
{
    QString text;
    if (m_upstreamNode.isEmpty())
        text = tr("Connect a table to the input to pick from its columns");
    else if (!m_upstream)
        text = tr("Run the upstream node to pick from its columns");
    if (text.isEmpty() && !spec.columnKinds.empty()) {
        QStringList kinds;
        for (const auto kind : spec.columnKinds)
            kinds << kindLabel(kind);
        text = tr("Only %1 columns").arg(kinds.join(QStringLiteral(", ")));
    }
    return text.isEmpty() ? nullptr : greyLabel(text, QStringLiteral("hint_") + spec.key);
}

void NodeInspector::createColumnEditor(Field &f, const Send &send)
{
    auto *box = new QComboBox;
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->setItemDelegate(new ColumnDelegate(box));
    if (m_upstream) {
        const core::Table &table = m_upstream->table();
        for (int i = 0; i < table.columnCount(); ++i) {
            if (!kindAllowed(*f.spec, table.kind(i)))
                continue;
            box->addItem(table.columnName(i));
            box->setItemData(box->count() - 1, core::kindName(table.kind(i)), KindRole);
        }
    }
    box->setCurrentIndex(-1);
    connect(box, &QComboBox::activated, this, [send, box](int i) { send(box->itemText(i)); });
    connect(box->lineEdit(), &QLineEdit::editingFinished, this,
            [send, box] { send(box->currentText()); });
    f.editor = box;
    f.hint = columnHint(*f.spec);
}

void NodeInspector::createColumnListEditor(Field &f, const Send &send)
{
    f.hint = columnHint(*f.spec);
    if (!m_upstream) { // typed by name until the upstream node has run
        auto *edit = new QLineEdit;
        edit->setPlaceholderText(tr("Column names, separated by commas"));
        connect(edit, &QLineEdit::editingFinished, this, [send, edit] {
            QStringList names;
            for (const auto &name : edit->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (!name.trimmed().isEmpty())
                    names << name.trimmed();
            }
            send(names);
        });
        f.editor = edit;
        return;
    }
    auto *list = new QListWidget;
    list->setItemDelegate(new ColumnDelegate(list));
    const core::Table &table = m_upstream->table();
    for (int i = 0; i < table.columnCount(); ++i) {
        if (!kindAllowed(*f.spec, table.kind(i)))
            continue;
        auto *item = new QListWidgetItem(table.columnName(i), list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(KindRole, core::kindName(table.kind(i)));
    }
    // Chosen: the checked entries, in list order (the table's, then the missing ones).
    connect(list, &QListWidget::itemChanged, this, [send, list] {
        QStringList names;
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() == Qt::Checked)
                names << list->item(i)->text();
        }
        send(names);
    });
    f.editor = list;
}

void NodeInspector::refreshField(Field &f)
{
    const ParamSpec &spec = *f.spec;
    const flows::Node *node = m_doc.node(m_node);
    f.value = node ? node->params.value(spec.key, spec.defaultValue) : spec.defaultValue;
    const QSignalBlocker blocker(f.editor);
    switch (spec.type) {
    case ParamType::Int:
    case ParamType::Seed:
        static_cast<QSpinBox *>(f.editor)->setValue(static_cast<int>(
            std::clamp<qint64>(f.value.toLongLong(), qint64(INT_MIN), qint64(INT_MAX))));
        break;
    case ParamType::Double:
        static_cast<QDoubleSpinBox *>(f.editor)->setValue(f.value.toDouble());
        break;
    case ParamType::Bool:
        static_cast<QCheckBox *>(f.editor)->setChecked(f.value.toBool());
        break;
    case ParamType::Choice:
        static_cast<QComboBox *>(f.editor)->setCurrentIndex(
            static_cast<int>(spec.choices.indexOf(f.value.toString())));
        break;
    case ParamType::String:
    case ParamType::FilePath:
        static_cast<QLineEdit *>(f.editor)->setText(f.value.toString());
        break;
    case ParamType::Column: {
        auto *box = static_cast<QComboBox *>(f.editor);
        const QString name = f.value.toString();
        if (m_upstream && !name.isEmpty() && box->findText(name, Qt::MatchExactly) < 0) {
            box->addItem(name);
            const int i = box->count() - 1;
            markMissing([box, i](int role, const QVariant &v) { box->setItemData(i, v, role); },
                        columnProblems(spec, name));
        }
        box->setCurrentIndex(box->findText(name, Qt::MatchExactly));
        box->setEditText(name);
        break;
    }
    case ParamType::ColumnList: {
        const QStringList names = f.value.toStringList();
        auto *list = qobject_cast<QListWidget *>(f.editor);
        if (!list) {
            static_cast<QLineEdit *>(f.editor)->setText(names.join(QStringLiteral(", ")));
            break;
        }
        // Updated in place: a missing entry unchecked stays listed until the list is rebuilt.
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(names.contains(list->item(i)->text()) ? Qt::Checked
                                                                               : Qt::Unchecked);
        for (const auto &name : names) {
            if (!list->findItems(name, Qt::MatchExactly).isEmpty())
                continue;
            auto *item = new QListWidgetItem(name, list);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
            markMissing([item](int role, const QVariant &v) { item->setData(role, v); },
                        columnProblems(spec, QStringList{name}));
        }
        fitHeight(list);
        break;
    }
    }
    // The document's value may be refused too: a required parameter left empty.
    const auto checked = spec.coerce(f.value);
    showError(f, checked ? columnProblems(spec, *checked) : checked.error().message);
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

QString NodeInspector::columnProblems(const ParamSpec &spec, const QVariant &value) const
{
    if (!m_upstream || (spec.type != ParamType::Column && spec.type != ParamType::ColumnList))
        return {};
    const core::Table &table = m_upstream->table();
    QStringList problems;
    for (const auto &name : columnNames(spec, value)) {
        const int i = table.indexOf(name);
        if (i < 0)
            problems << tr("'%1' is not a column of the upstream table").arg(name);
        else if (!kindAllowed(spec, table.kind(i)))
            problems << tr("'%1' is a %2 column").arg(name, kindLabel(table.kind(i)));
    }
    return problems.join(QLatin1Char('\n'));
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
    showError(*f, columnProblems(*f->spec, *coerced)); // a warning: the value still goes
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

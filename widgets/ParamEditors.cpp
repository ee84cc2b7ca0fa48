#include "ParamEditors.h"

#include "DisplayFormat.h"
#include "NodeInspector.h"
#include "ParamSpec.h"
#include "table/Table.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPointer>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QToolButton>

#include <algorithm>
#include <climits>
#include <cmath>

namespace flowline::widgets {

using flows::ParamSpec;
using flows::ParamType;

namespace {

const QColor kErrorColor(0xc0, 0x1c, 0x28);
constexpr double kDoubleBound = 1e12; // a Double without min / max
constexpr int kListRows = 10;         // a column list taller than this scrolls

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

QString columnHint(const ParamSpec &spec, const ParamEditorContext &context)
{
    QString text;
    if (!context.linked)
        text = NodeInspector::tr("Connect a table to the input to pick from its columns");
    else if (!context.table)
        text = NodeInspector::tr("Run the upstream node to pick from its columns");
    if (text.isEmpty() && !spec.columnKinds.empty()) {
        QStringList kinds;
        for (const auto kind : spec.columnKinds)
            kinds << kindLabel(kind);
        text = NodeInspector::tr("Only %1 columns").arg(kinds.join(QStringLiteral(", ")));
    }
    return text;
}

void createFileEditor(ParamEditor &made, const ParamSpec &spec, const ParamEditorContext &context,
                      const ParamSend &send)
{
    made.row = new QWidget;
    auto *layout = new QHBoxLayout(made.row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit;
    auto *browse = new QToolButton;
    browse->setObjectName(QStringLiteral("browse_") + spec.key);
    browse->setText(NodeInspector::tr("Browse…"));
    browse->setToolTip(NodeInspector::tr("Choose the file"));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(edit, &QLineEdit::editingFinished, context.owner,
                     [send, edit] { send(edit->text()); });
    QObject::connect(browse, &QToolButton::clicked, context.owner,
                     [owner = context.owner, baseDir = context.baseDir, send,
                      edit = QPointer<QLineEdit>(edit), spec = &spec] {
                         QString start = edit->text();
                         const QString dir = baseDir ? baseDir() : QString();
                         if (!dir.isEmpty() && (start.isEmpty() || QDir::isRelativePath(start)))
                             start = QDir(dir).filePath(start);
                         const QPointer<QWidget> self(owner);
                         const QString path = QFileDialog::getOpenFileName(
                             owner, NodeInspector::tr("Choose %1").arg(spec->label), start,
                             spec->fileFilter);
                         if (!self || !edit || path.isEmpty())
                             return; // the page may have gone while the dialog was open
                         edit->setText(path);
                         send(path);
                     });
    made.editor = edit;
}

void createColumnEditor(ParamEditor &made, const ParamSpec &spec, const ParamEditorContext &context,
                        const ParamSend &send)
{
    auto *box = new QComboBox;
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->setItemDelegate(new ColumnDelegate(box));
    if (const core::Table *table = context.table) {
        for (int i = 0; i < table->columnCount(); ++i) {
            if (!kindAllowed(spec, table->kind(i)))
                continue;
            box->addItem(table->columnName(i));
            box->setItemData(box->count() - 1, core::kindName(table->kind(i)),
                             NodeInspector::KindRole);
        }
    }
    box->setCurrentIndex(-1);
    QObject::connect(box, &QComboBox::activated, context.owner,
                     [send, box](int i) { send(box->itemText(i)); });
    QObject::connect(box->lineEdit(), &QLineEdit::editingFinished, context.owner,
                     [send, box] { send(box->currentText()); });
    made.editor = box;
    made.hint = columnHint(spec, context);
}

void createColumnListEditor(ParamEditor &made, const ParamSpec &spec,
                            const ParamEditorContext &context, const ParamSend &send)
{
    made.hint = columnHint(spec, context);
    if (!context.table) { // typed by name until the upstream node has run
        auto *edit = new QLineEdit;
        edit->setPlaceholderText(NodeInspector::tr("Column names, separated by commas"));
        QObject::connect(edit, &QLineEdit::editingFinished, context.owner, [send, edit] {
            QStringList names;
            for (const auto &name : edit->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                if (!name.trimmed().isEmpty())
                    names << name.trimmed();
            }
            send(names);
        });
        made.editor = edit;
        return;
    }
    auto *list = new QListWidget;
    list->setItemDelegate(new ColumnDelegate(list));
    const core::Table &table = *context.table;
    for (int i = 0; i < table.columnCount(); ++i) {
        if (!kindAllowed(spec, table.kind(i)))
            continue;
        auto *item = new QListWidgetItem(table.columnName(i), list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(NodeInspector::KindRole, core::kindName(table.kind(i)));
    }
    // Chosen: the checked entries, in list order (the table's, then the missing ones).
    QObject::connect(list, &QListWidget::itemChanged, context.owner, [send, list] {
        QStringList names;
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() == Qt::Checked)
                names << list->item(i)->text();
        }
        send(names);
    });
    made.editor = list;
}

} // namespace

QColor errorColor()
{
    return kErrorColor;
}

ParamEditor createParamEditor(const ParamSpec &spec, const ParamEditorContext &context,
                              const ParamSend &send)
{
    ParamEditor made;
    switch (spec.type) {
    case ParamType::Int:
    case ParamType::Seed: {
        auto *box = new QSpinBox;
        const int lowest = spec.type == ParamType::Seed ? 0 : INT_MIN;
        box->setRange(std::max(lowest, intBound(spec.min, INT_MIN, true)),
                      intBound(spec.max, INT_MAX, false));
        box->setKeyboardTracking(false);
        QObject::connect(box, &QSpinBox::valueChanged, context.owner,
                         [send](int v) { send(QVariant::fromValue(qint64(v))); });
        made.editor = box;
        break;
    }
    case ParamType::Double: {
        auto *box = new DoubleSpinBox;
        box->setDecimals(decimalsFor(spec));
        box->setRange(spec.min.value_or(-kDoubleBound), spec.max.value_or(kDoubleBound));
        box->setSingleStep(stepFor(spec, box->decimals()));
        box->setKeyboardTracking(false);
        QObject::connect(box, &QDoubleSpinBox::valueChanged, context.owner,
                         [send](double v) { send(v); });
        made.editor = box;
        break;
    }
    case ParamType::Bool: {
        auto *box = new QCheckBox;
        QObject::connect(box, &QCheckBox::toggled, context.owner, [send](bool on) { send(on); });
        made.editor = box;
        break;
    }
    case ParamType::Choice: {
        auto *box = new QComboBox;
        box->addItems(spec.choices);
        QObject::connect(box, &QComboBox::currentIndexChanged, context.owner, [send, box](int i) {
            if (i >= 0)
                send(box->itemText(i));
        });
        made.editor = box;
        break;
    }
    case ParamType::String: {
        auto *edit = new QLineEdit;
        QObject::connect(edit, &QLineEdit::editingFinished, context.owner,
                         [send, edit] { send(edit->text()); });
        made.editor = edit;
        break;
    }
    case ParamType::FilePath:
        createFileEditor(made, spec, context, send);
        break;
    case ParamType::Column:
        createColumnEditor(made, spec, context, send);
        break;
    case ParamType::ColumnList:
        createColumnListEditor(made, spec, context, send);
        break;
    }
    if (!made.row)
        made.row = made.editor;
    made.editor->setObjectName(QStringLiteral("param_") + spec.key);
    made.editor->setToolTip(spec.help);
    if (qobject_cast<QAbstractSpinBox *>(made.editor) || qobject_cast<QComboBox *>(made.editor)) {
        made.editor->setFocusPolicy(Qt::StrongFocus);
        made.editor->installEventFilter(new WheelGuard(made.editor));
    }
    return made;
}

void setEditorValue(QWidget *editor, const ParamSpec &spec, const QVariant &value,
                    const core::Table *table)
{
    const QSignalBlocker blocker(editor);
    switch (spec.type) {
    case ParamType::Int:
    case ParamType::Seed:
        static_cast<QSpinBox *>(editor)->setValue(static_cast<int>(
            std::clamp<qint64>(value.toLongLong(), qint64(INT_MIN), qint64(INT_MAX))));
        break;
    case ParamType::Double:
        static_cast<QDoubleSpinBox *>(editor)->setValue(value.toDouble());
        break;
    case ParamType::Bool:
        static_cast<QCheckBox *>(editor)->setChecked(value.toBool());
        break;
    case ParamType::Choice:
        static_cast<QComboBox *>(editor)->setCurrentIndex(
            static_cast<int>(spec.choices.indexOf(value.toString())));
        break;
    case ParamType::String:
    case ParamType::FilePath:
        static_cast<QLineEdit *>(editor)->setText(value.toString());
        break;
    case ParamType::Column: {
        auto *box = static_cast<QComboBox *>(editor);
        const QString name = value.toString();
        if (table && !name.isEmpty() && box->findText(name, Qt::MatchExactly) < 0) {
            box->addItem(name);
            const int i = box->count() - 1;
            markMissing([box, i](int role, const QVariant &v) { box->setItemData(i, v, role); },
                        columnProblems(spec, name, table));
        }
        box->setCurrentIndex(box->findText(name, Qt::MatchExactly));
        box->setEditText(name);
        break;
    }
    case ParamType::ColumnList: {
        const QStringList names = value.toStringList();
        auto *list = qobject_cast<QListWidget *>(editor);
        if (!list) {
            static_cast<QLineEdit *>(editor)->setText(names.join(QStringLiteral(", ")));
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
                        columnProblems(spec, QStringList{name}, table));
        }
        fitHeight(list);
        break;
    }
    }
}

QString columnProblems(const ParamSpec &spec, const QVariant &value, const core::Table *table)
{
    if (!table || (spec.type != ParamType::Column && spec.type != ParamType::ColumnList))
        return {};
    QStringList problems;
    for (const auto &name : columnNames(spec, value)) {
        const int i = table->indexOf(name);
        if (i < 0)
            problems << NodeInspector::tr("'%1' is not a column of the upstream table").arg(name);
        else if (!kindAllowed(spec, table->kind(i)))
            problems
                << NodeInspector::tr("'%1' is a %2 column").arg(name, kindLabel(table->kind(i)));
    }
    return problems.join(QLatin1Char('\n'));
}

} // namespace flowline::widgets

#include "NodePalette.h"

#include "NodeIcons.h"
#include "NodeRegistry.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace flowline::widgets {

namespace {

constexpr int kTypeIdRole = Qt::UserRole + 1; // on type rows only
constexpr int kSearchRole = Qt::UserRole + 2; // lower-case fields, one per line

QMimeData *typeMimeData(const QString &typeId)
{
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(NodePalette::kMimeType), typeId.toUtf8());
    return mime;
}

// Type rows drag their id; category rows carry nothing. Copy only: a drag never removes a row.
class PaletteModel : public QStandardItemModel
{
public:
    using QStandardItemModel::QStandardItemModel;

    QStringList mimeTypes() const override { return {QLatin1String(NodePalette::kMimeType)}; }

    QMimeData *mimeData(const QModelIndexList &indexes) const override
    {
        for (const auto &index : indexes) {
            const QString id = index.data(kTypeIdRole).toString();
            if (!id.isEmpty())
                return typeMimeData(id);
        }
        return nullptr;
    }

    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
};

QString toolTipFor(const flows::NodeType &type)
{
    const QString id =
        QStringLiteral("<span style=\"color:gray\">%1</span>").arg(type.id.toHtmlEscaped());
    if (type.help.isEmpty())
        return QStringLiteral("<qt>%1</qt>").arg(id);
    return QStringLiteral("<qt>%1<br>%2</qt>").arg(type.help.toHtmlEscaped(), id);
}

QString searchText(const flows::NodeType &type)
{
    QStringList fields{type.displayName, type.id, type.category};
    fields += type.keywords;
    return fields.join(QLatin1Char('\n')).toLower();
}

bool matches(const QString &haystack, const QStringList &words)
{
    for (const auto &word : words) {
        if (!haystack.contains(word))
            return false;
    }
    return true;
}

} // namespace

NodePalette::NodePalette(const flows::NodeRegistry &registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
    , m_search(new QLineEdit(this))
    , m_noMatch(new QLabel(tr("No node matches"), this))
    , m_tree(new QTreeView(this))
    , m_model(new PaletteModel(this))
{
    m_search->setObjectName(QStringLiteral("paletteSearch"));
    m_search->setPlaceholderText(tr("Search nodes (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &NodePalette::applySearch);
    connect(m_search, &QLineEdit::returnPressed, this, &NodePalette::addFirstMatch);

    m_noMatch->setObjectName(QStringLiteral("paletteNoMatch"));
    m_noMatch->setAlignment(Qt::AlignCenter);
    m_noMatch->setForegroundRole(QPalette::PlaceholderText);
    m_noMatch->setVisible(false);

    m_tree->setObjectName(QStringLiteral("paletteTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setDragEnabled(true);
    m_tree->setDragDropMode(QAbstractItemView::DragOnly);
    m_tree->setDefaultDropAction(Qt::CopyAction);
    m_tree->installEventFilter(this);
    connect(m_tree, &QTreeView::doubleClicked, this, &NodePalette::requestAdd);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_noMatch);
    layout->addWidget(m_tree, 1);

    populate();
}

void NodePalette::populate()
{
    QStandardItem *category = nullptr;
    for (const flows::NodeType *type : m_registry.types()) {
        if (!category || category->text() != type->category) {
            category = new QStandardItem(categoryIcon(type->category), type->category);
            QFont bold = category->font();
            bold.setBold(true);
            category->setFont(bold);
            category->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            m_model->appendRow(category);
        }
        auto *item = new QStandardItem(nodeIcon(*type), type->displayName);
        item->setData(type->id, kTypeIdRole);
        item->setData(searchText(*type), kSearchRole);
        item->setToolTip(toolTipFor(*type));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        category->appendRow(item);
    }
    m_tree->expandAll();
}

void NodePalette::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QStringList NodePalette::visibleTypes() const
{
    QStringList ids;
    for (int c = 0; c < m_model->rowCount(); ++c) {
        const QModelIndex category = m_model->index(c, 0);
        if (m_tree->isRowHidden(c, {}))
            continue;
        for (int r = 0; r < m_model->rowCount(category); ++r) {
            if (!m_tree->isRowHidden(r, category))
                ids << m_model->index(r, 0, category).data(kTypeIdRole).toString();
        }
    }
    return ids;
}

QMimeData *NodePalette::mimeDataFor(const QString &typeId) const
{
    const flows::NodeType *type = m_registry.find(typeId);
    return type ? typeMimeData(type->id) : nullptr;
}

void NodePalette::applySearch(const QString &text)
{
    const QStringList words =
        text.simplified().toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QModelIndex first;
    for (int c = 0; c < m_model->rowCount(); ++c) {
        const QModelIndex category = m_model->index(c, 0);
        bool any = false;
        for (int r = 0; r < m_model->rowCount(category); ++r) {
            const QModelIndex type = m_model->index(r, 0, category);
            const bool match = matches(type.data(kSearchRole).toString(), words);
            m_tree->setRowHidden(r, category, !match);
            if (match && !first.isValid())
                first = type;
            any = any || match;
        }
        m_tree->setRowHidden(c, {}, !any);
    }
    if (!words.isEmpty()) {
        m_tree->expandAll();
        if (first.isValid())
            m_tree->setCurrentIndex(first); // what Enter adds
    }
    m_noMatch->setVisible(!first.isValid());
}

void NodePalette::addFirstMatch()
{
    const QStringList ids = visibleTypes();
    if (!ids.isEmpty())
        Q_EMIT addRequested(ids.front());
}

void NodePalette::requestAdd(const QModelIndex &index)
{
    const QString id = index.data(kTypeIdRole).toString();
    if (!id.isEmpty())
        Q_EMIT addRequested(id);
}

bool NodePalette::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (watched == m_search && searchKey(key))
            return true;
        if (watched == m_tree && treeKey(key))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

// Down moves into the tree (onto the first shown type); Escape clears the search.
bool NodePalette::searchKey(int key)
{
    if (key == Qt::Key_Escape && !m_search->text().isEmpty()) {
        m_search->clear();
        return true;
    }
    if (key != Qt::Key_Down)
        return false;
    const QStringList ids = visibleTypes();
    if (ids.isEmpty())
        return false;
    if (!ids.contains(m_tree->currentIndex().data(kTypeIdRole).toString())) {
        const QModelIndexList first = m_model->match(m_model->index(0, 0), kTypeIdRole, ids.front(),
                                                     1, Qt::MatchExactly | Qt::MatchRecursive);
        if (!first.isEmpty())
            m_tree->setCurrentIndex(first.front());
    }
    m_tree->setFocus(Qt::TabFocusReason);
    return true;
}

// Enter on a type adds it (on a category, the tree's own handling applies).
bool NodePalette::treeKey(int key)
{
    if (key != Qt::Key_Return && key != Qt::Key_Enter)
        return false;
    const QModelIndex current = m_tree->currentIndex();
    if (current.data(kTypeIdRole).toString().isEmpty())
        return false;
    requestAdd(current);
    return true;
}

} // namespace flowline::widgets

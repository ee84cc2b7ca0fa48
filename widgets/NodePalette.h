#pragma once

#include "MimeTypes.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QMimeData;
class QModelIndex;
class QStandardItemModel;
class QTreeView;

namespace flowline::flows {
class NodeRegistry;
}

namespace flowline::widgets {

// The node types of a registry, by category, with a search box. A type is added to the flow by
// double-click or Enter (addRequested) or dragged onto the canvas (kMimeType carrying its id).
class NodePalette : public QWidget
{
    Q_OBJECT

public:
    static constexpr const char *kMimeType = kNodeTypeMime; // the type id, UTF-8

    explicit NodePalette(const flows::NodeRegistry &registry, QWidget *parent = nullptr);

    // Focuses the search box and selects its text (the studio binds Ctrl+F to it).
    void focusSearch();
    QLineEdit *searchBox() const { return m_search; }
    QTreeView *tree() const { return m_tree; }
    // The ids of the types shown under the current search, in display order.
    QStringList visibleTypes() const;
    // What dragging this type carries (the caller owns it); nullptr for an unknown id.
    QMimeData *mimeDataFor(const QString &typeId) const;

Q_SIGNALS:
    void addRequested(const QString &typeId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void populate();
    void applySearch(const QString &text);
    void addFirstMatch();
    void requestAdd(const QModelIndex &index);
    bool searchKey(int key);
    bool treeKey(int key);

    const flows::NodeRegistry &m_registry;
    QLineEdit *m_search;
    QLabel *m_noMatch;
    QTreeView *m_tree;
    QStandardItemModel *m_model;
};

} // namespace flowline::widgets

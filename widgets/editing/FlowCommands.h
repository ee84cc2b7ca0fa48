#pragma once

#include "FlowDocument.h"
#include "FlowFragment.h"

#include <QHash>
#include <QPointF>
#include <QUndoCommand>
#include <QVariant>

namespace flowline::widgets {

// Undo commands. Each acts on the FlowDocument by ids, never on the scene or its selection, so
// undo and redo work whatever the canvas shows. Ids are fixed when a command is made, so redo
// after undo gives back the very same ids.

// Adds a fragment (a new node, a pasted or duplicated group, a link, an annotation).
class InsertItemsCommand : public QUndoCommand
{
public:
    InsertItemsCommand(flows::FlowDocument &doc, FlowFragment fragment, const QString &text,
                       QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    const FlowFragment &fragment() const { return m_fragment; }

private:
    flows::FlowDocument &m_doc;
    FlowFragment m_fragment;
};

// Removes a fragment captured beforehand (with every link that touches its nodes).
class RemoveItemsCommand : public QUndoCommand
{
public:
    RemoveItemsCommand(flows::FlowDocument &doc, FlowFragment fragment, const QString &text,
                       QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    flows::FlowDocument &m_doc;
    FlowFragment m_fragment;
};

// Moves nodes and annotations. Keyboard nudges of the same items merge into one step.
class MoveItemsCommand : public QUndoCommand
{
public:
    enum { Id = 1001 };
    MoveItemsCommand(flows::FlowDocument &doc, QHash<QString, QPointF> nodesFrom,
                     QHash<QString, QPointF> nodesTo, QHash<QString, QPointF> annotationsFrom,
                     QHash<QString, QPointF> annotationsTo, const QString &text, bool mergeable,
                     QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeable ? Id : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const QHash<QString, QPointF> &nodes, const QHash<QString, QPointF> &annotations);

    flows::FlowDocument &m_doc;
    QHash<QString, QPointF> m_nodesFrom, m_nodesTo, m_annotationsFrom, m_annotationsTo;
    bool m_mergeable;
};

// Sets one parameter. Consecutive edits of the same parameter of the same node merge (typing
// in a field, dragging a spin box), and an edit that ends where it began disappears.
class SetParamCommand : public QUndoCommand
{
public:
    enum { Id = 1002 };
    SetParamCommand(flows::FlowDocument &doc, const QString &node, const QString &key,
                    QVariant from, QVariant to, const QString &text,
                    QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    flows::FlowDocument &m_doc;
    QString m_node, m_key;
    QVariant m_from, m_to;
};

// Renames a node (its label).
class SetLabelCommand : public QUndoCommand
{
public:
    SetLabelCommand(flows::FlowDocument &doc, const QString &node, QString from, QString to,
                    QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    flows::FlowDocument &m_doc;
    QString m_node, m_from, m_to;
};

// Changes an annotation's text; consecutive edits of one annotation merge.
class SetAnnotationTextCommand : public QUndoCommand
{
public:
    enum { Id = 1003 };
    SetAnnotationTextCommand(flows::FlowDocument &doc, const QString &id, QString from, QString to,
                             QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    flows::FlowDocument &m_doc;
    QString m_id, m_from, m_to;
};

} // namespace flowline::widgets

#include "FlowCommands.h"

namespace flowline::widgets {

InsertItemsCommand::InsertItemsCommand(flows::FlowDocument &doc, FlowFragment fragment,
                                       const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_doc(doc)
    , m_fragment(std::move(fragment))
{}

void InsertItemsCommand::redo()
{
    m_fragment.insertInto(m_doc);
}

void InsertItemsCommand::undo()
{
    m_fragment.removeFrom(m_doc);
}

RemoveItemsCommand::RemoveItemsCommand(flows::FlowDocument &doc, FlowFragment fragment,
                                       const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_doc(doc)
    , m_fragment(std::move(fragment))
{}

void RemoveItemsCommand::redo()
{
    m_fragment.removeFrom(m_doc);
}

void RemoveItemsCommand::undo()
{
    m_fragment.insertInto(m_doc);
}

MoveItemsCommand::MoveItemsCommand(flows::FlowDocument &doc, QHash<QString, QPointF> nodesFrom,
                                   QHash<QString, QPointF> nodesTo,
                                   QHash<QString, QPointF> annotationsFrom,
                                   QHash<QString, QPointF> annotationsTo, const QString &text,
                                   bool mergeable, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_doc(doc)
    , m_nodesFrom(std::move(nodesFrom))
    , m_nodesTo(std::move(nodesTo))
    , m_annotationsFrom(std::move(annotationsFrom))
    , m_annotationsTo(std::move(annotationsTo))
    , m_mergeable(mergeable)
{}

void MoveItemsCommand::apply(const QHash<QString, QPointF> &nodes,
                             const QHash<QString, QPointF> &annotations)
{
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        m_doc.moveNode(it.key(), it.value());
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        if (const flows::Annotation *a = m_doc.annotation(it.key()))
            m_doc.setAnnotationGeometry(it.key(), it.value(), a->size);
    }
}

void MoveItemsCommand::redo()
{
    apply(m_nodesTo, m_annotationsTo);
}

void MoveItemsCommand::undo()
{
    apply(m_nodesFrom, m_annotationsFrom);
}

namespace {
bool sameKeys(const QHash<QString, QPointF> &a, const QHash<QString, QPointF> &b)
{
    if (a.size() != b.size())
        return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (!b.contains(it.key()))
            return false;
    }
    return true;
}
} // namespace

bool MoveItemsCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const MoveItemsCommand *>(other);
    if (!o->m_mergeable || !sameKeys(o->m_nodesTo, m_nodesTo) ||
        !sameKeys(o->m_annotationsTo, m_annotationsTo))
        return false;
    m_nodesTo = o->m_nodesTo;
    m_annotationsTo = o->m_annotationsTo;
    if (m_nodesTo == m_nodesFrom && m_annotationsTo == m_annotationsFrom)
        setObsolete(true);
    return true;
}

SetParamCommand::SetParamCommand(flows::FlowDocument &doc, const QString &node, const QString &key,
                                 QVariant from, QVariant to, const QString &text,
                                 QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_doc(doc)
    , m_node(node)
    , m_key(key)
    , m_from(std::move(from))
    , m_to(std::move(to))
{}

void SetParamCommand::redo()
{
    m_doc.setParam(m_node, m_key, m_to);
}

void SetParamCommand::undo()
{
    m_doc.setParam(m_node, m_key, m_from);
}

bool SetParamCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetParamCommand *>(other);
    if (o->m_node != m_node || o->m_key != m_key)
        return false;
    m_to = o->m_to;
    if (m_to == m_from)
        setObsolete(true);
    return true;
}

SetLabelCommand::SetLabelCommand(flows::FlowDocument &doc, const QString &node, QString from,
                                 QString to, QUndoCommand *parent)
    : QUndoCommand(QObject::tr("Rename '%1'").arg(node), parent)
    , m_doc(doc)
    , m_node(node)
    , m_from(std::move(from))
    , m_to(std::move(to))
{}

void SetLabelCommand::redo()
{
    m_doc.setLabel(m_node, m_to);
}

void SetLabelCommand::undo()
{
    m_doc.setLabel(m_node, m_from);
}

SetAnnotationTextCommand::SetAnnotationTextCommand(flows::FlowDocument &doc, const QString &id,
                                                   QString from, QString to, QUndoCommand *parent)
    : QUndoCommand(QObject::tr("Edit Annotation"), parent)
    , m_doc(doc)
    , m_id(id)
    , m_from(std::move(from))
    , m_to(std::move(to))
{}

void SetAnnotationTextCommand::redo()
{
    m_doc.setAnnotationText(m_id, m_to);
}

void SetAnnotationTextCommand::undo()
{
    m_doc.setAnnotationText(m_id, m_from);
}

bool SetAnnotationTextCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetAnnotationTextCommand *>(other);
    if (o->m_id != m_id)
        return false;
    m_to = o->m_to;
    if (m_to == m_from)
        setObsolete(true);
    return true;
}

} // namespace flowline::widgets

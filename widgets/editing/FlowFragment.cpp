#include "FlowFragment.h"

#include "FlowFile.h"

#include <QRegularExpression>
#include <QSet>

namespace flowline::widgets {

FlowFragment FlowFragment::capture(const flows::FlowDocument &doc, const QStringList &nodes,
                                   const QStringList &annotations,
                                   const std::vector<flows::Link> &extraLinks, bool allLinks)
{
    FlowFragment f;
    const QSet<QString> named(nodes.begin(), nodes.end());
    for (const auto &n : doc.nodes()) {
        if (named.contains(n.id))
            f.nodes.push_back(n);
    }
    for (const auto &l : doc.links()) {
        const bool from = named.contains(l.fromNode), to = named.contains(l.toNode);
        const bool extra = std::find(extraLinks.begin(), extraLinks.end(), l) != extraLinks.end();
        if (extra || (allLinks ? (from || to) : (from && to)))
            f.links.push_back(l);
    }
    const QSet<QString> notes(annotations.begin(), annotations.end());
    for (const auto &a : doc.annotations()) {
        if (notes.contains(a.id))
            f.annotations.push_back(a);
    }
    return f;
}

namespace {

// "sample12" -> "sample"; ids without a trailing number stay as they are.
QString stem(const QString &id)
{
    static const QRegularExpression digits(QStringLiteral("\\d+$"));
    QString s = id;
    s.remove(digits);
    return s.isEmpty() ? QStringLiteral("node") : s;
}

} // namespace

FlowFragment FlowFragment::renamedFor(const flows::FlowDocument &doc, QPointF offset) const
{
    QSet<QString> taken;
    for (const auto &n : doc.nodes())
        taken.insert(n.id);
    for (const auto &a : doc.annotations())
        taken.insert(a.id);
    const auto fresh = [&](const QString &id) {
        const QString base = stem(id);
        QString candidate;
        for (int n = 1; candidate.isEmpty() || taken.contains(candidate); ++n)
            candidate = base + QString::number(n);
        taken.insert(candidate);
        return candidate;
    };
    FlowFragment out = *this;
    QHash<QString, QString> renamed;
    for (auto &n : out.nodes) {
        const QString id = fresh(n.id);
        renamed.insert(n.id, id);
        n.id = id;
        n.position += offset;
    }
    for (auto &l : out.links) {
        l.fromNode = renamed.value(l.fromNode, l.fromNode);
        l.toNode = renamed.value(l.toNode, l.toNode);
    }
    for (auto &a : out.annotations) {
        a.id = fresh(a.id);
        a.position += offset;
    }
    return out;
}

QRectF FlowFragment::bounds() const
{
    QRectF r;
    bool first = true;
    const auto add = [&](QPointF p) {
        r = first ? QRectF(p, QSizeF(0, 0)) : r.united(QRectF(p, QSizeF(0, 0)));
        first = false;
    };
    for (const auto &n : nodes)
        add(n.position);
    for (const auto &a : annotations)
        add(a.position);
    return r;
}

void FlowFragment::insertInto(flows::FlowDocument &doc) const
{
    for (const auto &n : nodes) {
        // Only what differs from the defaults: a default may be a placeholder that is not a
        // valid value itself (an empty required file).
        QVariantMap params;
        const flows::NodeType *type = doc.registry().find(n.type);
        for (auto it = n.params.begin(); it != n.params.end(); ++it) {
            const flows::ParamSpec *spec = type ? type->param(it.key()) : nullptr;
            if (!spec || it.value() != spec->defaultValue)
                params.insert(it.key(), it.value());
        }
        const auto added = doc.addNode(n.type, n.position, params, n.id);
        if (!added)
            continue; // cannot happen for a fragment captured from (or checked against) doc
        doc.setLabel(n.id, n.label);
        doc.setNotes(n.id, n.notes);
    }
    for (const auto &l : links)
        doc.connect(l);
    for (const auto &a : annotations)
        doc.addAnnotation(a.text, a.position, a.size, a.id);
}

void FlowFragment::removeFrom(flows::FlowDocument &doc) const
{
    for (const auto &a : annotations)
        doc.removeAnnotation(a.id);
    for (const auto &l : links)
        doc.disconnect(l);
    for (const auto &n : nodes)
        doc.removeNode(n.id);
}

QByteArray FlowFragment::toJson(const flows::NodeRegistry &registry) const
{
    flows::FlowDocument scratch(registry);
    insertInto(scratch);
    return flows::FlowFile::toJson(scratch);
}

core::Result<FlowFragment> FlowFragment::fromJson(const QByteArray &json,
                                                  const flows::NodeRegistry &registry)
{
    flows::FlowDocument scratch(registry);
    const auto read = flows::FlowFile::fromJson(json, scratch, {}, QStringLiteral("clipboard"));
    if (!read)
        return read.error();
    FlowFragment f;
    f.nodes = scratch.nodes();
    f.links = scratch.links();
    f.annotations = scratch.annotations();
    return f;
}

} // namespace flowline::widgets

#include "FlowFileReader.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <utility>

namespace flowline::flows {

using core::Error;
using core::Result;

namespace {

QString absoluteIn(const QString &dir, const QString &path)
{
    if (dir.isEmpty() || path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(dir).absoluteFilePath(path));
}

QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: {
        const QString s = v.toString();
        return QStringLiteral("the string \"%1\"")
            .arg(s.size() > 40 ? s.left(40) + QStringLiteral("...") : s);
    }
    case QJsonValue::Double:
        return QStringLiteral("the number %1").arg(v.toDouble(), 0, 'g', 15);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// "<where>: 'field' must be <expected>, got ..." or "... 'field' is missing".
Error fieldError(const QString &where, const QString &field, const QJsonValue &v,
                 const QString &expected)
{
    if (v.isUndefined())
        return Error{QStringLiteral("%1: '%2' is missing").arg(where, field)};
    return Error{
        QStringLiteral("%1: '%2' must be %3, got %4").arg(where, field, expected, describe(v))};
}

// An entry of a list that must be an object with a non-empty string "id".
Result<std::pair<QJsonObject, QString>> objectWithId(const QJsonValue &value, const QString &where)
{
    if (!value.isObject())
        return Error{QStringLiteral("%1: expected an object, got %2").arg(where, describe(value))};
    QJsonObject o = value.toObject();
    const QJsonValue idJson = o.value(QStringLiteral("id"));
    if (!idJson.isString() || idJson.toString().isEmpty())
        return fieldError(where, QStringLiteral("id"), idJson,
                          QStringLiteral("a non-empty string"));
    const QString id = idJson.toString();
    return std::make_pair(std::move(o), id);
}

std::optional<Error> unknownField(const QString &where, const QJsonObject &object,
                                  std::initializer_list<const char *> known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::none_of(known.begin(), known.end(),
                         [&](const char *k) { return it.key() == QLatin1String(k); }))
            return Error{QStringLiteral("%1: unknown field '%2'").arg(where, it.key())};
    }
    return std::nullopt;
}

std::optional<QPointF> readPair(const QJsonValue &v)
{
    const QJsonArray a = v.toArray();
    if (!v.isArray() || a.size() != 2 || !a[0].isDouble() || !a[1].isDouble() ||
        !std::isfinite(a[0].toDouble()) || !std::isfinite(a[1].toDouble()))
        return std::nullopt;
    return QPointF(a[0].toDouble(), a[1].toDouble());
}

bool isWhole(const QJsonValue &v)
{
    const double d = v.toDouble();
    return v.isDouble() && std::isfinite(d) && std::floor(d) == d;
}

// What JSON a parameter of `type` takes, checked before its range and choices.
QString expectedJson(ParamType type)
{
    switch (type) {
    case ParamType::Int:
    case ParamType::Seed:
        return QStringLiteral("a whole number");
    case ParamType::Double:
        return QStringLiteral("a number");
    case ParamType::Bool:
        return QStringLiteral("true or false");
    case ParamType::ColumnList:
        return QStringLiteral("an array of strings");
    default:
        return QStringLiteral("a string");
    }
}

bool fitsJson(ParamType type, const QJsonValue &v)
{
    switch (type) {
    case ParamType::Int:
    case ParamType::Seed:
        return isWhole(v) && std::abs(v.toDouble()) < 9.0e15; // what ParamSpec takes
    case ParamType::Double:
        return v.isDouble();
    case ParamType::Bool:
        return v.isBool();
    case ParamType::ColumnList: {
        const QJsonArray a = v.toArray();
        return v.isArray() &&
               std::all_of(a.begin(), a.end(), [](const QJsonValue &e) { return e.isString(); });
    }
    default:
        return v.isString();
    }
}

// Reads a flow in the newest format into an empty (scratch) document.
class Reader
{
public:
    Reader(FlowDocument &doc, const QString &flowDir)
        : m_doc(doc)
        , m_flowDir(flowDir.isEmpty() ? QString() : QFileInfo(flowDir).absoluteFilePath())
    {}

    Result<FlowView> read(const QJsonObject &flow);

private:
    Result<bool> readNode(const QJsonValue &value, qsizetype index);
    Result<bool> readParams(const QString &name, const QString &id, const NodeType &type,
                            const QJsonValue &value);
    Result<Link> readLink(const QJsonValue &value, qsizetype index) const;
    Result<bool> connectAll(const std::vector<Link> &links);
    Result<bool> readAnnotation(const QJsonValue &value, qsizetype index);
    Result<FlowView> readView(const QJsonValue &value);

    FlowDocument &m_doc;
    QString m_flowDir;
};

Result<FlowView> Reader::read(const QJsonObject &flow)
{
    if (auto e = unknownField(QStringLiteral("the flow"), flow,
                              {"annotations", "format", "links", "nodes", "view"}))
        return *e;
    const QJsonValue nodes = flow.value(QStringLiteral("nodes"));
    const QJsonValue links = flow.value(QStringLiteral("links"));
    const QJsonValue annotations = flow.value(QStringLiteral("annotations"));
    const QString where = QStringLiteral("the flow");
    const QString array = QStringLiteral("an array");
    if (!nodes.isArray())
        return fieldError(where, QStringLiteral("nodes"), nodes, array);
    if (!links.isArray() && !links.isUndefined())
        return fieldError(where, QStringLiteral("links"), links, array);
    if (!annotations.isArray() && !annotations.isUndefined())
        return fieldError(where, QStringLiteral("annotations"), annotations, array);

    const auto tooMany = [](qsizetype count, const char *what, int limit) {
        return Error{QStringLiteral("the flow has %1 %2; a flow may have at most %3")
                         .arg(count)
                         .arg(QLatin1String(what))
                         .arg(limit)};
    };
    if (nodes.toArray().size() > FlowFile::kMaxNodes)
        return tooMany(nodes.toArray().size(), "nodes", FlowFile::kMaxNodes);
    if (links.toArray().size() > FlowFile::kMaxLinks)
        return tooMany(links.toArray().size(), "links", FlowFile::kMaxLinks);
    if (annotations.toArray().size() > FlowFile::kMaxAnnotations)
        return tooMany(annotations.toArray().size(), "annotations", FlowFile::kMaxAnnotations);

    const QJsonArray nodeArray = nodes.toArray();
    for (qsizetype i = 0; i < nodeArray.size(); ++i) {
        if (auto r = readNode(nodeArray[i], i); !r)
            return r.error();
    }
    const QJsonArray linkArray = links.toArray();
    std::vector<Link> linkList;
    for (qsizetype i = 0; i < linkArray.size(); ++i) {
        auto link = readLink(linkArray[i], i);
        if (!link)
            return link.error();
        linkList.push_back(*link);
    }
    if (auto r = connectAll(linkList); !r)
        return r.error();
    const QJsonArray annotationArray = annotations.toArray();
    for (qsizetype i = 0; i < annotationArray.size(); ++i) {
        if (auto r = readAnnotation(annotationArray[i], i); !r)
            return r.error();
    }
    return readView(flow.value(QStringLiteral("view")));
}

Result<bool> Reader::readNode(const QJsonValue &value, qsizetype index)
{
    const QString where = QStringLiteral("nodes[%1]").arg(index);
    auto entry = objectWithId(value, where);
    if (!entry)
        return entry.error();
    const QJsonObject &o = entry->first;
    const QString &id = entry->second;
    const QString name = QStringLiteral("node '%1'").arg(id);

    const QJsonValue typeJson = o.value(QStringLiteral("type"));
    if (!typeJson.isString())
        return fieldError(name, QStringLiteral("type"), typeJson, QStringLiteral("a string"));
    const NodeType *type = m_doc.registry().find(typeJson.toString());
    if (!type)
        return Error{QStringLiteral("%1: unknown node type '%2'").arg(name, typeJson.toString())};
    // The document checks the id (valid, not used twice) and stores the type's current id.
    if (auto added = m_doc.addNode(type->id, {}, {}, id); !added)
        return Error{QStringLiteral("%1: %2").arg(where, added.error().message)};

    if (auto e = unknownField(name, o, {"id", "label", "notes", "params", "position", "type"}))
        return *e;
    const QJsonValue position = o.value(QStringLiteral("position"));
    if (!position.isUndefined()) {
        const auto p = readPair(position);
        if (!p)
            return fieldError(name, QStringLiteral("position"), position,
                              QStringLiteral("[x, y] (two numbers)"));
        m_doc.moveNode(id, *p);
    }
    const QJsonValue label = o.value(QStringLiteral("label"));
    if (!label.isString() && !label.isUndefined())
        return fieldError(name, QStringLiteral("label"), label, QStringLiteral("a string"));
    m_doc.setLabel(id, label.toString());
    const QJsonValue notes = o.value(QStringLiteral("notes"));
    if (!notes.isString() && !notes.isUndefined())
        return fieldError(name, QStringLiteral("notes"), notes, QStringLiteral("a string"));
    m_doc.setNotes(id, notes.toString());
    return readParams(name, id, *type, o.value(QStringLiteral("params")));
}

Result<bool> Reader::readParams(const QString &name, const QString &id, const NodeType &type,
                                const QJsonValue &value)
{
    if (value.isUndefined())
        return true; // every parameter at its default
    if (!value.isObject())
        return fieldError(name, QStringLiteral("params"), value, QStringLiteral("an object"));
    const QJsonObject params = value.toObject();
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParamSpec *spec = type.param(it.key());
        if (!spec)
            return Error{
                QStringLiteral("%1: %2 has no parameter '%3'").arg(name, type.id, it.key())};
        const QString where = QStringLiteral("%1: parameter '%2'").arg(name, it.key());
        // A required parameter nobody has set yet is saved at its (unusable) default.
        if (spec->required && !spec->coerce(spec->defaultValue).ok() &&
            it.value() == spec->toJson(spec->defaultValue))
            continue;
        if (!fitsJson(spec->type, it.value()))
            return Error{QStringLiteral("%1: expected %2, got %3")
                             .arg(where, expectedJson(spec->type), describe(it.value()))};
        auto v = spec->fromJson(it.value());
        if (!v)
            return Error{QStringLiteral("%1: %2").arg(where, v.error().message)};
        if (spec->type == ParamType::FilePath)
            *v = absoluteIn(m_flowDir, v->toString());
        if (auto set = m_doc.setParam(id, it.key(), *v); !set)
            return set.error();
    }
    return true;
}

QString linkName(const Link &l)
{
    return QStringLiteral("link '%1.%2 -> %3.%4'").arg(l.fromNode, l.fromPort, l.toNode, l.toPort);
}

// A link read and checked on its own (nodes, ports, port types); the checks that depend on the
// other links come in connectAll().
Result<Link> Reader::readLink(const QJsonValue &value, qsizetype index) const
{
    const QString where = QStringLiteral("links[%1]").arg(index);
    if (!value.isObject())
        return Error{QStringLiteral("%1: expected an object, got %2").arg(where, describe(value))};
    const QJsonObject o = value.toObject();
    if (auto e = unknownField(where, o, {"fromNode", "fromPort", "toNode", "toPort"}))
        return *e;
    QStringList ends;
    for (const auto *field : {"fromNode", "fromPort", "toNode", "toPort"}) {
        const QJsonValue v = o.value(QLatin1String(field));
        if (!v.isString())
            return fieldError(where, QLatin1String(field), v, QStringLiteral("a string"));
        ends << v.toString();
    }
    const Link link{ends[0], ends[1], ends[2], ends[3]};
    // No link is in the document yet, so this checks only the nodes, ports and port types.
    if (auto reason = m_doc.canConnect(link))
        return Error{QStringLiteral("%1: %2").arg(linkName(link), *reason)};
    return link;
}

// Connects in a topological order of the links' source nodes (file order among nodes on a
// cycle), so that checking each link for a cycle only looks at the node it leads to: loading
// stays quadratic at worst, whatever order a file lists its links in.
Result<bool> Reader::connectAll(const std::vector<Link> &links)
{
    QHash<QString, QStringList> next;
    QHash<QString, int> pending;
    for (const Link &l : links) {
        next[l.fromNode] << l.toNode;
        pending[l.fromNode];
        ++pending[l.toNode];
    }
    QStringList ready;
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        if (it.value() == 0)
            ready << it.key();
    }
    QHash<QString, qsizetype> rank;
    while (!ready.isEmpty()) {
        const QString n = ready.takeLast();
        rank.insert(n, rank.size());
        for (const QString &m : std::as_const(next[n])) {
            if (--pending[m] == 0)
                ready << m;
        }
    }
    std::vector<const Link *> order;
    for (const Link &l : links)
        order.push_back(&l);
    std::stable_sort(order.begin(), order.end(), [&](const Link *a, const Link *b) {
        return rank.value(a->fromNode, rank.size()) < rank.value(b->fromNode, rank.size());
    });
    for (const Link *l : order) {
        if (auto reason = m_doc.canConnect(*l))
            return Error{QStringLiteral("%1: %2").arg(linkName(*l), *reason)};
        m_doc.connect(*l);
    }
    return true;
}

Result<bool> Reader::readAnnotation(const QJsonValue &value, qsizetype index)
{
    const QString where = QStringLiteral("annotations[%1]").arg(index);
    auto entry = objectWithId(value, where);
    if (!entry)
        return entry.error();
    const QJsonObject &o = entry->first;
    const QString &id = entry->second;
    const auto &existing = m_doc.annotations();
    if (std::any_of(existing.begin(), existing.end(),
                    [&](const Annotation &a) { return a.id == id; }))
        return Error{QStringLiteral("%1: an annotation called '%2' exists already").arg(where, id)};
    const QString name = QStringLiteral("annotation '%1'").arg(id);
    if (auto e = unknownField(name, o, {"id", "position", "size", "text"}))
        return *e;
    const QJsonValue text = o.value(QStringLiteral("text"));
    if (!text.isString() && !text.isUndefined())
        return fieldError(name, QStringLiteral("text"), text, QStringLiteral("a string"));
    QPointF position;
    QSizeF size; // invalid: fit the text
    if (const QJsonValue v = o.value(QStringLiteral("position")); !v.isUndefined()) {
        const auto p = readPair(v);
        if (!p)
            return fieldError(name, QStringLiteral("position"), v,
                              QStringLiteral("[x, y] (two numbers)"));
        position = *p;
    }
    if (const QJsonValue v = o.value(QStringLiteral("size")); !v.isUndefined()) {
        const auto p = readPair(v);
        if (!p || p->x() < 0 || p->y() < 0)
            return fieldError(name, QStringLiteral("size"), v,
                              QStringLiteral("[width, height] (two numbers, 0 or more)"));
        size = QSizeF(p->x(), p->y());
    }
    m_doc.addAnnotation(text.toString(), position, size, id);
    return true;
}

Result<FlowView> Reader::readView(const QJsonValue &value)
{
    FlowView view;
    if (value.isUndefined())
        return view;
    const QString where = QStringLiteral("view");
    if (!value.isObject())
        return fieldError(QStringLiteral("the flow"), where, value, QStringLiteral("an object"));
    const QJsonObject o = value.toObject();
    if (auto e = unknownField(where, o, {"center", "zoom"}))
        return *e;
    if (const QJsonValue v = o.value(QStringLiteral("center")); !v.isUndefined()) {
        const auto p = readPair(v);
        if (!p)
            return fieldError(where, QStringLiteral("center"), v,
                              QStringLiteral("[x, y] (two numbers)"));
        view.center = *p;
    }
    if (const QJsonValue v = o.value(QStringLiteral("zoom")); !v.isUndefined()) {
        if (!v.isDouble() || !(v.toDouble() > 0) || !std::isfinite(v.toDouble()))
            return fieldError(where, QStringLiteral("zoom"), v, QStringLiteral("a number above 0"));
        view.zoom = v.toDouble();
    }
    return view;
}

} // namespace

Result<int> readFlowFormat(const QJsonObject &flow)
{
    const QJsonValue v = flow.value(QStringLiteral("format"));
    if (v.isUndefined())
        return 0;
    if (!isWhole(v))
        return fieldError(QStringLiteral("the flow"), QStringLiteral("format"), v,
                          QStringLiteral("a whole number"));
    const double format = v.toDouble();
    if (format > FlowFile::kFormat)
        return Error{QStringLiteral("this flow was saved by a newer Flowline (format %1); this "
                                    "version reads up to format %2")
                         .arg(format, 0, 'g', 15)
                         .arg(FlowFile::kFormat)};
    if (format < 0)
        return Error{QStringLiteral("'format' %1 is not a known format").arg(format, 0, 'g', 15)};
    return static_cast<int>(format);
}

Result<FlowView> readFlow(const QJsonObject &flow, FlowDocument &doc, const QString &flowDir)
{
    return Reader(doc, flowDir).read(flow);
}

} // namespace flowline::flows

#include "FlowFile.h"

#include "FlowFileMigration.h"
#include "FlowFileReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace flowline::flows {

using core::Error;
using core::Result;

namespace {

void writeScalar(QByteArray &out, const QJsonValue &value)
{
    // Qt's own writer for strings and numbers, so escaping and number text match its reader.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    out += QByteArrayView(json).sliced(1, json.size() - 2);
}

// Two-space indentation, keys sorted; arrays of numbers (points, sizes) stay on one line.
void writeJson(QByteArray &out, const QJsonValue &value, int indent)
{
    const QByteArray inner(indent + 2, ' ');
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QStringList keys = object.keys();
        std::sort(keys.begin(), keys.end());
        if (keys.isEmpty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += inner;
            writeScalar(out, keys[i]);
            out += ": ";
            writeJson(out, object.value(keys[i]), indent + 2);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += QByteArray(indent, ' ') + '}';
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            return;
        }
        if (std::all_of(array.begin(), array.end(),
                        [](const QJsonValue &v) { return v.isDouble(); })) {
            out += '[';
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (i > 0)
                    out += ", ";
                writeScalar(out, array[i]);
            }
            out += ']';
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            out += inner;
            writeJson(out, array[i], indent + 2);
            out += i + 1 < array.size() ? ",\n" : "\n";
        }
        out += QByteArray(indent, ' ') + ']';
    } else {
        writeScalar(out, value);
    }
}

// JSON has no NaN or infinity; write what will read back.
QJsonArray pairJson(double a, double b)
{
    return {std::isfinite(a) ? a : 0.0, std::isfinite(b) ? b : 0.0};
}

// `path` relative to `dir` when it lies inside it, else unchanged.
QString relativeIn(const QString &dir, const QString &path)
{
    if (dir.isEmpty() || path.isEmpty() || QDir::isRelativePath(path))
        return path;
    const QString relative = QDir(dir).relativeFilePath(QDir::cleanPath(path));
    if (relative == QStringLiteral("..") || relative.startsWith(QStringLiteral("../")) ||
        QDir::isAbsolutePath(relative))
        return path;
    return relative;
}

qint64 mebibytes(qint64 bytes)
{
    constexpr qint64 mib = 1024 * 1024;
    return (bytes + mib - 1) / mib;
}

// 1-based line and column (in characters) of a QJsonParseError offset, which points just past
// the offending byte.
std::pair<qint64, qint64> lineColumn(const QByteArray &bytes, qsizetype offset)
{
    const qsizetype pos = std::clamp<qsizetype>(offset - 1, 0, bytes.size());
    qint64 line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < pos; ++i) {
        if (bytes[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    qint64 column = 1;
    for (qsizetype i = lineStart; i < pos; ++i) {
        if ((static_cast<uchar>(bytes[i]) & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++column;
    }
    return {line, column};
}

// Copies a checked scratch document into `to`, which emits the usual signals.
Result<bool> copyInto(const FlowDocument &from, FlowDocument &to)
{
    for (const Node &n : from.nodes()) {
        const NodeType *type = from.registry().find(n.type);
        QVariantMap params;
        for (auto it = n.params.begin(); it != n.params.end(); ++it) {
            const ParamSpec *spec = type ? type->param(it.key()) : nullptr;
            if (spec && spec->coerce(it.value()).ok()) // leaves unset required ones at default
                params.insert(it.key(), it.value());
        }
        if (auto added = to.addNode(n.type, n.position, params, n.id); !added)
            return added.error();
        to.setLabel(n.id, n.label);
        to.setNotes(n.id, n.notes);
    }
    for (const Link &l : from.links()) {
        if (auto linked = to.connect(l); !linked)
            return linked.error();
    }
    for (const Annotation &a : from.annotations())
        to.addAnnotation(a.text, a.position, a.size, a.id);
    return true;
}

} // namespace

QByteArray FlowFile::toJson(const FlowDocument &doc, const QString &flowDir, const FlowView &view)
{
    const QString dir = flowDir.isEmpty() ? QString() : QFileInfo(flowDir).absoluteFilePath();

    std::vector<const Node *> nodes;
    for (const Node &n : doc.nodes())
        nodes.push_back(&n);
    std::sort(nodes.begin(), nodes.end(),
              [](const Node *a, const Node *b) { return a->id < b->id; });
    QJsonArray nodeArray;
    for (const Node *n : nodes) {
        const NodeType *type = doc.registry().find(n->type);
        QJsonObject params;
        for (auto it = n->params.begin(); it != n->params.end(); ++it) {
            const ParamSpec *spec = type ? type->param(it.key()) : nullptr;
            if (!spec)
                params.insert(it.key(), QJsonValue::fromVariant(it.value()));
            else if (spec->type == ParamType::FilePath)
                params.insert(it.key(), relativeIn(dir, it.value().toString()));
            else
                params.insert(it.key(), spec->toJson(it.value()));
        }
        nodeArray.append(
            QJsonObject{{QStringLiteral("id"), n->id},
                        {QStringLiteral("type"), n->type},
                        {QStringLiteral("label"), n->label},
                        {QStringLiteral("notes"), n->notes},
                        {QStringLiteral("params"), params},
                        {QStringLiteral("position"), pairJson(n->position.x(), n->position.y())}});
    }

    std::vector<Link> links = doc.links();
    std::sort(links.begin(), links.end(), [](const Link &a, const Link &b) {
        return std::tie(a.fromNode, a.fromPort, a.toNode, a.toPort) <
               std::tie(b.fromNode, b.fromPort, b.toNode, b.toPort);
    });
    QJsonArray linkArray;
    for (const Link &l : links)
        linkArray.append(QJsonObject{{QStringLiteral("fromNode"), l.fromNode},
                                     {QStringLiteral("fromPort"), l.fromPort},
                                     {QStringLiteral("toNode"), l.toNode},
                                     {QStringLiteral("toPort"), l.toPort}});

    std::vector<Annotation> annotations = doc.annotations();
    std::sort(annotations.begin(), annotations.end(),
              [](const Annotation &a, const Annotation &b) { return a.id < b.id; });
    QJsonArray annotationArray;
    for (const Annotation &a : annotations) {
        QJsonObject annotation{
            {QStringLiteral("id"), a.id},
            {QStringLiteral("text"), a.text},
            {QStringLiteral("position"), pairJson(a.position.x(), a.position.y())}};
        if (a.size.isValid()) // an invalid size (the default) means: fit the text
            annotation.insert(QStringLiteral("size"), pairJson(a.size.width(), a.size.height()));
        annotationArray.append(annotation);
    }

    const double zoom = std::isfinite(view.zoom) && view.zoom > 0 ? view.zoom : 1.0;
    const QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("nodes"), nodeArray},
        {QStringLiteral("links"), linkArray},
        {QStringLiteral("annotations"), annotationArray},
        {QStringLiteral("view"),
         QJsonObject{{QStringLiteral("center"), pairJson(view.center.x(), view.center.y())},
                     {QStringLiteral("zoom"), zoom}}}};
    QByteArray out;
    writeJson(out, root, 0);
    out += '\n';
    return out;
}

Result<FlowView> FlowFile::fromJson(const QByteArray &bytes, FlowDocument &doc,
                                    const QString &flowDir, const QString &fileName)
{
    const auto fail = [&](Error e) {
        e.file = fileName;
        return e;
    };
    if (!doc.nodes().empty() || !doc.links().empty() || !doc.annotations().empty())
        return fail(Error{QStringLiteral("cannot load a flow into a document that is not empty")});
    if (bytes.size() > kMaxFileBytes)
        return fail(Error{QStringLiteral("the file is %1 MiB; a flow file may be at most %2 MiB")
                              .arg(mebibytes(bytes.size()))
                              .arg(mebibytes(kMaxFileBytes))});
    if (bytes.trimmed().isEmpty())
        return fail(Error{QStringLiteral("the file is empty")});

    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineColumn(bytes, parseError.offset);
        return Error{QStringLiteral("not valid JSON: %1").arg(parseError.errorString()), fileName,
                     line, column};
    }
    if (!json.isObject())
        return fail(Error{QStringLiteral("not a flow: expected a JSON object at the top, got an "
                                         "array")});
    const auto format = readFlowFormat(json.object());
    if (!format)
        return fail(format.error());
    const auto flow = migrateFlow(json.object(), *format);
    if (!flow)
        return fail(flow.error());

    // Read into a scratch document, so `doc` sees nothing of a file that turns out bad.
    FlowDocument scratch(doc.registry());
    auto view = readFlow(*flow, scratch, flowDir);
    if (!view)
        return fail(view.error());
    if (auto copied = copyInto(scratch, doc); !copied) {
        doc.clear();
        return fail(copied.error());
    }
    return view;
}

Result<bool> FlowFile::save(const QString &path, const FlowDocument &doc, const FlowView &view)
{
    const QByteArray bytes = toJson(doc, QFileInfo(path).absolutePath(), view);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("cannot write the file: %1").arg(file.errorString()), path};
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error{QStringLiteral("cannot write the file: %1").arg(file.errorString()), path};
    return true;
}

Result<FlowView> FlowFile::load(const QString &path, FlowDocument &doc)
{
    const QFileInfo info(path);
    if (info.isDir())
        return Error{QStringLiteral("this is a folder, not a flow file"), path};
    if (info.exists() && !info.isFile()) // a device or a pipe could be endless
        return Error{QStringLiteral("this is not a regular file"), path};
    if (info.size() > kMaxFileBytes)
        return Error{QStringLiteral("the file is %1 MiB; a flow file may be at most %2 MiB")
                         .arg(mebibytes(info.size()))
                         .arg(mebibytes(kMaxFileBytes)),
                     path};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot open the file: %1").arg(file.errorString()), path};
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return Error{QStringLiteral("cannot read the file: %1").arg(file.errorString()), path};
    return fromJson(bytes, doc, info.absolutePath(), path);
}

} // namespace flowline::flows
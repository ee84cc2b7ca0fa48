#pragma once

#include "FlowDocument.h"
#include "util/Error.h"

#include <QByteArray>
#include <QPointF>
#include <QString>

namespace flowline::flows {

// Where the canvas was looking when the flow was saved.
struct FlowView
{
    QPointF center;
    double zoom = 1.0;
    friend bool operator==(const FlowView &, const FlowView &) = default;
};

// Reads and writes .flow files.
//
// A .flow file is UTF-8 JSON: {"format": 1, "nodes": [...], "links": [...], "annotations": [...],
// "view": {...}}. A node is {"id", "type", "label", "notes", "params": {key: value},
// "position": [x, y]}; a link {"fromNode", "fromPort", "toNode", "toPort"}; an annotation
// {"id", "text", "position": [x, y], "size": [w, h]} (no size: fit the text); the view
// {"center": [x, y], "zoom"}. Parameters are written as their ParamSpec says; FilePath values
// inside the flow's folder are relative to it ("data/iris.csv").
//
// Writing is deterministic (2-space indentation, keys sorted, nodes and annotations sorted by
// id, links sorted, a final newline) so a flow diffs cleanly in git. Reading checks every field
// and refuses unknown ones, so saving never drops what a file held; a bad file is an error that
// names the node, link or field. Files without `format` are format 0 and are migrated in memory
// (FlowFileMigration.h); a newer format is refused.
class FlowFile
{
public:
    static constexpr int kFormat = 1; // the newest format; what toJson() writes
    // Limits against hostile or broken files, far above any flow a person draws. Loading costs
    // O(nodes^2 + links * (nodes + links)) in the document's lookups: a few seconds at the limits.
    static constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr int kMaxNodes = 5'000;
    static constexpr int kMaxLinks = 10'000;
    static constexpr int kMaxAnnotations = 5'000;

    // The flow as .flow bytes. FilePath parameters under `flowDir` (when given) are written
    // relative to it, with forward slashes.
    static QByteArray toJson(const FlowDocument &doc, const QString &flowDir = {},
                             const FlowView &view = {});
    // Fills `doc`, which must be empty, from .flow bytes. On any error `doc` stays empty and
    // nothing is emitted; the Error carries `fileName` (and line and column for JSON syntax
    // errors) and names the node, link or field. Relative FilePath parameters are resolved
    // against `flowDir` (when given).
    static core::Result<FlowView> fromJson(const QByteArray &bytes, FlowDocument &doc,
                                           const QString &flowDir = {},
                                           const QString &fileName = {});

    // Writes atomically (QSaveFile): on failure an existing file is left as it was.
    static core::Result<bool> save(const QString &path, const FlowDocument &doc,
                                   const FlowView &view = {});
    // Reads without ever writing to the file.
    static core::Result<FlowView> load(const QString &path, FlowDocument &doc);
};

} // namespace flowline::flows

#pragma once

#include "FlowDocument.h"
#include "util/Error.h"

#include <QByteArray>
#include <QRectF>
#include <QStringList>

#include <vector>

namespace flowline::widgets {

// A piece of a flow: nodes (with their ids, parameters, places and labels), links and
// annotations. What delete removes and undo puts back, what copy puts on the clipboard and paste
// inserts. On the clipboard it is a complete .flow document, so it can be pasted into another
// window, read by a person, or saved as a file.
struct FlowFragment
{
    std::vector<flows::Node> nodes;
    std::vector<flows::Link> links;
    std::vector<flows::Annotation> annotations;

    bool isEmpty() const { return nodes.empty() && links.empty() && annotations.empty(); }
    int itemCount() const
    {
        return static_cast<int>(nodes.size() + links.size() + annotations.size());
    }

    // The named nodes and annotations of `doc`, the extra links, and every link touching a
    // named node (all of them when `allLinks`; only those between named nodes otherwise).
    static FlowFragment capture(const flows::FlowDocument &doc, const QStringList &nodes,
                                const QStringList &annotations,
                                const std::vector<flows::Link> &extraLinks = {},
                                bool allLinks = true);

    // The same items with fresh ids that `doc` does not use (and links rewired to them),
    // moved by `offset`.
    FlowFragment renamedFor(const flows::FlowDocument &doc, QPointF offset) const;
    QRectF bounds() const; // of the node and annotation positions

    // Adds everything to `doc` (nodes first, then links, then annotations) / removes it.
    void insertInto(flows::FlowDocument &doc) const;
    void removeFrom(flows::FlowDocument &doc) const;

    QByteArray toJson(const flows::NodeRegistry &registry) const;
    static core::Result<FlowFragment> fromJson(const QByteArray &json,
                                               const flows::NodeRegistry &registry);
};

} // namespace flowline::widgets

#include "TidyLayout.h"

#include "CanvasStyle.h"

#include <algorithm>
#include <limits>

namespace flowline::widgets {

QHash<QString, QPointF> tidyLayout(const flows::FlowDocument &doc)
{
    constexpr double kColumn = CanvasStyle::kNodeWidth + 90;
    constexpr double kRow = 120;
    QHash<QString, QPointF> result;
    if (doc.nodes().empty())
        return result;

    // Layer = the length of the longest path from a source.
    QHash<QString, int> layer;
    for (const QString &id : doc.topologicalOrder()) {
        int l = 0;
        for (const auto &link : doc.linksInto(id))
            l = std::max(l, layer.value(link.fromNode) + 1);
        layer.insert(id, l);
    }
    int layers = 0;
    for (int l : layer)
        layers = std::max(layers, l + 1);

    // Within a layer, order by the mean row of the inputs (the first layer by current y).
    std::vector<QStringList> columns(static_cast<std::size_t>(layers));
    QHash<QString, double> row;
    QPointF topLeft(std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
    for (const auto &n : doc.nodes()) {
        columns[static_cast<std::size_t>(layer.value(n.id))] << n.id;
        topLeft.setX(std::min(topLeft.x(), n.position.x()));
        topLeft.setY(std::min(topLeft.y(), n.position.y()));
    }
    for (int l = 0; l < layers; ++l) {
        QStringList &ids = columns[static_cast<std::size_t>(l)];
        QHash<QString, double> key;
        for (const QString &id : ids) {
            const auto in = doc.linksInto(id);
            if (in.empty()) { // only in the first layer
                key.insert(id, doc.node(id)->position.y());
                continue;
            }
            double sum = 0;
            for (const auto &link : in)
                sum += row.value(link.fromNode);
            key.insert(id, sum / static_cast<double>(in.size()));
        }
        std::stable_sort(ids.begin(), ids.end(), [&](const QString &a, const QString &b) {
            const double ka = key.value(a), kb = key.value(b);
            return ka != kb ? ka < kb : a < b;
        });
        for (int i = 0; i < ids.size(); ++i)
            row.insert(ids[i], i);
    }

    std::size_t tallest = 0;
    for (const auto &ids : columns)
        tallest = std::max<std::size_t>(tallest, static_cast<std::size_t>(ids.size()));
    for (int l = 0; l < layers; ++l) {
        const QStringList &ids = columns[static_cast<std::size_t>(l)];
        const double offset = (static_cast<double>(tallest) - ids.size()) * kRow / 2;
        for (int i = 0; i < ids.size(); ++i) {
            const QPointF p(topLeft.x() + l * kColumn, topLeft.y() + offset + i * kRow);
            result.insert(ids[i],
                          QPointF(std::round(p.x() / CanvasStyle::kGrid) * CanvasStyle::kGrid,
                                  std::round(p.y() / CanvasStyle::kGrid) * CanvasStyle::kGrid));
        }
    }
    return result;
}

} // namespace flowline::widgets

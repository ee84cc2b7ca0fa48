// flowline-bench-canvas: how fast the studio's canvas opens and repaints a large flow.
// One JSON line per case: opening a 500-node, 600-link flow (parse the .flow, build the scene,
// lay out and paint the first frame; target under 1 s) and repainting a full view (target under
// 16 ms), zoomed to fit (simplified nodes) and at 100 % (full detail).
//
// Runs on the offscreen platform when there is no display.

#include "FlowFile.h"
#include "NodeRegistry.h"
#include "canvas/FlowScene.h"
#include "canvas/FlowView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace flowline;

namespace {

void emitLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

const flows::NodeRegistry &benchRegistry()
{
    static const flows::NodeRegistry registry = [] {
        flows::NodeRegistry r;
        flows::NodeType t;
        t.id = QStringLiteral("bench.merge");
        t.displayName = QStringLiteral("Merge Tables");
        t.category = QStringLiteral("Data");
        t.inputs = {flows::PortSpec{QStringLiteral("left"), QStringLiteral("Left")},
                    flows::PortSpec{QStringLiteral("right"), QStringLiteral("Right"),
                                    flows::PortType::Table, false, true}};
        t.outputs = {flows::PortSpec{QStringLiteral("table"), QStringLiteral("Table")}};
        t.run = [](const flows::NodeInputs &,
                   core::JobContext &) -> core::Result<flows::NodeOutputs> {
            return core::Error{QStringLiteral("bench")};
        };
        r.add(std::move(t));
        return r;
    }();
    return registry;
}

// 500 nodes on a 25 x 20 grid; node i reads node i-1 (499 links) and, for 101 of them, also
// node i-2 (600 links in all).
QByteArray bigFlow()
{
    flows::FlowDocument doc(benchRegistry());
    for (int i = 0; i < 500; ++i)
        doc.addNode(QStringLiteral("bench.merge"), QPointF((i % 25) * 260.0, (i / 25) * 140.0), {},
                    QStringLiteral("n%1").arg(i));
    int links = 0;
    for (int i = 1; i < 500; ++i, ++links)
        doc.connect({QStringLiteral("n%1").arg(i - 1), QStringLiteral("table"),
                     QStringLiteral("n%1").arg(i), QStringLiteral("left")});
    for (int i = 2; links < 600; ++i, ++links)
        doc.connect({QStringLiteral("n%1").arg(i - 2), QStringLiteral("table"),
                     QStringLiteral("n%1").arg(i), QStringLiteral("right")});
    return flows::FlowFile::toJson(doc);
}

double repaintMs(widgets::FlowView &view, int times)
{
    view.viewport()->repaint(); // fills item caches at this zoom
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < times; ++i)
        view.viewport()->repaint();
    return t.nsecsElapsed() / 1e6 / times;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QByteArray json = bigFlow();

    double bestOpen = 1e300;
    int nodes = 0, links = 0;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer t;
        t.start();
        flows::FlowDocument doc(benchRegistry());
        const auto read = flows::FlowFile::fromJson(json, doc);
        if (!read) {
            std::fprintf(stderr, "%s\n", qPrintable(read.error().toString()));
            return 1;
        }
        widgets::FlowScene scene(doc, nullptr);
        widgets::FlowView view;
        view.resize(1600, 1000);
        view.setScene(&scene);
        view.show();
        view.fitToContents();
        view.viewport()->repaint();
        bestOpen = std::min(bestOpen, t.nsecsElapsed() / 1e9);
        nodes = static_cast<int>(doc.nodes().size());
        links = static_cast<int>(doc.links().size());
    }
    emitLine({{QStringLiteral("case"), QStringLiteral("canvas_open_500n_600l")},
              {QStringLiteral("tool"), QStringLiteral("flowline")},
              {QStringLiteral("nodes"), nodes},
              {QStringLiteral("links"), links},
              {QStringLiteral("seconds"), bestOpen},
              {QStringLiteral("target_seconds"), 1.0}});

    flows::FlowDocument doc(benchRegistry());
    if (!flows::FlowFile::fromJson(json, doc))
        return 1;
    widgets::FlowScene scene(doc, nullptr);
    widgets::FlowView view;
    view.resize(1600, 1000);
    view.setScene(&scene);
    view.show();
    QApplication::processEvents();
    view.fitToContents();
    emitLine({{QStringLiteral("case"), QStringLiteral("canvas_repaint_fit_500n_600l")},
              {QStringLiteral("tool"), QStringLiteral("flowline")},
              {QStringLiteral("zoom"), view.zoom()},
              {QStringLiteral("view_px"), QStringLiteral("1600x1000")},
              {QStringLiteral("ms"), repaintMs(view, 50)},
              {QStringLiteral("target_ms"), 16.0}});
    view.setZoom(1.0);
    view.centerOn(scene.contentsRect().center());
    int visible = 0;
    for (const auto *item : scene.items(view.mapToScene(view.viewport()->rect())))
        visible += item->type() == QGraphicsItem::UserType + 1;
    emitLine({{QStringLiteral("case"), QStringLiteral("canvas_repaint_100pct_500n_600l")},
              {QStringLiteral("tool"), QStringLiteral("flowline")},
              {QStringLiteral("zoom"), 1.0},
              {QStringLiteral("visible_nodes"), visible},
              {QStringLiteral("view_px"), QStringLiteral("1600x1000")},
              {QStringLiteral("ms"), repaintMs(view, 50)},
              {QStringLiteral("target_ms"), 16.0}});
    return 0;
}

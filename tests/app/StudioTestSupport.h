#pragma once

// Helpers for the studio's GUI tests: a registry with the built-in nodes plus a slow one that
// can be canceled, mouse events that carry held buttons (QTest's mouseMove does not), and the
// graph as JSON for comparisons at every undo / redo step.

#include "FlowFile.h"
#include "MainWindow.h"
#include "NodeRegistry.h"
#include "canvas/FlowScene.h"
#include "canvas/FlowView.h"
#include "canvas/NodeItem.h"
#include "canvas/PortItem.h"
#include "editing/FlowEditor.h"
#include "jobs/JobContext.h"
#include "table/Table.h"

#include <QApplication>
#include <QMouseEvent>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace flowline::tests {

inline const flows::NodeRegistry &studioRegistry()
{
    static const flows::NodeRegistry registry = [] {
        flows::NodeRegistry r;
        for (const flows::NodeType *t : flows::NodeRegistry::builtin().types())
            r.add(*t);
        flows::NodeType slow;
        slow.id = QStringLiteral("test.slow");
        slow.displayName = QStringLiteral("Slow Step");
        slow.category = QStringLiteral("Test");
        slow.inputs = {flows::PortSpec{QStringLiteral("table"), QStringLiteral("Table")}};
        slow.outputs = {flows::PortSpec{QStringLiteral("table"), QStringLiteral("Table")}};
        slow.run = [](const flows::NodeInputs &in,
                      core::JobContext &ctx) -> core::Result<flows::NodeOutputs> {
            for (int i = 0; i < 4000; ++i) { // 20 s unless canceled
                if (ctx.isCanceled())
                    return core::Error{QStringLiteral("canceled")};
                ctx.setProgress(i / 4000.0, QStringLiteral("step %1").arg(i));
                QThread::msleep(5);
            }
            return flows::NodeOutputs{in.first(0)};
        };
        r.add(std::move(slow));
        return r;
    }();
    return registry;
}

// A shown main window on the test registry, keeping its autosaves and experiment store in
// `dir`, that discards unsaved changes without asking.
inline std::unique_ptr<app::MainWindow> makeStudioWindow(const QTemporaryDir &dir)
{
    app::MainWindow::Options options;
    options.registry = &studioRegistry();
    options.autosaveDir = dir.filePath(QStringLiteral("recovery"));
    options.storePath = dir.filePath(QStringLiteral("experiments.sqlite"));
    auto w = std::make_unique<app::MainWindow>(options);
    w->setSavePrompt([](const QString &) { return app::MainWindow::SaveAnswer::Discard; });
    w->resize(1200, 800);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qWarning("window not exposed");
    return w;
}

inline QByteArray graphOf(app::MainWindow &w)
{
    return flows::FlowFile::toJson(w.editor()->document());
}

inline void sendMouse(QWidget *target, QEvent::Type type, QPoint pos, Qt::MouseButton button,
                      Qt::MouseButtons buttons)
{
    QMouseEvent event(type, QPointF(pos), QPointF(target->mapToGlobal(pos)), button, buttons,
                      Qt::NoModifier);
    QApplication::sendEvent(target, &event);
}

// Presses at `from`, moves in a few steps and releases at `to` (viewport coordinates).
inline void dragMouse(QWidget *viewport, QPoint from, QPoint to)
{
    sendMouse(viewport, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 4; ++i)
        sendMouse(viewport, QEvent::MouseMove, from + (to - from) * i / 4, Qt::NoButton,
                  Qt::LeftButton);
    sendMouse(viewport, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

inline QPoint portPoint(app::MainWindow &w, const QString &node, const QString &port, bool input)
{
    widgets::NodeItem *item = w.scene()->nodeItem(node);
    widgets::PortItem *p = item ? item->port(port, input) : nullptr;
    if (!p) {
        qWarning("no port %s.%s", qPrintable(node), qPrintable(port));
        return QPoint(-1000, -1000);
    }
    return w.view()->mapFromScene(p->scenePos());
}

inline QPoint nodeCenter(app::MainWindow &w, const QString &node)
{
    widgets::NodeItem *item = w.scene()->nodeItem(node);
    return w.view()->mapFromScene(item->sceneBoundingRect().center() + QPointF(0, -8));
}

} // namespace flowline::tests

// The studio driven like a person drives it: mouse and keyboard on the real main window.
// Every edit is undone and redone with the graph's JSON compared at each step.

#include "StudioTestSupport.h"

#include "JobsPanel.h"
#include "NodeInspector.h"
#include "NodePalette.h"
#include "ResultView.h"
#include "canvas/AnnotationItem.h"
#include "canvas/LinkItem.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolTip>
#include <QUndoStack>

using namespace flowline;
using namespace flowline::tests;

namespace {
const QString kIris = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/iris.csv");
const QString kChurnFlow =
    QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples/churn_explore.flow");
} // namespace

class TestStudio : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<app::MainWindow> makeWindow() { return makeStudioWindow(m_dir); }
    QString addNode(app::MainWindow &w, const QString &type, QPointF at,
                    const QVariantMap &params = {})
    {
        auto added = w.editor()->addNode(type, at, params);
        if (!added)
            qWarning("%s", qPrintable(added.error().message));
        return added ? *added : QString();
    }
    void checkUndoRedo(app::MainWindow &w, const QByteArray &before, const QByteArray &after)
    {
        QUndoStack &undo = w.editor()->undoStack();
        undo.undo();
        QCOMPARE(graphOf(w), before);
        undo.redo();
        QCOMPARE(graphOf(w), after);
        undo.undo();
        QCOMPARE(graphOf(w), before);
        undo.redo();
        QCOMPARE(graphOf(w), after);
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FlowlineTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studio"));
        QVERIFY(m_dir.isValid());
    }

    void dragFromPaletteOntoCanvas()
    {
        auto w = makeWindow();
        const QByteArray before = graphOf(*w);
        std::unique_ptr<QMimeData> mime(
            w->nodePalette()->mimeDataFor(QStringLiteral("data.sample")));
        QVERIFY(mime);
        QWidget *viewport = w->view()->viewport();
        const QPoint at(300, 200);
        QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
        QDropEvent drop(QPointF(at), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &drop);

        const auto &nodes = w->editor()->document().nodes();
        QCOMPARE(nodes.size(), std::size_t(1));
        QCOMPARE(nodes.front().type, QStringLiteral("data.sample"));
        const QPointF expected = widgets::FlowScene::snapped(w->view()->mapToScene(at));
        QCOMPARE(nodes.front().position, expected);
        QVERIFY(w->scene()->nodeItem(nodes.front().id));
        QCOMPARE(w->scene()->nodeItem(nodes.front().id)->pos(), expected);
        QCOMPARE(w->scene()->selectedNodes(), QStringList{nodes.front().id});
        QCOMPARE(w->inspector()->node(), nodes.front().id);
        QVERIFY(w->isWindowModified());
        checkUndoRedo(*w, before, graphOf(*w));
        w->editor()->undoStack().undo();
        QVERIFY(!w->scene()->nodeItem(QStringLiteral("sample1")));
    }

    void linkTwoNodesWithTheMouse()
    {
        auto w = makeWindow();
        const QString import = addNode(*w, QStringLiteral("data.csv_import"), {0, 0});
        const QString profile = addNode(*w, QStringLiteral("explore.profile"), {320, 0});
        w->view()->setZoom(1.0);
        w->view()->centerOn(250, 40);
        const QByteArray before = graphOf(*w);
        const int steps = w->editor()->undoStack().count();

        dragMouse(w->view()->viewport(), portPoint(*w, import, QStringLiteral("table"), false),
                  portPoint(*w, profile, QStringLiteral("table"), true));

        const auto &links = w->editor()->document().links();
        QCOMPARE(links.size(), std::size_t(1));
        QCOMPARE(links.front(),
                 (flows::Link{import, QStringLiteral("table"), profile, QStringLiteral("table")}));
        QCOMPARE(w->scene()->linkItemCount(), 1);
        QCOMPARE(w->editor()->undoStack().count(), steps + 1);
        QVERIFY(w->editor()->undoStack().undoText().contains(import));
        checkUndoRedo(*w, before, graphOf(*w));
    }

    void unlinkAndRename()
    {
        auto w = makeWindow();
        const QString import = addNode(*w, QStringLiteral("data.csv_import"), {0, 0});
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {320, 0});
        const flows::Link link{import, QStringLiteral("table"), sample, QStringLiteral("table")};
        QVERIFY(!w->editor()->connectPorts(link));
        const QByteArray linked = graphOf(*w);

        // Select the link by clicking on its curve, then press Delete.
        w->view()->setZoom(1.0);
        w->view()->centerOn(250, 40);
        auto *item = w->scene()->linkItem(link);
        QVERIFY(item);
        const QPoint onCurve = w->view()->mapFromScene(item->path().pointAtPercent(0.5));
        QTest::mouseClick(w->view()->viewport(), Qt::LeftButton, {}, onCurve);
        QCOMPARE(w->scene()->selectedLinks().size(), std::size_t(1));
        QTest::keyClick(w->view()->viewport(), Qt::Key_Delete);
        QVERIFY(w->editor()->document().links().empty());
        QVERIFY(w->editor()->undoStack().undoText().startsWith(QStringLiteral("Unlink")));
        checkUndoRedo(*w, linked, graphOf(*w));

        const QByteArray unlinked = graphOf(*w);
        w->editor()->setLabel(sample, QStringLiteral("Ten percent"));
        QCOMPARE(w->scene()->nodeItem(sample)->title(), QStringLiteral("Ten percent"));
        checkUndoRedo(*w, unlinked, graphOf(*w));
        w->editor()->undoStack().undo();
        QCOMPARE(w->scene()->nodeItem(sample)->title(), QStringLiteral("Sample Rows"));
    }

    void refuseAnIncompatibleLink()
    {
        auto w = makeWindow();
        const QString profile = addNode(*w, QStringLiteral("explore.profile"), {0, 0});
        const QString select = addNode(*w, QStringLiteral("data.select_columns"), {320, 0});
        w->view()->setZoom(1.0);
        w->view()->centerOn(250, 40);
        const QByteArray before = graphOf(*w);
        const int steps = w->editor()->undoStack().count();
        QSignalSpy refused(w->scene(), &widgets::FlowScene::linkRefused);

        // The profile's Report output onto a Table input.
        dragMouse(w->view()->viewport(), portPoint(*w, profile, QStringLiteral("report"), false),
                  portPoint(*w, select, QStringLiteral("table"), true));

        QCOMPARE(graphOf(*w), before);
        QCOMPARE(w->editor()->undoStack().count(), steps);
        QCOMPARE(refused.count(), 1);
        const QString reason = w->scene()->lastRefusal();
        const auto expected = w->editor()->document().canConnect(
            flows::Link{profile, QStringLiteral("report"), select, QStringLiteral("table")});
        QVERIFY(expected.has_value());
        QCOMPARE(reason, *expected); // the model's own reason, word for word
        QVERIFY(QToolTip::text().contains(reason));
    }

    void editAParameterInTheInspector()
    {
        auto w = makeWindow();
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {0, 0});
        w->view()->setZoom(1.0);
        w->view()->centerOn(100, 40);
        QTest::mouseClick(w->view()->viewport(), Qt::LeftButton, {}, nodeCenter(*w, sample));
        QCOMPARE(w->inspector()->node(), sample);
        const QByteArray before = graphOf(*w);

        auto *fraction =
            qobject_cast<QDoubleSpinBox *>(w->inspector()->editor(QStringLiteral("fraction")));
        QVERIFY(fraction);
        fraction->setFocus();
        fraction->selectAll();
        QTest::keyClicks(fraction, QStringLiteral("0.5"));
        QTest::keyClick(fraction, Qt::Key_Return);
        QCOMPARE(w->editor()->document().node(sample)->params.value(QStringLiteral("fraction")),
                 QVariant(0.5));
        const QByteArray after = graphOf(*w);
        QVERIFY(after != before);
        checkUndoRedo(*w, before, after);
        // The editor follows the document on undo.
        const double defaultFraction = w->editor()
                                           ->document()
                                           .typeOf(sample)
                                           ->param(QStringLiteral("fraction"))
                                           ->defaultValue.toDouble();
        w->editor()->undoStack().undo();
        QCOMPARE(fraction->value(), defaultFraction);
        w->editor()->undoStack().redo();
        QCOMPARE(fraction->value(), 0.5);

        // A second edit of the same field merges into the same step.
        const int steps = w->editor()->undoStack().count();
        fraction->selectAll();
        QTest::keyClicks(fraction, QStringLiteral("0.75"));
        QTest::keyClick(fraction, Qt::Key_Return);
        QCOMPARE(w->editor()->undoStack().count(), steps);
        w->editor()->undoStack().undo();
        QCOMPARE(graphOf(*w), before);
    }

    void moveANodeWithTheMouse()
    {
        auto w = makeWindow();
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {0, 0});
        w->view()->setZoom(1.0);
        w->view()->centerOn(100, 40);
        const QByteArray before = graphOf(*w);
        const QPoint from = nodeCenter(*w, sample);
        dragMouse(w->view()->viewport(), from, from + QPoint(103, 41));
        const QPointF moved = w->editor()->document().node(sample)->position;
        QCOMPARE(moved, QPointF(100, 40)); // snapped to the 20 px grid
        QCOMPARE(w->scene()->nodeItem(sample)->pos(), moved);
        checkUndoRedo(*w, before, graphOf(*w));
        w->editor()->undoStack().undo();
        QCOMPARE(w->scene()->nodeItem(sample)->pos(), QPointF(0, 0));
    }

    void deleteCopyPasteAndDuplicate()
    {
        auto w = makeWindow();
        const QString import = addNode(*w, QStringLiteral("data.csv_import"), {0, 0},
                                       {{QStringLiteral("file"), kIris}});
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {300, 0});
        QVERIFY(!w->editor()->connectPorts(
            {import, QStringLiteral("table"), sample, QStringLiteral("table")}));
        w->editor()->setLabel(sample, QStringLiteral("A sample"));
        const QByteArray start = graphOf(*w);

        // Copy both, paste: two more nodes and their link, with fresh ids.
        w->scene()->selectItems({import, sample});
        w->view()->setFocus();
        w->action(QStringLiteral("actionCopy"))->trigger();
        const QMimeData *clip = QApplication::clipboard()->mimeData();
        QVERIFY(widgets::FlowEditor::canPaste(clip));
        QVERIFY(clip->text().contains(QStringLiteral("\"A sample\"")));
        w->action(QStringLiteral("actionPaste"))->trigger();
        const auto &doc = w->editor()->document();
        QCOMPARE(doc.nodes().size(), std::size_t(4));
        QCOMPARE(doc.links().size(), std::size_t(2));
        QCOMPARE(w->scene()->selectedNodes().size(), 2); // the pasted ones
        QVERIFY(!w->scene()->selectedNodes().contains(import));
        checkUndoRedo(*w, start, graphOf(*w));

        // Duplicate the pasted pair (undo and redo made new items: select them again).
        const QByteArray pasted = graphOf(*w);
        QStringList pastedIds;
        for (const auto &n : doc.nodes()) {
            if (n.id != import && n.id != sample)
                pastedIds << n.id;
        }
        w->scene()->selectItems(pastedIds);
        w->action(QStringLiteral("actionDuplicate"))->trigger();
        QCOMPARE(doc.nodes().size(), std::size_t(6));
        QCOMPARE(doc.links().size(), std::size_t(3));
        checkUndoRedo(*w, pasted, graphOf(*w));

        // Delete the first sample: its link goes with it; undo brings both back.
        const QByteArray full = graphOf(*w);
        w->scene()->selectItems({sample});
        QTest::keyClick(w->view()->viewport(), Qt::Key_Delete);
        QVERIFY(!doc.node(sample));
        QCOMPARE(doc.links().size(), std::size_t(2));
        checkUndoRedo(*w, full, graphOf(*w));

        // A flow pasted as plain text (from a chat, say) works too.
        QMimeData text;
        text.setText(QString::fromUtf8(start));
        QVERIFY(w->editor()->paste(&text, QPointF(0, 400)));
        QCOMPARE(doc.nodes().size(), std::size_t(7));
        QMimeData junk;
        junk.setText(QStringLiteral("{\"nodes\": [}"));
        QVERIFY(!w->editor()->paste(&junk));
    }

    void tidyLayoutAndAnnotations()
    {
        auto w = makeWindow();
        const QString a = addNode(*w, QStringLiteral("data.csv_import"), {500, 300});
        const QString b = addNode(*w, QStringLiteral("data.sample"), {0, 0});
        const QString c = addNode(*w, QStringLiteral("explore.profile"), {-200, 500});
        w->editor()->connectPorts({a, QStringLiteral("table"), b, QStringLiteral("table")});
        w->editor()->connectPorts({b, QStringLiteral("table"), c, QStringLiteral("table")});
        const QByteArray before = graphOf(*w);
        w->action(QStringLiteral("actionTidy"))->trigger();
        const auto &doc = w->editor()->document();
        QVERIFY(doc.node(a)->position.x() < doc.node(b)->position.x());
        QVERIFY(doc.node(b)->position.x() < doc.node(c)->position.x());
        QCOMPARE(doc.node(a)->position.y(), doc.node(c)->position.y());
        QCOMPARE(w->editor()->undoStack().undoText(), QStringLiteral("Tidy Layout"));
        checkUndoRedo(*w, before, graphOf(*w));

        const QByteArray plain = graphOf(*w);
        w->action(QStringLiteral("actionAnnotate"))->trigger();
        QCOMPARE(doc.annotations().size(), std::size_t(1));
        const QString note = doc.annotations().front().id;
        QVERIFY(w->scene()->annotationItem(note));
        checkUndoRedo(*w, plain, graphOf(*w));
        const QByteArray annotated = graphOf(*w);
        w->editor()->setAnnotationText(note, QStringLiteral("Read the churn data"));
        QCOMPARE(w->scene()->annotationItem(note)->toPlainText(),
                 QStringLiteral("Read the churn data"));
        checkUndoRedo(*w, annotated, graphOf(*w));
    }

    void saveAndReopenIsEqual()
    {
        auto w = makeWindow();
        const QString import = addNode(*w, QStringLiteral("data.csv_import"), {0, 0},
                                       {{QStringLiteral("file"), kIris}});
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {300, 0},
                                       {{QStringLiteral("fraction"), 0.3}});
        w->editor()->connectPorts(
            {import, QStringLiteral("table"), sample, QStringLiteral("table")});
        w->editor()->addAnnotation(QStringLiteral("hello"), {0, 200});
        QVERIFY(w->isWindowModified());
        const QString path = m_dir.filePath(QStringLiteral("saved.flow"));
        QVERIFY(w->saveAs(path));
        QVERIFY(!w->isWindowModified());
        QVERIFY(w->windowTitle().startsWith(QStringLiteral("saved.flow")));
        QVERIFY(QFile::exists(path));

        auto other = makeWindow();
        QVERIFY(other->openFlow(path));
        QCOMPARE(graphOf(*other), graphOf(*w));
        QVERIFY(!other->isWindowModified());
        QCOMPARE(other->editor()->filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(other->scene()->linkItemCount(), 1);

        // A broken file is refused and the open flow stays.
        const QString broken = m_dir.filePath(QStringLiteral("broken.flow"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": 1, \"nodes\": [{\"id\": \"x\", \"type\": \"no.such\"}]}");
        f.close();
        QTimer::singleShot(0, [] { // the error box
            if (QWidget *box = QApplication::activeModalWidget())
                box->close();
        });
        QVERIFY(!other->openFlow(broken));
        QCOMPARE(graphOf(*other), graphOf(*w));
    }

    void runAFlowAndSeeEveryNodeDone()
    {
        auto w = makeWindow();
        QVERIFY(w->openFlow(kChurnFlow));
        w->action(QStringLiteral("actionRun"))->trigger();
        const auto &ex = w->editor()->executor();
        for (const auto &n : w->editor()->document().nodes()) {
            QTRY_COMPARE_WITH_TIMEOUT(ex.state(n.id), flows::NodeState::Done, 30000);
            QCOMPARE(w->scene()->nodeItem(n.id)->state(), flows::NodeState::Done);
            QVERIFY(w->jobs()->rowOf(n.id) >= 0);
        }
        // Double-clicking a node opens its result in a tab.
        w->view()->centerOn(w->scene()->nodeItem(QStringLiteral("import")));
        QTest::mouseDClick(w->view()->viewport(), Qt::LeftButton, {},
                           nodeCenter(*w, QStringLiteral("import")));
        widgets::ResultView *result = w->resultView(QStringLiteral("import"));
        QVERIFY(result);
        QCOMPARE(w->tabs()->currentWidget(), result);
        QVERIFY(result->value());
        QCOMPARE(result->value()->type(), flows::PortType::Table);

        // Editing a parameter makes the node and what follows it stale, visibly.
        w->editor()->setParam(QStringLiteral("filter"), QStringLiteral("formula"),
                              QStringLiteral("tenure_months >= 12"));
        for (const QString &id : {QStringLiteral("filter"), QStringLiteral("sample")}) {
            QCOMPARE(ex.state(id), flows::NodeState::Stale);
            QCOMPARE(w->scene()->nodeItem(id)->state(), flows::NodeState::Stale);
        }
        QCOMPARE(ex.state(QStringLiteral("import")), flows::NodeState::Done);
    }

    void cancelARunningNode()
    {
        auto w = makeWindow();
        const QString import = addNode(*w, QStringLiteral("data.csv_import"), {0, 0},
                                       {{QStringLiteral("file"), kIris}});
        const QString slow = addNode(*w, QStringLiteral("test.slow"), {300, 0});
        w->editor()->connectPorts({import, QStringLiteral("table"), slow, QStringLiteral("table")});
        w->runAll();
        const auto &ex = w->editor()->executor();
        QTRY_COMPARE_WITH_TIMEOUT(ex.state(slow), flows::NodeState::Running, 10000);
        QTRY_VERIFY(w->scene()->nodeItem(slow)->progress() > 0);
        QVERIFY(w->action(QStringLiteral("actionCancel"))->isEnabled());
        w->action(QStringLiteral("actionCancel"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ex.state(slow), flows::NodeState::Canceled, 5000);
        QCOMPARE(w->scene()->nodeItem(slow)->state(), flows::NodeState::Canceled);
        QCOMPARE(ex.state(import), flows::NodeState::Done);
        QTRY_VERIFY(!ex.isRunning());
        QVERIFY(w->action(QStringLiteral("actionRun"))->isEnabled());
    }

    void recoverFromAnAutosave()
    {
        const QString dir = m_dir.filePath(QStringLiteral("crash"));
        QByteArray lost;
        {
            app::MainWindow::Options options;
            options.registry = &studioRegistry();
            options.autosaveDir = dir;
            app::MainWindow w(options);
            w.editor()->addNode(QStringLiteral("data.csv_import"), {0, 0},
                                {{QStringLiteral("file"), kIris}});
            w.editor()->addNode(QStringLiteral("data.sample"), {300, 0});
            QVERIFY(w.autosave()->saveNow());
            lost = graphOf(w);
            // While the session lives, its copy is not offered to anyone.
            QVERIFY(app::Autosave::recoverable(dir).isEmpty());
            // Leaving without closing is what a crash looks like to the next start.
        }
        const QList<app::Recovery> found = app::Autosave::recoverable(dir);
        QCOMPARE(found.size(), 1);
        QVERIFY(found.front().originalPath.isEmpty());

        app::MainWindow::Options options;
        options.registry = &studioRegistry();
        options.autosaveDir = dir;
        app::MainWindow w(options);
        QVERIFY(w.restoreRecovery(found.front()));
        QCOMPARE(graphOf(w), lost);
        QVERIFY(w.isWindowModified()); // restored, not saved
        QVERIFY(!QFile::exists(found.front().flowPath));
        QVERIFY(app::Autosave::recoverable(dir).isEmpty());

        // Saving ends the need for a copy.
        QVERIFY(w.saveAs(m_dir.filePath(QStringLiteral("recovered.flow"))));
        QVERIFY(!QFile::exists(w.autosave()->recoveryFile()));
    }

    void aCorruptOrTruncatedRecoveryFileIsRefused()
    {
        const QString dir = m_dir.filePath(QStringLiteral("corrupt"));
        QDir().mkpath(dir);
        // A recovery copy cut off mid-write, one that is not JSON, and one too new to read.
        const QByteArray good = [] {
            flows::FlowDocument doc(studioRegistry());
            doc.addNode(QStringLiteral("data.sample"), {0, 0});
            return flows::FlowFile::toJson(doc);
        }();
        const QList<QByteArray> bad{good.left(good.size() / 2), QByteArray("\x00\xff garbage"),
                                    QByteArray("{\"format\": 999, \"nodes\": []}")};
        for (int i = 0; i < bad.size(); ++i) {
            QFile f(QDir(dir).filePath(QStringLiteral("session%1.flow").arg(i)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bad[i]);
        }
        const QList<app::Recovery> found = app::Autosave::recoverable(dir);
        QCOMPARE(found.size(), bad.size());
        auto w = makeWindow();
        addNode(*w, QStringLiteral("data.csv_import"), {0, 0});
        const QByteArray before = graphOf(*w);
        QStringList asked;
        w->setSavePrompt([&](const QString &name) {
            asked << name;
            return app::MainWindow::SaveAnswer::Discard;
        });
        for (const app::Recovery &r : found) {
            QTimer::singleShot(0, [] { // the error box
                if (QWidget *box = QApplication::activeModalWidget())
                    box->close();
            });
            QVERIFY(!w->restoreRecovery(r));
            QCOMPARE(graphOf(*w), before);      // the open flow is left as it was
            QVERIFY(QFile::exists(r.flowPath)); // and the copy is kept, not thrown away
        }
        QVERIFY(asked.isEmpty()); // nothing unreadable ever asks to discard the open flow
        QVERIFY(w->isWindowModified());
    }

    void unsavedChangesAreAskedAbout()
    {
        auto w = makeWindow();
        addNode(*w, QStringLiteral("data.sample"), {0, 0});
        QStringList asked;
        w->setSavePrompt([&](const QString &name) {
            asked << name;
            return app::MainWindow::SaveAnswer::Cancel;
        });
        QVERIFY(!w->close());
        QVERIFY(w->isVisible());
        QCOMPARE(asked, QStringList{QStringLiteral("Untitled")});
        w->newFlow(); // canceled too
        QCOMPARE(w->editor()->document().nodes().size(), std::size_t(1));
        w->setSavePrompt([](const QString &) { return app::MainWindow::SaveAnswer::Discard; });
        QVERIFY(w->close());
    }

    void dropACsvFileToImportIt()
    {
        auto w = makeWindow();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(kIris)});
        QWidget *viewport = w->view()->viewport();
        const QPoint at(250, 250);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &drop);
        const auto &nodes = w->editor()->document().nodes();
        QCOMPARE(nodes.size(), std::size_t(1));
        QCOMPARE(nodes.front().type, QStringLiteral("data.csv_import"));
        QCOMPARE(nodes.front().params.value(QStringLiteral("file")).toString(), kIris);
        QCOMPARE(nodes.front().position, widgets::FlowScene::snapped(w->view()->mapToScene(at)));
    }

    void keyboardShortcuts()
    {
        auto w = makeWindow();
        const QString sample = addNode(*w, QStringLiteral("data.sample"), {0, 0});
        w->scene()->selectItems({sample});
        w->view()->setFocus();
        QTest::keyClick(w->view()->viewport(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(w->editor()->document().nodes().size(), std::size_t(2));
        QTest::keyClick(w->view()->viewport(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(w->editor()->document().nodes().size(), std::size_t(1));
        QTest::keyClick(w->view()->viewport(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(w->editor()->document().nodes().size(), std::size_t(2));
        // Arrow keys nudge the selection; consecutive nudges are one undo step.
        const QString moved = sample;
        w->scene()->selectItems({moved});
        const QPointF start = w->editor()->document().node(moved)->position;
        const int steps = w->editor()->undoStack().count();
        QTest::keyClick(w->view()->viewport(), Qt::Key_Right);
        QTest::keyClick(w->view()->viewport(), Qt::Key_Right);
        QCOMPARE(w->editor()->document().node(moved)->position, start + QPointF(40, 0));
        QCOMPARE(w->editor()->undoStack().count(), steps + 1);
        // Ctrl+F goes to the palette's search box.
        QTest::keyClick(w.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(w->nodePalette()->searchBox()->hasFocus());
        // Zoom keys.
        w->view()->setFocus();
        const double zoom = w->view()->zoom();
        QTest::keyClick(w->view()->viewport(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(w->view()->zoom() < zoom);
    }
};

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"

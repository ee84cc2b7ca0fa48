// The quick model: from a node's table, one action adds split → model → evaluate, runs it and
// shows the evaluation; one undo takes it all back.

#include "QuickModelDialog.h"
#include "ResultView.h"
#include "StudioTestSupport.h"

#include "ModelValues.h"
#include "store/ExperimentStore.h"

#include <QAction>
#include <QComboBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace flowline;
using namespace flowline::tests;

namespace {

const QString kChurn = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/customer_churn.csv");

} // namespace

class TestQuickModel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<app::MainWindow> makeWindow() { return makeStudioWindow(m_dir); }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("FlowlineTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_quickmodel"));
        QVERIFY(m_dir.isValid());
    }

    void quickModelFromTheMenu()
    {
        auto w = makeWindow();
        auto import = w->editor()->importFile(kChurn, {0, 0});
        QVERIFY(import);
        const auto &ex = w->editor()->executor();
        // Run the import first so the dialog offers its columns.
        w->runTo(*import);
        QTRY_COMPARE_WITH_TIMEOUT(ex.state(*import), flows::NodeState::Done, 20000);
        const QByteArray before = graphOf(*w);

        QStringList offered;
        bool stratifies = false;
        w->setQuickModelAnswer([&](app::QuickModelDialog &d) {
            for (int i = 0; i < d.targetBox()->count(); ++i)
                offered << d.targetBox()->itemText(i);
            d.targetBox()->setCurrentText(QStringLiteral("churned"));
            d.algorithmBox()->setCurrentIndex(
                d.algorithmBox()->findData(QStringLiteral("logistic_regression")));
            stratifies = d.spec().stratify;
        });
        w->scene()->selectItems({*import}, {});
        QAction *action = w->action(QStringLiteral("actionQuickModel"));
        QVERIFY(action->isEnabled());
        action->trigger();
        QVERIFY(offered.contains(QStringLiteral("churned")));
        QVERIFY(stratifies); // churned is a class column

        // Three new nodes, wired: import → split → model (train part), split test → evaluate.
        const flows::FlowDocument &doc = w->editor()->document();
        QCOMPARE(int(doc.nodes().size()), 4);
        QString split, model, evaluate;
        for (const flows::Node &n : doc.nodes()) {
            if (n.type == QLatin1String("split.train_test"))
                split = n.id;
            else if (n.type == QLatin1String("model.logistic_regression"))
                model = n.id;
            else if (n.type == QLatin1String("eval.evaluate"))
                evaluate = n.id;
        }
        QVERIFY(!split.isEmpty() && !model.isEmpty() && !evaluate.isEmpty());
        QCOMPARE(doc.node(split)->params.value(QStringLiteral("stratify_by")).toString(),
                 QStringLiteral("churned"));
        QCOMPARE(doc.node(model)->params.value(QStringLiteral("target")).toString(),
                 QStringLiteral("churned"));
        const auto links = doc.links();
        auto linked = [&](const QString &from, const QString &fromPort, const QString &to,
                          const QString &toPort) {
            return std::find(links.begin(), links.end(), flows::Link{from, fromPort, to, toPort}) !=
                   links.end();
        };
        QVERIFY(linked(*import, QStringLiteral("table"), split, QStringLiteral("table")));
        QVERIFY(linked(split, QStringLiteral("train"), model, QStringLiteral("table")));
        QVERIFY(linked(model, QStringLiteral("model"), evaluate, QStringLiteral("model")));
        QVERIFY(linked(split, QStringLiteral("test"), evaluate, QStringLiteral("table")));

        // It runs by itself and the evaluation opens in a tab.
        QTRY_COMPARE_WITH_TIMEOUT(ex.state(evaluate), flows::NodeState::Done, 30000);
        widgets::ResultView *page = w->resultView(evaluate);
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->value() != nullptr, 5000);
        QCOMPARE(page->value()->type(), flows::PortType::Evaluation);
        const auto &ev = static_cast<const flows::EvaluationValue &>(*page->value());
        const double accuracy = ev.evaluation().metric(QStringLiteral("accuracy"));
        QVERIFY2(accuracy > 0.8 && accuracy <= 1.0, qPrintable(QString::number(accuracy)));

        // Both executions were recorded in the experiment store, with what they produced.
        auto store = core::store::ExperimentStore::open(
            w->storePath(), core::store::ExperimentStore::Access::ReadOnly);
        QVERIFY2(store, store ? "" : qPrintable(store.error().toString()));
        auto runs = (*store)->runs({});
        QVERIFY(runs);
        QCOMPARE(int(runs->size()), 2);
        for (const core::store::RunSummary &r : *runs) {
            QCOMPARE(r.experiment, QStringLiteral("untitled"));
            QCOMPARE(r.algorithm, QStringLiteral("logistic_regression"));
            QCOMPARE(r.status, core::store::RunStatus::Finished);
            auto details = (*store)->run(r.id);
            QVERIFY(details);
            QVERIFY(details->flowSnapshot.contains(QStringLiteral("split.train_test")));
            QCOMPARE(int(details->inputs.size()), 1);
            QVERIFY(details->inputs.front().fingerprint.startsWith(QStringLiteral("sha256:")));
            QStringList artifacts;
            for (const auto &a : details->artifacts)
                artifacts << a.name;
            if (r.nodeId == model) {
                QCOMPARE(details->params.at(QStringLiteral("target")), QStringLiteral("churned"));
                QVERIFY2(artifacts.contains(QStringLiteral("model.flmodel")),
                         qPrintable(artifacts.join(QLatin1Char(','))));
            } else {
                QCOMPARE(r.nodeId, evaluate);
                QCOMPARE(details->metrics.at(QStringLiteral("accuracy")).value, accuracy);
                QVERIFY2(artifacts.contains(QStringLiteral("confusion_matrix")),
                         qPrintable(artifacts.join(QLatin1Char(','))));
            }
        }

        // One undo step takes the whole quick model away.
        w->editor()->undoStack().undo();
        QCOMPARE(graphOf(*w), before);
    }

    void refusedWithoutATarget()
    {
        auto w = makeWindow();
        auto import = w->editor()->importFile(kChurn, {0, 0});
        QVERIFY(import);
        const int steps = w->editor()->undoStack().count();
        widgets::FlowEditor::QuickModelSpec spec;
        auto none = w->editor()->addQuickModel(*import, 0, spec);
        QVERIFY(!none);
        QVERIFY(none.error().message.contains(QStringLiteral("column to predict")));
        spec.target = QStringLiteral("churned");
        spec.algorithm = QStringLiteral("no_such_thing");
        auto bad = w->editor()->addQuickModel(*import, 0, spec);
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QStringLiteral("no_such_thing")));
        QCOMPARE(w->editor()->undoStack().count(), steps); // nothing was added
    }
};

QTEST_MAIN(TestQuickModel)
#include "tst_quickmodel.moc"

// The model and evaluation node types, run through the executor: import → split → train →
// evaluate / predict, and cross-validation.

#include "Executor.h"
#include "FlowDocument.h"
#include "ModelValues.h"
#include "NodeRegistry.h"
#include "TrainFlowSupport.h"
#include "ml/Estimator.h"

#include <QSignalSpy>
#include <QtTest>

using namespace flowline;
using namespace flowline::flows;

namespace {

const QString kData = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/");

bool runAndWait(Executor &e, const QStringList &targets = {})
{
    QSignalSpy done(&e, &Executor::runFinished);
    if (!e.run(targets))
        return false;
    return done.count() > 0 || done.wait(60000);
}

// import → split → model.<algorithm> (train part) → evaluate (test part), predict (test part).
struct TrainFlow
{
    FlowDocument doc;
    Executor executor{doc};

    TrainFlow(const QString &file, const QString &algorithm, const QVariantMap &params)
    {
        tests::addTrainAndEvaluate(doc, file, algorithm, params);
        doc.addNode(QStringLiteral("eval.predict"), {}, {}, QStringLiteral("predict"));
        tests::connectAll(
            doc, {{"model", "model", "predict", "model"}, {"split", "test", "predict", "table"}});
    }
};

} // namespace

class TstModelNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneTrainNodePerEstimator()
    {
        const NodeRegistry &r = NodeRegistry::builtin();
        for (const auto &e : core::ml::estimators()) {
            const NodeType *t = r.find(QStringLiteral("model.") + e.id);
            QVERIFY2(t, qPrintable(e.id));
            QVERIFY(t->trains);
            QCOMPARE(t->outputs.front().type, PortType::Model);
            // Every estimator parameter is a node parameter with the same default.
            for (const auto &p : e.params) {
                const ParamSpec *s = t->param(p.key);
                QVERIFY2(s, qPrintable(e.id + QLatin1Char('.') + p.key));
                QCOMPARE(s->defaultValue, p.defaultValue);
            }
        }
        QVERIFY(r.find(QStringLiteral("eval.evaluate")));
        QVERIFY(r.find(QStringLiteral("eval.cross_validate")));
        QVERIFY(r.find(QStringLiteral("eval.predict")));
    }

    void trainEvaluateAndPredictOnASplit()
    {
        TrainFlow f(QStringLiteral("diabetes.csv"), QStringLiteral("linear_regression"),
                    {{QStringLiteral("target"), QStringLiteral("progression")}});
        QVERIFY(runAndWait(f.executor));
        QCOMPARE(f.executor.state(QStringLiteral("model")), NodeState::Done);
        QCOMPARE(f.executor.state(QStringLiteral("evaluate")), NodeState::Done);
        const auto ev = f.executor.output(QStringLiteral("evaluate"));
        QVERIFY(ev && ev->type() == PortType::Evaluation);
        const auto &evaluation = static_cast<const EvaluationValue &>(*ev).evaluation();
        const double r2 = evaluation.metric(QStringLiteral("r2"));
        QVERIFY2(r2 > 0.3 && r2 < 0.7, qPrintable(QString::number(r2)));
        QVERIFY(ev->summary().contains(QStringLiteral("r2")));
        const auto predicted = f.executor.output(QStringLiteral("predict"));
        QVERIFY(predicted && predicted->type() == PortType::Table);
        const auto &table = static_cast<const TableValue &>(*predicted).table();
        QVERIFY(table.indexOf(QStringLiteral("prediction")) >= 0);
        QCOMPARE(table.rowCount(), 442 - 354);
        // The model's JSON shows what it learned, by feature name.
        const QJsonObject model = f.executor.output(QStringLiteral("model"))->toJson();
        QVERIFY(model.value(QStringLiteral("learned"))
                    .toObject()
                    .value(QStringLiteral("coefficients"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("coefficients"))
                    .toObject()
                    .contains(QStringLiteral("bmi")));
        QVERIFY(model.value(QStringLiteral("preparation")).toArray().size() >= 2);
    }

    void aMissingTargetIsAClearError()
    {
        TrainFlow f(QStringLiteral("iris.csv"), QStringLiteral("linear_regression"),
                    {{QStringLiteral("target"), QStringLiteral("species")}});
        QVERIFY(runAndWait(f.executor));
        QCOMPARE(f.executor.state(QStringLiteral("model")), NodeState::Failed);
        QVERIFY2(
            f.executor.message(QStringLiteral("model")).contains(QStringLiteral("numeric target")),
            qPrintable(f.executor.message(QStringLiteral("model"))));
        QVERIFY(f.executor.state(QStringLiteral("evaluate")) != NodeState::Done);
    }

    void crossValidateGivesFoldsAndSpread()
    {
        FlowDocument doc;
        Executor executor{doc};
        doc.addNode(QStringLiteral("data.csv_import"), {},
                    {{QStringLiteral("file"), kData + QStringLiteral("diabetes.csv")}},
                    QStringLiteral("import"));
        auto cv = doc.addNode(QStringLiteral("eval.cross_validate"), {},
                              {{QStringLiteral("algorithm"), QStringLiteral("linear_regression")},
                               {QStringLiteral("target"), QStringLiteral("progression")},
                               {QStringLiteral("folds"), 4}},
                              QStringLiteral("cv"));
        QVERIFY2(cv, qPrintable(cv ? QString() : cv.error().message));
        QVERIFY(doc.connect(Link{QStringLiteral("import"), QStringLiteral("table"),
                                 QStringLiteral("cv"), QStringLiteral("table")}));
        QVERIFY(runAndWait(executor));
        QCOMPARE(executor.state(QStringLiteral("cv")), NodeState::Done);
        const auto &value =
            static_cast<const EvaluationValue &>(*executor.output(QStringLiteral("cv")));
        QVERIFY(value.crossValidation().has_value());
        QCOMPARE(value.crossValidation()->folds.size(), std::size_t(4));
        const QJsonObject json = value.toJson();
        QCOMPARE(json.value(QStringLiteral("folds")).toArray().size(), 4);
        QVERIFY(json.value(QStringLiteral("std")).toObject().contains(QStringLiteral("r2")));

        // A bad parameter in the text is an error naming it.
        doc.setParam(QStringLiteral("cv"), QStringLiteral("parameters"),
                     QStringLiteral("fit_intercept=perhaps"));
        QVERIFY(runAndWait(executor));
        QCOMPARE(executor.state(QStringLiteral("cv")), NodeState::Failed);
        QVERIFY(executor.message(QStringLiteral("cv")).contains(QStringLiteral("fit_intercept")));
    }
};

QTEST_GUILESS_MAIN(TstModelNodes)
#include "tst_modelnodes.moc"

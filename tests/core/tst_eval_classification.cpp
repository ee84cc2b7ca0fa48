#include "EvalReference.h"

#include <QSet>
#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

class TstEvalClassification : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesScikitLearn_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = refCases(QStringLiteral("metrics_classification.json"));
        QVERIFY(cases.size() >= 10);
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].toObject().value(QStringLiteral("name")).toString()))
                << i;
    }

    // Every metric equals sklearn.metrics to 1e-9 (relative above 1), the metric keys are
    // exactly the ones sklearn gives for the case, and the confusion matrix matches.
    void matchesScikitLearn()
    {
        QFETCH(int, index);
        const QJsonObject c =
            refCases(QStringLiteral("metrics_classification.json"))[index].toObject();
        const eval::ClassificationInput in = classificationInput(c);
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClassification(in, ctx);
        const QJsonObject expected = c.value(QStringLiteral("metrics")).toObject();
        QString why;
        QVERIFY2(metricsMatch(e, expected, 1e-9, &why), qPrintable(why));
        QSet<QString> keys;
        for (const eval::Metric &m : e.metrics)
            keys.insert(m.key);
        QCOMPARE(keys.size(), int(e.metrics.size()));
        const QStringList expectedKeys = expected.keys();
        QCOMPARE(keys, QSet<QString>(expectedKeys.begin(), expectedKeys.end()));
        QCOMPARE(e.confusion, refMatrix(c, QStringLiteral("confusion")));
        QCOMPARE(e.task, QStringLiteral("classification"));
    }

    void multiClassMetricsLeaveOutBinaryOnes()
    {
        const QJsonObject c = refCases(QStringLiteral("metrics_classification.json"))[6].toObject();
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClassification(classificationInput(c), ctx);
        QCOMPARE(e.classes.size(), 3);
        QVERIFY(std::isnan(e.metric(QStringLiteral("f1"))));
        QVERIFY(std::isnan(e.metric(QStringLiteral("roc_auc"))));
        QVERIFY(e.metric(QStringLiteral("roc_auc_ovr_macro")) > 0.5);
        QVERIFY(e.curve(QStringLiteral("roc:1")));
        QVERIFY(e.curve(QStringLiteral("calibration:2")));
        QVERIFY(!e.curve(QStringLiteral("roc")));
    }

    void emptyInputGivesNaN()
    {
        eval::ClassificationInput in;
        in.classes = QStringList{QStringLiteral("a"), QStringLiteral("b")};
        in.proba.resize(0, 2);
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClassification(in, ctx);
        QVERIFY(!e.metrics.empty());
        for (const eval::Metric &m : e.metrics)
            QVERIFY2(std::isnan(m.value), qPrintable(m.key));
        QCOMPARE(e.confusion.rows(), 2);
        QVERIFY(e.curves.empty());
    }

    void oneClassPresent()
    {
        eval::ClassificationInput in;
        in.classes = QStringList{QStringLiteral("no"), QStringLiteral("yes")};
        in.truth = Eigen::VectorXi::Ones(4);
        in.predicted = Eigen::VectorXi{{1, 1, 0, 1}};
        in.proba = Eigen::MatrixXd{{0.2, 0.8}, {0.4, 0.6}, {0.7, 0.3}, {0.1, 0.9}};
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClassification(in, ctx);
        QCOMPARE(e.metric(QStringLiteral("accuracy")), 0.75);
        QCOMPARE(e.metric(QStringLiteral("recall")), 0.75);
        QCOMPARE(e.metric(QStringLiteral("precision")), 1.0);
        QVERIFY(std::isnan(e.metric(QStringLiteral("roc_auc")))); // sklearn raises
        QVERIFY(std::isnan(e.metric(QStringLiteral("specificity"))));
        QCOMPARE(e.metric(QStringLiteral("mcc")), 0.0); // sklearn's value
        QCOMPARE(e.metric(QStringLiteral("average_precision")), 1.0);
    }

    void nanAndTiedScores()
    {
        eval::ClassificationInput in;
        in.classes = QStringList{QStringLiteral("no"), QStringLiteral("yes")};
        in.truth = Eigen::VectorXi{{0, 1, 0, 1, 1}};
        in.predicted = Eigen::VectorXi{{0, 1, 1, 1, 0}};
        in.score = Eigen::VectorXd::Constant(5, 0.3);
        JobContext ctx;
        eval::Evaluation e = eval::evaluateClassification(in, ctx);
        QCOMPARE(e.metric(QStringLiteral("roc_auc")), 0.5); // all tied: sklearn gives 0.5
        QCOMPARE(e.metric(QStringLiteral("average_precision")), 0.6);
        QVERIFY(std::isnan(e.metric(QStringLiteral("log_loss")))); // no probabilities
        in.score[2] = std::nan("");
        e = eval::evaluateClassification(in, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("roc_auc"))));
        QVERIFY(std::isnan(e.metric(QStringLiteral("average_precision"))));
        QVERIFY(e.curves.empty());
        QCOMPARE(e.metric(QStringLiteral("accuracy")), 0.6); // label metrics still there
    }

    void badShapesAreLoggedNotCrashing()
    {
        eval::ClassificationInput in;
        in.classes = QStringList{QStringLiteral("a"), QStringLiteral("b")};
        in.truth = Eigen::VectorXi{{0, 1, 1}};
        in.predicted = Eigen::VectorXi{{0, 2, 1}}; // 2 is out of range
        JobContext ctx;
        eval::Evaluation e = eval::evaluateClassification(in, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("accuracy"))));
        QVERIFY(!ctx.logLines().isEmpty());
        in.predicted = Eigen::VectorXi{{0, 1}};
        e = eval::evaluateClassification(in, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("accuracy"))));
        in.predicted = Eigen::VectorXi{{0, 1, 1}};
        in.proba = Eigen::MatrixXd::Constant(3, 3, 0.3); // wrong column count
        e = eval::evaluateClassification(in, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("accuracy"))));
    }

    void unnamedClassesAreCountedWithinReason()
    {
        eval::ClassificationInput in;
        in.truth = Eigen::VectorXi{{0, 2, 1}};
        in.predicted = Eigen::VectorXi{{0, 1, 1}};
        JobContext ctx;
        eval::Evaluation e = eval::evaluateClassification(in, ctx);
        QCOMPARE(e.classes,
                 (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(e.metric(QStringLiteral("accuracy")), 2.0 / 3);
        in.truth[1] = std::numeric_limits<int>::max(); // no huge confusion matrix
        e = eval::evaluateClassification(in, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("accuracy"))));
        QVERIFY(e.confusion.rows() <= 2048);
        QVERIFY(!ctx.logLines().isEmpty());
    }

    void sameResultWithOneOrTwoThreads()
    {
        const QJsonObject c = refCases(QStringLiteral("metrics_classification.json"))[9].toObject();
        JobContext one, two;
        two.setThreads(2);
        const QJsonObject a = eval::evaluateClassification(classificationInput(c), one).toJson();
        const QJsonObject b = eval::evaluateClassification(classificationInput(c), two).toJson();
        QCOMPARE(a, b);
    }

    void jsonRoundTripsExactly()
    {
        const QJsonObject c = refCases(QStringLiteral("metrics_classification.json"))[1].toObject();
        JobContext ctx;
        eval::ClassificationInput in = classificationInput(c);
        in.classes = QStringList{QStringLiteral("benign"), QStringLiteral("malignant")};
        eval::Evaluation e = eval::evaluateClassification(in, ctx);
        e.metrics.push_back({QStringLiteral("odd"), std::nan("")});
        auto back = eval::Evaluation::fromJson(e.toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        QCOMPARE(back->toJson(), e.toJson());
        QCOMPARE(back->confusion, e.confusion);
        QCOMPARE(back->classes, e.classes);
        QCOMPARE(back->curves.size(), e.curves.size());
        for (std::size_t i = 0; i < e.curves.size(); ++i) {
            QVERIFY(back->curves[i].x == e.curves[i].x);
            QVERIFY(back->curves[i].y == e.curves[i].y);
            QVERIFY(back->curves[i].thresholds == e.curves[i].thresholds);
        }
        for (std::size_t i = 0; i + 1 < e.metrics.size(); ++i)
            QCOMPARE(back->metrics[i].value, e.metrics[i].value); // bit for bit
        QVERIFY(std::isnan(back->metric(QStringLiteral("odd"))));
    }

    void corruptJsonIsAnError()
    {
        const QJsonObject c = refCases(QStringLiteral("metrics_classification.json"))[6].toObject();
        JobContext ctx;
        const QJsonObject good = eval::evaluateClassification(classificationInput(c), ctx).toJson();
        QVERIFY(eval::Evaluation::fromJson(good));
        auto broken = [&](const QString &key, const QJsonValue &v) {
            QJsonObject o = good;
            o.insert(key, v);
            return !eval::Evaluation::fromJson(o);
        };
        QVERIFY(broken(QStringLiteral("task"), QStringLiteral("dreaming")));
        QVERIFY(broken(QStringLiteral("metrics"), 3));
        QVERIFY(broken(QStringLiteral("metrics"), QJsonArray{QJsonObject{{"key", 1}}}));
        QVERIFY(broken(QStringLiteral("classes"), QJsonArray{1, 2, 3}));
        QVERIFY(broken(QStringLiteral("confusion"),
                       QJsonObject{{"rows", 1e12}, {"cols", 1e12}, {"data", QJsonArray{}}}));
        QVERIFY(broken(QStringLiteral("confusion"),
                       QJsonObject{{"rows", 2}, {"cols", 2}, {"data", QJsonArray{1, 2, 3, 4}}}));
        QVERIFY(broken(QStringLiteral("curves"),
                       QJsonArray{QJsonObject{{"name", "roc"},
                                              {"x", QJsonArray{0, 1}},
                                              {"y", QJsonArray{0}},
                                              {"thresholds", QJsonArray{}}}}));
        QVERIFY(broken(QStringLiteral("residuals"), QStringLiteral("many")));
        QVERIFY(!eval::Evaluation::fromJson(QJsonObject{}));
    }

    void rowNormalizedConfusion()
    {
        const Eigen::MatrixXd c{{2, 2}, {0, 0}};
        const Eigen::MatrixXd n = eval::rowNormalized(c);
        QCOMPARE(n(0, 0), 0.5);
        QCOMPARE(n(1, 1), 0.0);
    }
};

QTEST_GUILESS_MAIN(TstEvalClassification)
#include "tst_eval_classification.moc"

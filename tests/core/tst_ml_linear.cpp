#include "MlReference.h"

#include "ml/LinearSupport.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

class TstMlLinear : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linearRegressionMatchesScikitLearn()
    {
        const QJsonObject ref = readReference(QStringLiteral("linear_regression_diabetes.json"));
        QVERIFY(!ref.isEmpty());
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("diabetes")),
                                          QStringLiteral("progression"), ml::Task::Regression);
        QCOMPARE(data.cols(), 10);
        auto model = fitWith(QStringLiteral("linear_regression"), data, {}, ml::Task::Regression);
        QVERIFY2(model, qPrintable(errorText(model)));
        const ml::Learned l = (*model)->learned();
        QVERIFY(relativeGap(l.coefficients.transpose(), refVector(ref, QStringLiteral("coef"))) <
                1e-9);
        QVERIFY(std::abs(l.intercepts[0] - ref.value(QStringLiteral("intercept")).toDouble()) <
                1e-9 * std::abs(ref.value(QStringLiteral("intercept")).toDouble()));
        JobContext ctx;
        const Eigen::VectorXd head = (*model)->predict(data.X.topRows(20), ctx);
        QVERIFY(relativeGap(head, refVector(ref, QStringLiteral("predict_head"))) < 1e-9);

        data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto weighted =
            fitWith(QStringLiteral("linear_regression"), data, {}, ml::Task::Regression);
        QVERIFY(weighted);
        QVERIFY(relativeGap((*weighted)->learned().coefficients.transpose(),
                            refVector(ref, QStringLiteral("weighted_coef"))) < 1e-9);
    }

    void linearModelJsonRoundTripsExactly()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("diabetes")),
                                          QStringLiteral("progression"), ml::Task::Regression);
        auto model = fitWith(QStringLiteral("linear_regression"), data, {}, ml::Task::Regression);
        QVERIFY(model);
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QVERIFY((*back)->predict(data.X, ctx) == (*model)->predict(data.X, ctx));
        // A corrupt file is an error, not a crash.
        QJsonObject bad = (*model)->toJson();
        bad.insert(QStringLiteral("intercepts"), QJsonArray{1, 2, 3});
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("coefficients"),
                   QJsonObject{{QStringLiteral("rows"), 1e12}, {QStringLiteral("cols"), 1e12}});
        QVERIFY(!ml::modelFromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TstMlLinear)
#include "tst_ml_linear.moc"

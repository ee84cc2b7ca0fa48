#include "MlReference.h"

#include "ml/LinearSupport.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

class TstMlLinear : public QObject
{
    Q_OBJECT

    static ml::Dataset diabetes()
    {
        return numericDataset(readDataset(QStringLiteral("diabetes")),
                              QStringLiteral("progression"), ml::Task::Regression);
    }

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

    void ridgeMatchesScikitLearn()
    {
        // Closed form on both sides: only rounding separates them.
        const QJsonObject ref = readReference(QStringLiteral("ridge_diabetes.json"));
        QVERIFY(!ref.isEmpty());
        ml::Dataset data = diabetes();
        auto model = fitWith(QStringLiteral("ridge"), data, {}, ml::Task::Regression);
        QVERIFY2(model, qPrintable(errorText(model)));
        const ml::Learned l = (*model)->learned();
        QVERIFY(relativeGap(l.coefficients.transpose(), refVector(ref, QStringLiteral("coef"))) <
                1e-9);
        QVERIFY(relativeGap(l.intercepts,
                            Eigen::VectorXd::Constant(
                                1, ref.value(QStringLiteral("intercept")).toDouble())) < 1e-9);
        JobContext ctx;
        QVERIFY(relativeGap((*model)->predict(data.X.topRows(20), ctx),
                            refVector(ref, QStringLiteral("predict_head"))) < 1e-9);

        data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto weighted = fitWith(QStringLiteral("ridge"), data, {}, ml::Task::Regression);
        QVERIFY(weighted);
        QVERIFY(relativeGap((*weighted)->learned().coefficients.transpose(),
                            refVector(ref, QStringLiteral("weighted_coef"))) < 1e-9);
        QVERIFY(relativeGap((*weighted)->predict(data.X.topRows(20), ctx),
                            refVector(ref, QStringLiteral("weighted_predict_head"))) < 1e-9);
        // alpha = 0 is ordinary least squares.
        auto ols = fitWith(QStringLiteral("ridge"), diabetes(), {{QStringLiteral("alpha"), 0.0}},
                           ml::Task::Regression);
        QVERIFY(ols);
        const QJsonObject lr = readReference(QStringLiteral("linear_regression_diabetes.json"));
        QVERIFY(relativeGap((*ols)->learned().coefficients.transpose(),
                            refVector(lr, QStringLiteral("coef"))) < 1e-8);
    }

    void sparseRegressionMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("lasso") << QStringLiteral("lasso");
        QTest::newRow("elastic_net") << QStringLiteral("elastic_net");
    }
    void sparseRegressionMatchesScikitLearn()
    {
        QFETCH(QString, algorithm);
        const QJsonObject ref = readReference(algorithm + QStringLiteral("_diabetes.json"));
        QVERIFY(!ref.isEmpty());
        ml::Dataset data = diabetes();
        // Both fitted to a tight duality gap: the optimum is compared, to 1e-6 relative.
        const QVariantMap tight{{QStringLiteral("tol"), 1e-10},
                                {QStringLiteral("max_iter"), 1000000}};
        auto model = fitWith(algorithm, data, tight, ml::Task::Regression);
        QVERIFY2(model, qPrintable(errorText(model)));
        ml::Learned l = (*model)->learned();
        QVERIFY(relativeGap(l.coefficients.transpose(),
                            refVector(ref, QStringLiteral("tight_coef"))) < 1e-6);
        QVERIFY(
            std::abs(l.intercepts[0] - ref.value(QStringLiteral("tight_intercept")).toDouble()) <
            1e-6 * std::abs(ref.value(QStringLiteral("tight_intercept")).toDouble()));
        // The loss curve is the objective per epoch: coordinate descent never increases it.
        QVERIFY(l.loss.size() > 10);
        for (size_t i = 1; i < l.loss.size(); ++i)
            QVERIFY(l.loss[i] <= l.loss[i - 1] * (1 + 1e-12));

        // Defaults: the same algorithm and stopping rule, so the same number of epochs and
        // predictions within the tolerance's reach.
        auto fast = fitWith(algorithm, data, {}, ml::Task::Regression);
        QVERIFY(fast);
        l = (*fast)->learned();
        QCOMPARE(l.extra.value(QStringLiteral("iterations")).toInt(),
                 ref.value(QStringLiteral("n_iter")).toInt());
        JobContext ctx;
        QVERIFY(relativeGap((*fast)->predict(data.X.topRows(20), ctx),
                            refVector(ref, QStringLiteral("predict_head"))) < 1e-6);

        data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto weighted = fitWith(algorithm, data, tight, ml::Task::Regression);
        QVERIFY(weighted);
        QVERIFY(relativeGap((*weighted)->learned().coefficients.transpose(),
                            refVector(ref, QStringLiteral("tight_weighted_coef"))) < 1e-6);
    }

    void regressionParamsAreChecked()
    {
        const ml::EstimatorInfo *lasso = ml::findEstimator(QStringLiteral("lasso"));
        QVERIFY(lasso);
        QVERIFY(!ml::Params::resolve(lasso->params, {{QStringLiteral("alpha"), -1.0}}));
        QVERIFY(!ml::Params::resolve(lasso->params, {{QStringLiteral("l1_ratio"), 0.5}}));
        const ml::EstimatorInfo *en = ml::findEstimator(QStringLiteral("elastic_net"));
        QVERIFY(!ml::Params::resolve(en->params, {{QStringLiteral("l1_ratio"), 1.5}}));
        QVERIFY(!ml::Params::resolve(ml::findEstimator(QStringLiteral("ridge"))->params,
                                     {{QStringLiteral("alpha"), -0.1}}));
        // Catalog order.
        QStringList ids;
        for (const ml::EstimatorInfo &e : ml::estimators())
            ids << e.id;
        QCOMPARE(ids.mid(0, 6), (QStringList{"linear_regression", "ridge", "lasso", "elastic_net",
                                             "logistic_regression", "linear_svm"}));
    }

    void coordinateDescentCancelsAndIsThreadIndependent()
    {
        ml::Dataset data = diabetes();
        const ml::EstimatorInfo *e = ml::findEstimator(QStringLiteral("elastic_net"));
        auto p = ml::Params::resolve(e->params, {{QStringLiteral("tol"), 1e-12}});
        QVERIFY(p);
        JobContext canceled;
        canceled.cancel();
        auto r = e->fit(data, *p, ml::Task::Regression, canceled);
        QVERIFY(!r);
        QCOMPARE(r.error().toString(), QStringLiteral("canceled"));
        auto one = fitWith(QStringLiteral("elastic_net"), data, {}, ml::Task::Regression, 1);
        auto two = fitWith(QStringLiteral("elastic_net"), data, {}, ml::Task::Regression, 2);
        QVERIFY(one && two);
        QCOMPARE((*one)->toJson(), (*two)->toJson());
    }

    void linearModelJsonRoundTripsExactly_data()
    {
        QTest::addColumn<QString>("algorithm");
        for (const char *id : {"linear_regression", "ridge", "lasso", "elastic_net"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void linearModelJsonRoundTripsExactly()
    {
        QFETCH(QString, algorithm);
        ml::Dataset data = diabetes();
        auto model = fitWith(algorithm, data, {}, ml::Task::Regression);
        QVERIFY(model);
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QVERIFY((*back)->predict(data.X, ctx) == (*model)->predict(data.X, ctx));
        QCOMPARE((*back)->toJson(), (*model)->toJson());
        QCOMPARE((*back)->algorithm(), algorithm);
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

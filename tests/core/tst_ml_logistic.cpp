// Logistic regression and the linear SVM against scikit-learn (fixtures from
// tests/data/reference/ml/make_linear_reference.py).
#include "MlReference.h"

#include "ml/LinearSupport.h"
#include "util/SplitMix64.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

// (X - mean) / std with the population std, as the fixture script's standardise().
void standardise(Eigen::MatrixXd &X)
{
    for (Eigen::Index c = 0; c < X.cols(); ++c) {
        const double mean = X.col(c).mean();
        const double sd = std::sqrt((X.col(c).array() - mean).square().mean());
        X.col(c) = (X.col(c).array() - mean) / sd;
    }
}

ml::Dataset classification(const QString &name, const QString &target, bool scaled)
{
    ml::Dataset d = numericDataset(readDataset(name), target, ml::Task::Classification);
    if (scaled)
        standardise(d.X);
    return d;
}

QVariantMap tight(QVariantMap p)
{
    p.insert(QStringLiteral("tol"), 1e-10);
    p.insert(QStringLiteral("max_iter"), 1000);
    return p;
}

// A synthetic binary problem big enough to span several row chunks.
ml::Dataset synthetic(Eigen::Index rows, Eigen::Index cols, int classes = 2)
{
    SplitMix64 rng{7};
    ml::Dataset d;
    d.X.resize(rows, cols);
    d.y.resize(rows);
    d.classCount = classes;
    for (Eigen::Index i = 0; i < rows; ++i) {
        double s = 0;
        for (Eigen::Index j = 0; j < cols; ++j) {
            d.X(i, j) = rng.uniform() * 2 - 1;
            s += (j % 3 - 1) * d.X(i, j);
        }
        d.y[i] = classes == 2 ? (s + rng.uniform() - 0.5 > 0 ? 1 : 0)
                              : double(rng.below(std::uint64_t(classes)));
    }
    for (Eigen::Index j = 0; j < cols; ++j)
        d.features << QStringLiteral("x%1").arg(j);
    return d;
}

} // namespace

class TstMlLogistic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logisticMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("scaled");
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<int>("columns"); // 0: all
        const QString bc = QStringLiteral("breast_cancer"), dg = QStringLiteral("diagnosis");
        const QString bcRef = QStringLiteral("logistic_breast_cancer.json");
        QTest::newRow("breast_cancer l2")
            << bc << dg << true << bcRef << "l2" << QVariantMap{} << 0;
        QTest::newRow("breast_cancer l2 C=10")
            << bc << dg << true << bcRef << "l2_C10" << QVariantMap{{"C", 10.0}} << 0;
        QTest::newRow("breast_cancer l2 weighted")
            << bc << dg << true << bcRef << "l2_weighted" << QVariantMap{} << 0;
        QTest::newRow("breast_cancer l1")
            << bc << dg << true << bcRef << "l1" << QVariantMap{{"penalty", "l1"}, {"C", 0.5}} << 0;
        QTest::newRow("breast_cancer elasticnet")
            << bc << dg << true << bcRef << "elasticnet"
            << QVariantMap{{"penalty", "elasticnet"}, {"l1_ratio", 0.5}} << 0;
        QTest::newRow("breast_cancer none, two features")
            << bc << dg << true << bcRef << "none_first2" << QVariantMap{{"penalty", "none"}} << 2;
        QTest::newRow("iris l2 (raw features)") << "iris"
                                                << "species" << false << "logistic_iris.json"
                                                << "l2" << QVariantMap{} << 0;
        QTest::newRow("iris l1") << "iris"
                                 << "species" << true << "logistic_iris.json"
                                 << "l1" << QVariantMap{{"penalty", "l1"}} << 0;
        QTest::newRow("wine l2") << "wine"
                                 << "cultivar" << true << "logistic_wine.json"
                                 << "l2" << QVariantMap{} << 0;
        QTest::newRow("wine elasticnet")
            << "wine"
            << "cultivar" << true << "logistic_wine.json"
            << "elasticnet" << QVariantMap{{"penalty", "elasticnet"}, {"l1_ratio", 0.3}, {"C", 0.2}}
            << 0;
    }
    void logisticMatchesScikitLearn()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, target);
        QFETCH(bool, scaled);
        QFETCH(QString, fixture);
        QFETCH(QString, key);
        QFETCH(QVariantMap, params);
        QFETCH(int, columns);
        const QJsonObject ref = readReference(fixture).value(key).toObject();
        QVERIFY(!ref.isEmpty());
        ml::Dataset data = classification(dataset, target, scaled);
        QVERIFY(data.rows() > 0);
        if (columns > 0) {
            data.X = Eigen::MatrixXd(data.X.leftCols(columns));
            data.features = data.features.mid(0, columns);
        }
        if (key.contains(QLatin1String("weighted")))
            data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto model = fitWith(QStringLiteral("logistic_regression"), data, tight(params),
                             ml::Task::Classification);
        QVERIFY2(model, qPrintable(errorText(model)));
        const ml::Learned l = (*model)->learned();
        QVERIFY(l.extra.value(QStringLiteral("converged")).toBool());
        JobContext ctx;
        const Eigen::MatrixXd proba = (*model)->predictProba(data.X, ctx);
        const Eigen::MatrixXd refProba = refMatrix(ref, QStringLiteral("proba"));
        const double probaGap = relativeGap(proba, refProba);
        const double coefGap = relativeGap(l.coefficients, refMatrix(ref, QStringLiteral("coef")));
        const double icptGap =
            relativeGap(l.intercepts, refVector(ref, QStringLiteral("intercept")));
        qInfo("%s: probabilities %.2g, coefficients %.2g, intercepts %.2g, %d iterations",
              qPrintable(key), probaGap, coefGap, icptGap,
              l.extra.value(QStringLiteral("iterations")).toInt());
        // scikit-learn's lbfgs stops at tol 1e-10 on the gradient, saga at 1e-12 on the step:
        // both well inside 1e-6.
        QVERIFY(probaGap < 1e-6);
        QVERIFY(coefGap < 1e-5);
        QVERIFY(icptGap < 1e-5);
        Eigen::VectorXd refLabels(refProba.rows());
        for (Eigen::Index i = 0; i < refProba.rows(); ++i) {
            Eigen::Index best = 0;
            refProba.row(i).maxCoeff(&best);
            refLabels[i] = double(best);
        }
        QCOMPARE(agreement((*model)->predict(data.X, ctx), refLabels), 1.0);
        // The loss curve: the penalised loss per iteration, decreasing.
        QVERIFY(l.loss.size() >= 2);
        for (size_t i = 1; i < l.loss.size(); ++i)
            QVERIFY(l.loss[i] <= l.loss[i - 1]);
        QCOMPARE(l.coefficients.rows(), data.classCount == 2 ? 1 : data.classCount);
    }

    void logisticDefaultsPredictLikeScikitLearn()
    {
        // Default tol 1e-4 (on the summed gradient, as lbfgs's gtol): still the same labels.
        const QJsonObject ref = readReference(QStringLiteral("logistic_wine.json"))
                                    .value(QStringLiteral("l2"))
                                    .toObject();
        ml::Dataset data = classification(QStringLiteral("wine"), QStringLiteral("cultivar"), true);
        auto model =
            fitWith(QStringLiteral("logistic_regression"), data, {}, ml::Task::Classification);
        QVERIFY(model);
        JobContext ctx;
        QVERIFY(relativeGap((*model)->predictProba(data.X, ctx),
                            refMatrix(ref, QStringLiteral("proba"))) < 1e-4);
    }

    void logisticRejectsBadData()
    {
        ml::Dataset data = classification(QStringLiteral("iris"), QStringLiteral("species"), false);
        ml::Dataset one = data;
        one.y.setZero();
        auto r = fitWith(QStringLiteral("logistic_regression"), one, {}, ml::Task::Classification);
        QVERIFY(!r);
        QVERIFY(r.error().toString().contains(QLatin1String("one")));
        // Weight zero on every row but one class's is a single class too.
        ml::Dataset weighted = data;
        weighted.weight = (data.y.array() == 0).cast<double>();
        QVERIFY(!fitWith(QStringLiteral("logistic_regression"), weighted, {},
                         ml::Task::Classification));
        // A class with no rows (a cross-validation fold) is allowed: it gets ~0 probability.
        ml::Dataset absent = data;
        absent.weight = (data.y.array() != 2).cast<double>();
        for (const char *algorithm : {"logistic_regression", "linear_svm"}) {
            auto fit =
                fitWith(QString::fromLatin1(algorithm), absent, {}, ml::Task::Classification);
            QVERIFY2(fit, qPrintable(errorText(fit)));
            JobContext ctx;
            QVERIFY(((*fit)->predict(data.X, ctx).array() != 2).all());
        }
        QVERIFY(!fitWith(QStringLiteral("logistic_regression"), data, {{"C", 0.0}},
                         ml::Task::Classification));
        QVERIFY(!fitWith(QStringLiteral("logistic_regression"), data, {{"penalty", "l3"}},
                         ml::Task::Classification));
        QVERIFY(!fitWith(QStringLiteral("linear_svm"), one, {}, ml::Task::Classification));
        QVERIFY(!fitWith(QStringLiteral("linear_svm"), data, {{"loss", "log"}},
                         ml::Task::Classification));
    }

    void threadsGiveIdenticalModels_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<int>("classes");
        QTest::newRow("logistic l2") << "logistic_regression" << QVariantMap{} << 2;
        QTest::newRow("logistic l1")
            << "logistic_regression" << QVariantMap{{"penalty", "l1"}} << 2;
        QTest::newRow("logistic multinomial") << "logistic_regression" << QVariantMap{} << 3;
        QTest::newRow("svm one-vs-rest") << "linear_svm" << QVariantMap{} << 3;
    }
    void threadsGiveIdenticalModels()
    {
        QFETCH(QString, algorithm);
        QFETCH(QVariantMap, params);
        QFETCH(int, classes);
        // 40000 rows: several row chunks, so two threads really share the sums.
        const ml::Dataset data =
            synthetic(algorithm == QLatin1String("linear_svm") ? 3000 : 40000, 6, classes);
        QVERIFY(ml::rowChunkCount(data.rows()) > 1 || algorithm == QLatin1String("linear_svm"));
        auto one = fitWith(algorithm, data, params, ml::Task::Classification, 1);
        auto two = fitWith(algorithm, data, params, ml::Task::Classification, 2);
        QVERIFY2(one, qPrintable(errorText(one)));
        QVERIFY2(two, qPrintable(errorText(two)));
        QCOMPARE((*one)->toJson(), (*two)->toJson());
    }

    void fitsCanBeCanceled_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("logistic") << "logistic_regression";
        QTest::newRow("svm") << "linear_svm";
    }
    void fitsCanBeCanceled()
    {
        QFETCH(QString, algorithm);
        const ml::Dataset data = synthetic(20000, 4);
        const ml::EstimatorInfo *e = ml::findEstimator(algorithm);
        auto p = ml::Params::resolve(e->params, {{QStringLiteral("tol"), 0.0}});
        QVERIFY(p);
        JobContext ctx;
        int reports = 0;
        ctx.setProgressCallback([&](double, const QString &) {
            if (++reports == 1)
                ctx.cancel();
        });
        auto r = e->fit(data, *p, ml::Task::Classification, ctx);
        QVERIFY(!r);
        QCOMPARE(r.error().toString(), QStringLiteral("canceled"));
    }

    void linearSvmMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("scaled");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariantMap>("params");
        QTest::newRow("breast_cancer squared hinge")
            << "breast_cancer"
            << "diagnosis" << true << "breast_cancer_squared_hinge" << QVariantMap{};
        QTest::newRow("breast_cancer hinge")
            << "breast_cancer"
            << "diagnosis" << true << "breast_cancer_hinge" << QVariantMap{{"loss", "hinge"}};
        QTest::newRow("breast_cancer weighted")
            << "breast_cancer"
            << "diagnosis" << true << "breast_cancer_weighted" << QVariantMap{};
        QTest::newRow("iris one-vs-rest") << "iris"
                                          << "species" << false << "iris" << QVariantMap{};
        QTest::newRow("wine hinge")
            << "wine"
            << "cultivar" << true << "wine_hinge" << QVariantMap{{"loss", "hinge"}, {"C", 0.1}};
    }
    void linearSvmMatchesScikitLearn()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, target);
        QFETCH(bool, scaled);
        QFETCH(QString, key);
        QFETCH(QVariantMap, params);
        const QJsonObject ref =
            readReference(QStringLiteral("linear_svm.json")).value(key).toObject();
        QVERIFY(!ref.isEmpty());
        ml::Dataset data = classification(dataset, target, scaled);
        if (key.contains(QLatin1String("weighted")))
            data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        QVariantMap p = params;
        p.insert(QStringLiteral("tol"), 1e-10);
        p.insert(QStringLiteral("max_iter"), 1000000);
        auto model = fitWith(QStringLiteral("linear_svm"), data, p, ml::Task::Classification);
        QVERIFY2(model, qPrintable(errorText(model)));
        const ml::Learned l = (*model)->learned();
        QVERIFY(l.extra.value(QStringLiteral("converged")).toBool());
        JobContext ctx;
        Eigen::MatrixXd decision = (*model)->decisionFunction(data.X, ctx);
        Eigen::MatrixXd refDecision = refMatrix(ref, QStringLiteral("decision"));
        if (refDecision.size() == 0) // binary: a flat list
            refDecision = refVector(ref, QStringLiteral("decision"));
        const double coefGap = relativeGap(l.coefficients, refMatrix(ref, QStringLiteral("coef")));
        const double icptGap =
            relativeGap(l.intercepts, refVector(ref, QStringLiteral("intercept")));
        const double decisionGap = relativeGap(decision, refDecision);
        qInfo("%s: coefficients %.2g, intercepts %.2g, decisions %.2g, %d iterations",
              qPrintable(key), coefGap, icptGap, decisionGap,
              l.extra.value(QStringLiteral("iterations")).toInt());
        // Both solve the dual to a projected-gradient spread of 1e-10; the primal w is unique.
        QVERIFY(coefGap < 1e-4);
        QVERIFY(icptGap < 1e-4);
        QVERIFY(decisionGap < 1e-4);
        QCOMPARE((*model)->predict(data.X, ctx), refVector(ref, QStringLiteral("predict")));
        QVERIFY((*model)->predictProba(data.X, ctx).size() == 0);
        // Defaults (tol 1e-4, a seeded visiting order): the labels still agree.
        auto fast = fitWith(QStringLiteral("linear_svm"), data, params, ml::Task::Classification);
        QVERIFY(fast);
        QVERIFY(agreement((*fast)->predict(data.X, ctx),
                          refVector(ref, QStringLiteral("default_predict"))) >= 0.99);
    }

    void classifierJsonRoundTripsExactly_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("dataset");
        QTest::newRow("logistic binary") << "logistic_regression"
                                         << "breast_cancer";
        QTest::newRow("logistic multinomial") << "logistic_regression"
                                              << "iris";
        QTest::newRow("svm binary") << "linear_svm"
                                    << "breast_cancer";
        QTest::newRow("svm one-vs-rest") << "linear_svm"
                                         << "iris";
    }
    void classifierJsonRoundTripsExactly()
    {
        QFETCH(QString, algorithm);
        QFETCH(QString, dataset);
        const ml::Dataset data =
            classification(dataset,
                           dataset == QLatin1String("iris") ? QStringLiteral("species")
                                                            : QStringLiteral("diagnosis"),
                           true);
        auto model = fitWith(algorithm, data, {}, ml::Task::Classification);
        QVERIFY2(model, qPrintable(errorText(model)));
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QCOMPARE((*back)->toJson(), (*model)->toJson());
        QVERIFY((*back)->decisionFunction(data.X, ctx) == (*model)->decisionFunction(data.X, ctx));
        QVERIFY((*back)->predictProba(data.X, ctx) == (*model)->predictProba(data.X, ctx));
        QCOMPARE((*back)->algorithm(), algorithm);
        QJsonObject bad = (*model)->toJson();
        bad.insert(QStringLiteral("classes"), 7);
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("link"), QStringLiteral("probit"));
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("coefficients"),
                   QJsonObject{{QStringLiteral("rows"), 3},
                               {QStringLiteral("cols"), 1e15},
                               {QStringLiteral("data"), QJsonArray{1}}});
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.remove(QStringLiteral("intercepts"));
        QVERIFY(!ml::modelFromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TstMlLogistic)
#include "tst_ml_logistic.moc"

#include "MlReference.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

class TstMlBayes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("target");
        QTest::newRow("iris") << "iris"
                              << "species";
        QTest::newRow("wine") << "wine"
                              << "cultivar";
    }

    // Probabilities to 1e-9 (absolute below 1, relative above): the closed-form estimates
    // differ from numpy's only by summation order.
    void matchesScikitLearn()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, target);
        const QJsonObject r =
            readReference(QStringLiteral("naive_bayes.json")).value(dataset).toObject();
        QVERIFY(!r.isEmpty());
        ml::Dataset data = numericDataset(readDataset(dataset), target, ml::Task::Classification);
        QVERIFY(data.rows() > 0);
        JobContext ctx;

        auto g = fitWith(QStringLiteral("naive_bayes"), data, {}, ml::Task::Classification);
        QVERIFY2(g, qPrintable(errorText(g)));
        QVERIFY(relativeGap((*g)->predictProba(data.X, ctx),
                            refMatrix(r, QStringLiteral("gaussian_proba"))) < 1e-9);
        QCOMPARE((*g)->predict(data.X, ctx), refVector(r, QStringLiteral("gaussian_predict")));
        const ml::Learned l = (*g)->learned();
        QVERIFY(relativeGap(l.coefficients, refMatrix(r, QStringLiteral("gaussian_theta"))) <
                1e-12);
        auto var = ml::matrixFromJson(l.extra.value(QStringLiteral("variances")), "variances");
        QVERIFY(var);
        const Eigen::MatrixXd refVar = refMatrix(r, QStringLiteral("gaussian_var"));
        QVERIFY(((*var - refVar).array().abs() <= 1e-12 * refVar.array().abs()).all());

        auto m = fitWith(QStringLiteral("naive_bayes"), data,
                         {{QStringLiteral("distribution"), QStringLiteral("multinomial")}},
                         ml::Task::Classification);
        QVERIFY2(m, qPrintable(errorText(m)));
        QVERIFY(relativeGap((*m)->predictProba(data.X, ctx),
                            refMatrix(r, QStringLiteral("multinomial_proba"))) < 1e-9);
        QCOMPARE((*m)->predict(data.X, ctx), refVector(r, QStringLiteral("multinomial_predict")));

        data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto gw = fitWith(QStringLiteral("naive_bayes"), data, {}, ml::Task::Classification);
        QVERIFY(gw);
        QVERIFY(relativeGap((*gw)->predictProba(data.X, ctx),
                            refMatrix(r, QStringLiteral("gaussian_weighted_proba"))) < 1e-9);
        auto mw = fitWith(QStringLiteral("naive_bayes"), data,
                          {{QStringLiteral("distribution"), QStringLiteral("multinomial")},
                           {QStringLiteral("alpha"), 0.5}},
                          ml::Task::Classification);
        QVERIFY(mw);
        QVERIFY(relativeGap((*mw)->predictProba(data.X, ctx),
                            refMatrix(r, QStringLiteral("multinomial_weighted_alpha05_proba"))) <
                1e-9);
    }

    void multinomialRefusesNegativeValuesNamingTheColumn()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        data.X(7, 2) = -0.5;
        auto m = fitWith(QStringLiteral("naive_bayes"), data,
                         {{QStringLiteral("distribution"), QStringLiteral("multinomial")}},
                         ml::Task::Classification);
        QVERIFY(!m);
        QVERIFY2(m.error().message.contains(QStringLiteral("'petal_length'")),
                 qPrintable(m.error().message));
        // The Gaussian model does not care.
        QVERIFY(fitWith(QStringLiteral("naive_bayes"), data, {}, ml::Task::Classification));
    }

    // A class with no rows (a cross-validation fold can lack one) gets probability 0.
    void classWithoutRowsGetsNoProbability()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        data.classCount = 4;
        for (const QString &dist : {QStringLiteral("gaussian"), QStringLiteral("multinomial")}) {
            auto m = fitWith(QStringLiteral("naive_bayes"), data,
                             {{QStringLiteral("distribution"), dist}}, ml::Task::Classification);
            QVERIFY2(m, qPrintable(errorText(m)));
            JobContext ctx;
            const Eigen::MatrixXd p = (*m)->predictProba(data.X, ctx);
            QCOMPARE(p.cols(), 4);
            QVERIFY((p.col(3).array() == 0).all());
            QVERIFY(((p.rowwise().sum().array() - 1).abs() < 1e-12).all());
            QVERIFY(p.allFinite());
        }
    }

    // Far from the data every likelihood underflows: log-sum-exp still gives probabilities.
    void probabilitiesSurviveUnderflow()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        auto g = fitWith(QStringLiteral("naive_bayes"), data, {}, ml::Task::Classification);
        QVERIFY(g);
        JobContext ctx;
        const Eigen::MatrixXd far = Eigen::MatrixXd::Constant(1, 4, 60.0);
        const Eigen::MatrixXd p = (*g)->predictProba(far, ctx);
        QVERIFY(p.allFinite());
        QVERIFY(std::abs(p.sum() - 1.0) < 1e-12);
    }

    void priorsCanBeUniform()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("wine")),
                                          QStringLiteral("cultivar"), ml::Task::Classification);
        auto m = fitWith(QStringLiteral("naive_bayes"), data,
                         {{QStringLiteral("fit_prior"), false}}, ml::Task::Classification);
        QVERIFY(m);
        const Eigen::VectorXd lp = (*m)->learned().intercepts;
        QVERIFY(((lp.array() - std::log(1.0 / 3)).abs() < 1e-15).all());
    }

    void jsonRoundTripsAndRejectsCorruptFiles()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("wine")),
                                          QStringLiteral("cultivar"), ml::Task::Classification);
        for (const QString &dist : {QStringLiteral("gaussian"), QStringLiteral("multinomial")}) {
            auto m = fitWith(QStringLiteral("naive_bayes"), data,
                             {{QStringLiteral("distribution"), dist}}, ml::Task::Classification, 2);
            auto one =
                fitWith(QStringLiteral("naive_bayes"), data,
                        {{QStringLiteral("distribution"), dist}}, ml::Task::Classification, 1);
            QVERIFY(m && one);
            QVERIFY((*m)->toJson() == (*one)->toJson()); // threads do not matter
            auto back = ml::modelFromJson((*m)->toJson());
            QVERIFY2(back, qPrintable(errorText(back)));
            JobContext ctx;
            QVERIFY((*back)->predictProba(data.X, ctx) == (*m)->predictProba(data.X, ctx));
            QJsonObject bad = (*m)->toJson();
            bad.insert(QStringLiteral("log_prior"), QJsonArray{1, 2});
            QVERIFY(!ml::modelFromJson(bad));
            bad = (*m)->toJson();
            bad.insert(QStringLiteral("a"),
                       QJsonObject{{QStringLiteral("rows"), 1e12}, {QStringLiteral("cols"), 1e12}});
            QVERIFY(!ml::modelFromJson(bad));
            bad = (*m)->toJson();
            bad.insert(QStringLiteral("distribution"), QStringLiteral("poisson"));
            QVERIFY(!ml::modelFromJson(bad));
        }
        auto g = fitWith(QStringLiteral("naive_bayes"), data, {}, ml::Task::Classification);
        QVERIFY(g);
        QJsonObject bad = (*g)->toJson();
        QJsonObject b = bad.value(QStringLiteral("b")).toObject();
        QJsonArray values = b.value(QStringLiteral("data")).toArray();
        values[0] = -1.0; // a negative variance
        b.insert(QStringLiteral("data"), values);
        bad.insert(QStringLiteral("b"), b);
        QVERIFY(!ml::modelFromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TstMlBayes)
#include "tst_ml_bayes.moc"

#include "EvalReference.h"

#include "util/SplitMix64.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

eval::ClusteringInput clusteringInput(const QJsonObject &c)
{
    return {refMatrix(c, QStringLiteral("X")), refInts(c, QStringLiteral("labels"))};
}

} // namespace

class TstEvalRegression : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regressionMatchesScikitLearn_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = refCases(QStringLiteral("metrics_regression.json"));
        QVERIFY(cases.size() >= 5);
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].toObject().value(QStringLiteral("name")).toString()))
                << i;
    }

    // mse, rmse, mae, median_ae, r2, mape equal sklearn.metrics to 1e-9 (relative above 1).
    void regressionMatchesScikitLearn()
    {
        QFETCH(int, index);
        const QJsonObject c = refCases(QStringLiteral("metrics_regression.json"))[index].toObject();
        eval::RegressionInput in{refVector(c, QStringLiteral("truth")),
                                 refVector(c, QStringLiteral("predicted")),
                                 refVector(c, QStringLiteral("weight"))};
        const eval::Evaluation e = eval::evaluateRegression(in);
        QString why;
        QVERIFY2(metricsMatch(e, c.value(QStringLiteral("metrics")).toObject(), 1e-9, &why),
                 qPrintable(why));
        QCOMPARE(e.metrics.size(), std::size_t(6));
        QCOMPARE(e.residuals, Eigen::VectorXd(in.truth - in.predicted));
        auto back = eval::Evaluation::fromJson(e.toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        QCOMPARE(back->residuals, e.residuals);
        QCOMPARE(back->toJson(), e.toJson());
    }

    void regressionDegenerateInputs()
    {
        eval::Evaluation e = eval::evaluateRegression({});
        QVERIFY(std::isnan(e.metric(QStringLiteral("mse"))));
        e = eval::evaluateRegression({Eigen::VectorXd::Ones(3), Eigen::VectorXd::Ones(2), {}});
        QVERIFY(std::isnan(e.metric(QStringLiteral("r2"))));
        e = eval::evaluateRegression(
            {Eigen::VectorXd{{1, 2}}, Eigen::VectorXd{{1, 4}}, Eigen::VectorXd{{1, 1}}});
        QCOMPARE(e.metric(QStringLiteral("median_ae")), 0.0); // lower weighted percentile
        e = eval::evaluateRegression({Eigen::VectorXd{{1, 2}}, Eigen::VectorXd{{1, 4}}, {}});
        QCOMPARE(e.metric(QStringLiteral("median_ae")), 1.0); // np.median
    }

    void clusteringMatchesScikitLearn_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = refCases(QStringLiteral("metrics_clustering.json"));
        QVERIFY(cases.size() >= 3);
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].toObject().value(QStringLiteral("name")).toString()))
                << i;
    }

    // inertia and silhouette_score (noise rows left out) to 1e-9; clusters and noise exactly.
    void clusteringMatchesScikitLearn()
    {
        QFETCH(int, index);
        const QJsonObject c = refCases(QStringLiteral("metrics_clustering.json"))[index].toObject();
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClustering(clusteringInput(c), ctx);
        QString why;
        QVERIFY2(metricsMatch(e, c.value(QStringLiteral("metrics")).toObject(), 1e-9, &why),
                 qPrintable(why));
        QCOMPARE(e.task, QStringLiteral("clustering"));
    }

    void silhouetteSameWithOneOrTwoThreads()
    {
        // 600 rows: several blocks of rows, so both threads get work.
        SplitMix64 rng{3};
        eval::ClusteringInput in{Eigen::MatrixXd(600, 4), Eigen::VectorXi(600)};
        for (int i = 0; i < 600; ++i) {
            in.labels[i] = int(rng.below(4)) - (i % 17 == 0 ? 5 : 0);
            for (int j = 0; j < 4; ++j)
                in.X(i, j) = rng.uniform() + (in.labels[i] == j ? 1.0 : 0.0);
        }
        JobContext one, two;
        two.setThreads(2);
        const eval::Evaluation a = eval::evaluateClustering(in, one);
        const eval::Evaluation b = eval::evaluateClustering(in, two);
        QVERIFY(a.metric(QStringLiteral("silhouette")) > 0);
        QCOMPARE(a.toJson(), b.toJson());
        QCOMPARE(a.metric(QStringLiteral("silhouette")), b.metric(QStringLiteral("silhouette")));
    }

    void clusteringDegenerateInputs()
    {
        JobContext ctx;
        eval::Evaluation e = eval::evaluateClustering({}, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("silhouette"))));
        // One cluster: silhouette undefined (sklearn raises).
        e = eval::evaluateClustering({Eigen::MatrixXd::Random(5, 2), Eigen::VectorXi::Zero(5)},
                                     ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("silhouette"))));
        QCOMPARE(e.metric(QStringLiteral("clusters")), 1.0);
        QVERIFY(e.metric(QStringLiteral("inertia")) > 0);
        // All noise.
        e = eval::evaluateClustering(
            {Eigen::MatrixXd::Random(4, 2), Eigen::VectorXi::Constant(4, -1)}, ctx);
        QCOMPARE(e.metric(QStringLiteral("noise_fraction")), 1.0);
        QCOMPARE(e.metric(QStringLiteral("clusters")), 0.0);
        QVERIFY(std::isnan(e.metric(QStringLiteral("silhouette"))));
        // Rows and labels that differ in number.
        e = eval::evaluateClustering({Eigen::MatrixXd::Random(4, 2), Eigen::VectorXi::Zero(3)},
                                     ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("inertia"))));
    }

    void canceledSilhouetteIsNaN()
    {
        JobContext ctx;
        ctx.cancel();
        const eval::Evaluation e = eval::evaluateClustering(
            {Eigen::MatrixXd::Random(50, 2), Eigen::VectorXi::LinSpaced(50, 0, 4)}, ctx);
        QVERIFY(std::isnan(e.metric(QStringLiteral("silhouette"))));
        QCOMPARE(e.metric(QStringLiteral("clusters")), 5.0);
    }
};

QTEST_GUILESS_MAIN(TstEvalRegression)
#include "tst_eval_regression.moc"

#include "MlReference.h"

#include "ml/Dbscan.h"
#include "ml/NeighborIndex.h"
#include "util/SplitMix64.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

// Every second row from `first`.
ml::Dataset everyOther(const ml::Dataset &d, int first)
{
    ml::Dataset out = d;
    const Eigen::Index n = (d.rows() - first + 1) / 2;
    out.X.resize(n, d.cols());
    out.y.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        out.X.row(i) = d.X.row(first + 2 * i);
        out.y[i] = d.y[first + 2 * i];
    }
    return out;
}

Eigen::MatrixXd randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed,
                             bool integers = false)
{
    SplitMix64 rng{seed};
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = integers ? double(rng.below(4)) : rng.uniform() * 2 - 1;
    return m;
}

Eigen::MatrixXd fixtureX(const QJsonObject &o)
{
    return refMatrix(o, QStringLiteral("X"));
}

} // namespace

class TstMlNeighbors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knnMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<bool>("regression");
        for (const QString &algo : {QStringLiteral("brute"), QStringLiteral("kd_tree")}) {
            const QVariantMap base{{QStringLiteral("algorithm"), algo}};
            QVariantMap dist = base;
            dist.insert(QStringLiteral("weights"), QStringLiteral("distance"));
            QVariantMap manhattan = dist;
            manhattan.insert(QStringLiteral("p"), 1);
            manhattan.insert(QStringLiteral("n_neighbors"), 7);
            QTest::addRow("iris uniform %s", qPrintable(algo)) << "iris"
                                                               << "species"
                                                               << "iris_uniform" << base << false;
            QTest::addRow("iris distance %s", qPrintable(algo)) << "iris"
                                                                << "species"
                                                                << "iris_distance" << dist << false;
            QTest::addRow("wine manhattan %s", qPrintable(algo))
                << "wine"
                << "cultivar"
                << "wine_manhattan" << manhattan << false;
            QTest::addRow("diabetes uniform %s", qPrintable(algo))
                << "diabetes"
                << "progression"
                << "diabetes_uniform" << base << true;
            QTest::addRow("diabetes distance %s", qPrintable(algo))
                << "diabetes"
                << "progression"
                << "diabetes_distance" << dist << true;
        }
    }

    // Even rows train, odd rows are queried. Queries whose k-th and (k+1)-th neighbours are
    // equally far depend on tie-breaking (scikit-learn's is implementation-defined): their
    // neighbour distances are still compared, their votes are not.
    void knnMatchesScikitLearn()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, target);
        QFETCH(QString, ref);
        QFETCH(QVariantMap, params);
        QFETCH(bool, regression);
        const QJsonObject all = readReference(QStringLiteral("knn.json"));
        const QJsonObject r = all.value(ref).toObject();
        QVERIFY(!r.isEmpty());
        const ml::Task task = regression ? ml::Task::Regression : ml::Task::Classification;
        const ml::Dataset data = numericDataset(readDataset(dataset), target, task);
        QVERIFY(data.rows() > 0);
        const ml::Dataset train = everyOther(data, 0), query = everyOther(data, 1);
        auto model = fitWith(QStringLiteral("knn"), train, params, task);
        QVERIFY2(model, qPrintable(errorText(model)));
        JobContext ctx;
        const Eigen::VectorXd pred = (*model)->predict(query.X, ctx);
        const Eigen::MatrixXd proba = (*model)->predictProba(query.X, ctx);
        const Eigen::VectorXd refPred = refVector(r, QStringLiteral("predict"));
        const Eigen::MatrixXd refProba = refMatrix(r, QStringLiteral("proba"));
        const Eigen::VectorXd tied = refVector(r, QStringLiteral("tied"));
        QCOMPARE(pred.size(), refPred.size());
        int compared = 0;
        for (Eigen::Index i = 0; i < pred.size(); ++i) {
            if (tied[i] != 0)
                continue;
            ++compared;
            if (regression) {
                QVERIFY2(
                    std::abs(pred[i] - refPred[i]) <= 1e-12 * std::abs(refPred[i]),
                    qPrintable(
                        QStringLiteral("row %1: %2 vs %3").arg(i).arg(pred[i]).arg(refPred[i])));
            } else {
                QCOMPARE(pred[i], refPred[i]);
                QVERIFY(relativeGap(proba.row(i), refProba.row(i)) < 1e-12);
            }
        }
        QVERIFY2(compared > pred.size() / 2, qPrintable(QString::number(compared)));

        // Distances to the k nearest do not depend on ties.
        ml::NeighborIndex index(train.X,
                                params.value(QStringLiteral("p"), 2).toInt() == 1
                                    ? ml::Metric::Manhattan
                                    : ml::Metric::Euclidean,
                                ml::NeighborAlgorithm::Brute, 5);
        const int k = r.value(QStringLiteral("k")).toInt();
        Eigen::MatrixXi idx;
        Eigen::MatrixXd dist;
        index.kneighbors(query.X, k, idx, dist, ctx);
        QVERIFY(relativeGap(dist, refMatrix(r, QStringLiteral("distances"))) < 1e-12);
    }

    // The tree and the brute force give the same neighbours in the same order, ties included
    // (small integers: the brute force's products are exact, so equal distances tie exactly).
    void kdTreeEqualsBruteForce_data()
    {
        QTest::addColumn<bool>("integers");
        QTest::addColumn<int>("p");
        QTest::newRow("continuous euclidean") << false << 2;
        QTest::newRow("continuous manhattan") << false << 1;
        QTest::newRow("integer grid euclidean (ties)") << true << 2;
        QTest::newRow("integer grid manhattan (ties)") << true << 1;
    }
    void kdTreeEqualsBruteForce()
    {
        QFETCH(bool, integers);
        QFETCH(int, p);
        const Eigen::MatrixXd X = randomMatrix(3000, 4, 1, integers);
        const Eigen::MatrixXd Q = randomMatrix(400, 4, 2, integers);
        const ml::Metric metric = p == 1 ? ml::Metric::Manhattan : ml::Metric::Euclidean;
        ml::NeighborIndex tree(X, metric, ml::NeighborAlgorithm::KdTree, 9);
        ml::NeighborIndex brute(X, metric, ml::NeighborAlgorithm::Brute, 9);
        QVERIFY(tree.usesTree());
        QVERIFY(!brute.usesTree());
        JobContext ctx;
        ctx.setThreads(2);
        Eigen::MatrixXi ti, bi;
        Eigen::MatrixXd td, bd;
        tree.kneighbors(Q, 9, ti, td, ctx);
        brute.kneighbors(Q, 9, bi, bd, ctx);
        QVERIFY(ti == bi);
        QVERIFY(relativeGap(td, bd) < 1e-12);
        // Against a plain loop with (distance, row) order.
        for (Eigen::Index q = 0; q < Q.rows(); q += 37) {
            std::vector<ml::Neighbor> all;
            for (Eigen::Index i = 0; i < X.rows(); ++i) {
                const Eigen::RowVectorXd diff = X.row(i) - Q.row(q);
                all.push_back(
                    {p == 1 ? diff.cwiseAbs().sum() : diff.squaredNorm(), std::int32_t(i)});
            }
            std::sort(all.begin(), all.end());
            for (int c = 0; c < 9; ++c)
                QCOMPARE(ti(q, c), all[std::size_t(c)].index);
        }
        // radius search: every row within r, in row order
        std::vector<std::int32_t> within;
        ml::KdTree kd(X, metric);
        kd.withinRadius(Q.row(0).eval().data(), 0.6, within);
        std::vector<std::int32_t> expected;
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            const Eigen::RowVectorXd diff = X.row(i) - Q.row(0);
            if ((p == 1 ? diff.cwiseAbs().sum() : diff.norm()) <= 0.6)
                expected.push_back(std::int32_t(i));
        }
        QVERIFY(!integers || !expected.empty());
        QCOMPARE(within, expected);
    }

    void knnAutoPicksAsScikitLearn()
    {
        QCOMPARE(ml::resolveNeighborAlgorithm(ml::NeighborAlgorithm::Auto, 1000, 16, 5),
                 ml::NeighborAlgorithm::Brute);
        QCOMPARE(ml::resolveNeighborAlgorithm(ml::NeighborAlgorithm::Auto, 1000, 15, 5),
                 ml::NeighborAlgorithm::KdTree);
        QCOMPARE(ml::resolveNeighborAlgorithm(ml::NeighborAlgorithm::Auto, 10, 3, 5),
                 ml::NeighborAlgorithm::Brute);
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("wine")),
                                          QStringLiteral("cultivar"), ml::Task::Classification);
        auto model = fitWith(QStringLiteral("knn"), data, {}, ml::Task::Classification);
        QVERIFY2(model, qPrintable(errorText(model)));
        QCOMPARE((*model)->learned().extra.value(QStringLiteral("search")).toString(),
                 QStringLiteral("kd_tree"));
    }

    void knnExactMatchTakesAllWeight()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        auto model = fitWith(QStringLiteral("knn"), data,
                             {{QStringLiteral("weights"), QStringLiteral("distance")}},
                             ml::Task::Classification);
        QVERIFY(model);
        JobContext ctx;
        // Each training row is its own neighbour at distance 0: it takes all the weight (the
        // other four neighbours, some of another class, count nothing).
        const Eigen::MatrixXd p = (*model)->predictProba(data.X, ctx);
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            QCOMPARE(p(i, Eigen::Index(data.y[i])), 1.0);
        QCOMPARE((*model)->predict(data.X, ctx), data.y);
        // Uniform weights do not: some rows are outvoted.
        auto uniform = fitWith(QStringLiteral("knn"), data, {}, ml::Task::Classification);
        QVERIFY(uniform);
        QVERIFY((*uniform)->predict(data.X, ctx) != data.y);
    }

    void knnSampleWeightsScaleVotes()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        data.weight = Eigen::VectorXd::Ones(data.rows());
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            if (data.y[i] == 2)
                data.weight[i] = 3.0;
        auto plain = fitWith(QStringLiteral("knn"), data, {}, ml::Task::Classification);
        ml::Dataset unweighted = data;
        unweighted.weight.resize(0);
        auto base = fitWith(QStringLiteral("knn"), unweighted, {}, ml::Task::Classification);
        QVERIFY(plain && base);
        JobContext ctx;
        const Eigen::MatrixXd pw = (*plain)->predictProba(data.X, ctx);
        const Eigen::MatrixXd pu = (*base)->predictProba(data.X, ctx);
        for (Eigen::Index i = 0; i < data.rows(); ++i) {
            Eigen::RowVectorXd expect = pu.row(i);
            expect[2] *= 3.0;
            expect /= expect.sum();
            QVERIFY(relativeGap(pw.row(i), expect) < 1e-15);
        }
    }

    void knnSameWithOneOrTwoThreads()
    {
        ml::Dataset data;
        data.X = randomMatrix(5000, 20, 3);
        data.y.resize(data.rows());
        for (Eigen::Index i = 0; i < data.rows(); ++i)
            data.y[i] = data.X(i, 0) + data.X(i, 1) > 0 ? 1 : 0;
        data.classCount = 2;
        const Eigen::MatrixXd Q = randomMatrix(700, 20, 4);
        for (const QString &algo : {QStringLiteral("brute"), QStringLiteral("kd_tree")}) {
            const QVariantMap params{{QStringLiteral("algorithm"), algo},
                                     {QStringLiteral("weights"), QStringLiteral("distance")}};
            auto one = fitWith(QStringLiteral("knn"), data, params, ml::Task::Classification, 1);
            auto two = fitWith(QStringLiteral("knn"), data, params, ml::Task::Classification, 2);
            QVERIFY(one && two);
            JobContext c1, c2;
            c2.setThreads(2);
            QVERIFY((*one)->predictProba(Q, c1) == (*two)->predictProba(Q, c2));
            QVERIFY((*one)->toJson() == (*two)->toJson());
        }
    }

    void knnJsonRoundTripsAndRejectsCorruptFiles()
    {
        ml::Dataset data = numericDataset(readDataset(QStringLiteral("diabetes")),
                                          QStringLiteral("progression"), ml::Task::Regression);
        auto model = fitWith(QStringLiteral("knn"), data,
                             {{QStringLiteral("weights"), QStringLiteral("distance")}},
                             ml::Task::Regression);
        QVERIFY(model);
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QVERIFY((*back)->predict(data.X, ctx) == (*model)->predict(data.X, ctx));
        QVERIFY((*back)->toJson() == (*model)->toJson());
        const QJsonObject good = (*model)->toJson();
        QJsonObject bad = good;
        bad.insert(QStringLiteral("y"), QJsonArray{1, 2, 3});
        QVERIFY(!ml::modelFromJson(bad));
        bad = good;
        bad.insert(QStringLiteral("X"),
                   QJsonObject{{QStringLiteral("rows"), 1e12}, {QStringLiteral("cols"), 1e12}});
        QVERIFY(!ml::modelFromJson(bad));
        bad = good;
        bad.insert(QStringLiteral("n_neighbors"), 100000);
        QVERIFY(!ml::modelFromJson(bad));
        bad = good;
        bad.insert(QStringLiteral("p"), 3);
        QVERIFY(!ml::modelFromJson(bad));
        bad = good;
        bad.remove(QStringLiteral("weights"));
        QVERIFY(!ml::modelFromJson(bad));
        // a classification model with a class index out of range
        ml::Dataset iris = numericDataset(readDataset(QStringLiteral("iris")),
                                          QStringLiteral("species"), ml::Task::Classification);
        auto clf = fitWith(QStringLiteral("knn"), iris, {}, ml::Task::Classification);
        QVERIFY(clf);
        bad = (*clf)->toJson();
        bad.insert(QStringLiteral("classes"), 2);
        QVERIFY(!ml::modelFromJson(bad));
    }

    void knnRefusesTooFewRows()
    {
        ml::Dataset data;
        data.X = randomMatrix(3, 2, 5);
        data.y = Eigen::VectorXd::Zero(3);
        auto model = fitWith(QStringLiteral("knn"), data, {}, ml::Task::Regression);
        QVERIFY(!model);
        QVERIFY(model.error().message.contains(QStringLiteral("n_neighbors")));
    }

    void dbscanMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("standardised iris") << "iris_std";
        QTest::newRow("standardised wine") << "wine_std";
        QTest::newRow("blobs") << "blobs";
    }
    void dbscanMatchesScikitLearn()
    {
        QFETCH(QString, name);
        const QJsonObject r = readReference(QStringLiteral("dbscan.json")).value(name).toObject();
        QVERIFY(!r.isEmpty());
        const Eigen::MatrixXd X = fixtureX(r);
        const Eigen::VectorXd refLabels = refVector(r, QStringLiteral("labels"));
        const Eigen::VectorXd refCore = refVector(r, QStringLiteral("core"));
        QVERIFY(refLabels.maxCoeff() >= 1); // at least two clusters
        JobContext ctx;
        ctx.setThreads(2);
        const ml::DbscanLabels d =
            ml::dbscanLabels(X, {}, r.value(QStringLiteral("eps")).toDouble(),
                             r.value(QStringLiteral("min_samples")).toDouble(), ctx);
        QCOMPARE(Eigen::VectorXd(d.labels.cast<double>()), refLabels);
        std::vector<double> core;
        for (std::size_t i = 0; i < d.core.size(); ++i)
            if (d.core[i])
                core.push_back(double(i));
        QCOMPARE(
            Eigen::VectorXd(Eigen::Map<Eigen::VectorXd>(core.data(), Eigen::Index(core.size()))),
            refCore);
        QCOMPARE(d.clusters, int(refLabels.maxCoeff()) + 1);

        // Through the estimator: core rows keep their cluster, noise stays noise.
        ml::Dataset data;
        data.X = X;
        auto model = fitWith(
            QStringLiteral("dbscan"), data,
            {{QStringLiteral("eps"), r.value(QStringLiteral("eps")).toDouble()},
             {QStringLiteral("min_samples"), r.value(QStringLiteral("min_samples")).toInt()}},
            ml::Task::Clustering);
        QVERIFY2(model, qPrintable(errorText(model)));
        const Eigen::VectorXd pred = (*model)->predict(X, ctx);
        for (Eigen::Index i = 0; i < X.rows(); ++i)
            if (d.core[std::size_t(i)] || refLabels[i] < 0)
                QCOMPARE(pred[i], refLabels[i]);
            else
                QVERIFY(pred[i] >= 0);
    }

    void dbscanWeightsCountAsSamples()
    {
        // Three rows close together, one far away: with min_samples 4 nothing is core unless
        // weights make up the count.
        ml::Dataset data;
        data.X.resize(4, 1);
        data.X << 0.0, 0.1, 0.2, 10.0;
        JobContext ctx;
        ml::DbscanLabels d = ml::dbscanLabels(data.X, {}, 0.5, 4, ctx);
        QVERIFY((d.labels.array() == -1).all());
        d = ml::dbscanLabels(data.X, Eigen::Vector4d(2, 1, 1, 1), 0.5, 4, ctx);
        QCOMPARE(d.labels, Eigen::Vector4i(0, 0, 0, -1));
    }

    void dbscanPredictsNewRowsAndRoundTrips()
    {
        const QJsonObject r =
            readReference(QStringLiteral("dbscan.json")).value(QStringLiteral("blobs")).toObject();
        ml::Dataset data;
        data.X = fixtureX(r);
        QVERIFY(data.rows() > 0);
        auto model = fitWith(QStringLiteral("dbscan"), data, {{QStringLiteral("eps"), 0.3}},
                             ml::Task::Clustering, 2);
        QVERIFY(model);
        JobContext ctx;
        Eigen::MatrixXd fresh(2, 2);
        fresh << 1e3, 1e3, data.X(0, 0) + 1e-3, data.X(0, 1);
        const Eigen::VectorXd p = (*model)->predict(fresh, ctx);
        QCOMPARE(p[0], -1.0);
        QCOMPARE(p[1], (*model)->predict(data.X.topRows(1), ctx)[0]);
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        QVERIFY((*back)->predict(data.X, ctx) == (*model)->predict(data.X, ctx));
        QVERIFY((*back)->toJson() == (*model)->toJson());
        QJsonObject bad = (*model)->toJson();
        bad.insert(QStringLiteral("core_labels"), QJsonArray{0});
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("clusters"), 1);
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("eps"), -1);
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("core"),
                   QJsonObject{{QStringLiteral("rows"), 1e15}, {QStringLiteral("cols"), 2}});
        QVERIFY(!ml::modelFromJson(bad));
    }

    void fitsAreCancelable()
    {
        ml::Dataset data;
        data.X = randomMatrix(500, 3, 6);
        for (const QString &id : {QStringLiteral("dbscan"), QStringLiteral("knn")}) {
            const ml::EstimatorInfo *e = ml::findEstimator(id);
            QVERIFY(e);
            auto params = ml::Params::resolve(e->params, {});
            QVERIFY(params);
            JobContext ctx;
            ctx.cancel();
            ml::Dataset d = data;
            if (id == QLatin1String("knn"))
                d.y = Eigen::VectorXd::Zero(d.rows());
            auto model = e->fit(
                d, *params,
                id == QLatin1String("knn") ? ml::Task::Regression : ml::Task::Clustering, ctx);
            QVERIFY(!model);
            QCOMPARE(model.error().message, QStringLiteral("canceled"));
        }
    }
};

QTEST_GUILESS_MAIN(TstMlNeighbors)
#include "tst_ml_neighbors.moc"

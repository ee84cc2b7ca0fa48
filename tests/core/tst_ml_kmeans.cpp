#include "MlReference.h"

#include "ml/KMeans.h"
#include "util/SplitMix64.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

ml::Dataset features(const QString &name, const QString &target)
{
    ml::Dataset d = numericDataset(readDataset(name), target, ml::Task::Classification);
    d.y.resize(0);
    d.classCount = 0;
    return d;
}

// Gaussian-ish blobs (sums of uniforms) around `centres` random centres.
ml::Dataset blobs(Eigen::Index rows, Eigen::Index cols, int centres, std::uint64_t seed)
{
    SplitMix64 rng{seed};
    Eigen::MatrixXd c(centres, cols);
    for (Eigen::Index i = 0; i < c.size(); ++i)
        c.data()[i] = rng.uniform() * 20 - 10;
    ml::Dataset d;
    d.X.resize(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const Eigen::Index k = Eigen::Index(rng.below(std::uint64_t(centres)));
        for (Eigen::Index j = 0; j < cols; ++j)
            d.X(i, j) = c(k, j) + rng.uniform() + rng.uniform() + rng.uniform() - 1.5;
    }
    return d;
}

} // namespace

class TstMlKMeans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameStartMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("iris k=3") << "iris_k3";
        QTest::newRow("iris k=8") << "iris_k8";
        QTest::newRow("standardised wine k=3") << "wine_std_k3";
        QTest::newRow("blobs k=5") << "blobs_k5";
        QTest::newRow("weighted iris k=3") << "iris_k3_weighted";
    }

    // From scikit-learn's initial centres, Lloyd's iterations are deterministic: the same
    // labels, the same number of iterations, centres and inertia to 1e-9 (relative).
    void sameStartMatchesScikitLearn()
    {
        QFETCH(QString, name);
        const QJsonObject r = readReference(QStringLiteral("kmeans.json")).value(name).toObject();
        QVERIFY(!r.isEmpty());
        ml::Dataset data = r.contains(QStringLiteral("X"))
                               ? ml::Dataset{}
                               : features(QStringLiteral("iris"), QStringLiteral("species"));
        if (r.contains(QStringLiteral("X")))
            data.X = refMatrix(r, QStringLiteral("X"));
        if (r.contains(QStringLiteral("weights")))
            data.weight = refVector(r, QStringLiteral("weights"));
        QVERIFY(data.rows() > 0);
        JobContext ctx;
        ctx.setThreads(2);
        auto model =
            ml::fitKMeansFromCenters(data, refMatrix(r, QStringLiteral("init")), 300, 1e-4, ctx);
        QVERIFY2(model, qPrintable(errorText(model)));
        const ml::Learned l = (*model)->learned();
        QVERIFY(relativeGap(l.coefficients, refMatrix(r, QStringLiteral("centers"))) < 1e-9);
        const double inertia = r.value(QStringLiteral("inertia")).toDouble();
        QVERIFY(std::abs(l.extra.value(QStringLiteral("inertia")).toDouble() - inertia) <
                1e-9 * inertia);
        QCOMPARE(l.extra.value(QStringLiteral("iterations")).toInt(),
                 r.value(QStringLiteral("n_iter")).toInt());
        QCOMPARE((*model)->predict(data.X, ctx), refVector(r, QStringLiteral("labels")));
        QCOMPARE(int(l.loss.size()), r.value(QStringLiteral("n_iter")).toInt());
        QVERIFY(l.loss.back() >= inertia * (1 - 1e-12)); // inertia only goes down
    }

    // k-means++ with 10 starts: seeds differ from scikit-learn's, so the best inertia is
    // compared loosely (within 2 %; lower is fine).
    void plusPlusIsAsGoodAsScikitLearn_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<int>("k");
        QTest::newRow("iris k=3") << "iris_k3"
                                  << "iris" << 3;
        QTest::newRow("iris k=8") << "iris_k8"
                                  << "iris" << 8;
        QTest::newRow("wine k=3") << "wine_k3"
                                  << "wine" << 3;
        QTest::newRow("standardised wine k=8") << "wine_std_k8"
                                               << "wine_std" << 8;
    }
    void plusPlusIsAsGoodAsScikitLearn()
    {
        QFETCH(QString, name);
        QFETCH(QString, dataset);
        QFETCH(int, k);
        const QJsonObject all = readReference(QStringLiteral("kmeans.json"));
        const double ref = all.value(QStringLiteral("plusplus")).toObject().value(name).toDouble();
        QVERIFY(ref > 0);
        ml::Dataset data;
        if (dataset == QLatin1String("wine_std"))
            data.X =
                refMatrix(all.value(QStringLiteral("wine_std_k3")).toObject(), QStringLiteral("X"));
        else
            data = features(dataset, dataset == QLatin1String("iris") ? QStringLiteral("species")
                                                                      : QStringLiteral("cultivar"));
        auto model = fitWith(QStringLiteral("kmeans"), data, {{QStringLiteral("n_clusters"), k}},
                             ml::Task::Clustering);
        QVERIFY2(model, qPrintable(errorText(model)));
        const double inertia =
            (*model)->learned().extra.value(QStringLiteral("inertia")).toDouble();
        QVERIFY2(inertia <= ref * 1.02,
                 qPrintable(QStringLiteral("%1 vs scikit-learn %2").arg(inertia).arg(ref)));
        // random starts too, more loosely
        auto random = fitWith(
            QStringLiteral("kmeans"), data,
            {{QStringLiteral("n_clusters"), k}, {QStringLiteral("init"), QStringLiteral("random")}},
            ml::Task::Clustering);
        QVERIFY(random);
        QVERIFY(random.operator*()->learned().extra.value(QStringLiteral("inertia")).toDouble() <=
                ref * 1.10);
    }

    void predictAndDistancesAgree()
    {
        ml::Dataset data = features(QStringLiteral("iris"), QStringLiteral("species"));
        auto model = fitWith(QStringLiteral("kmeans"), data, {{QStringLiteral("n_clusters"), 3}},
                             ml::Task::Clustering);
        QVERIFY(model);
        JobContext ctx;
        const Eigen::MatrixXd d = (*model)->decisionFunction(data.X, ctx);
        QCOMPARE(d.rows(), data.rows());
        QCOMPARE(d.cols(), 3);
        const Eigen::VectorXd labels = (*model)->predict(data.X, ctx);
        const Eigen::MatrixXd centres = (*model)->learned().coefficients;
        double inertia = 0;
        for (Eigen::Index i = 0; i < data.rows(); ++i) {
            Eigen::Index best;
            d.row(i).minCoeff(&best);
            QCOMPARE(double(best), labels[i]);
            QVERIFY(std::abs(d(i, 1) - (data.X.row(i) - centres.row(1)).norm()) < 1e-12);
            inertia += d(i, best) * d(i, best);
        }
        QVERIFY(std::abs(inertia -
                         (*model)->learned().extra.value(QStringLiteral("inertia")).toDouble()) <
                1e-9 * inertia);
    }

    // More rows than one block and two threads: bit-identical models; the same seed gives the
    // same model, another seed may not.
    void deterministicAcrossThreads()
    {
        const ml::Dataset data = blobs(20000, 5, 6, 11);
        const QVariantMap params{{QStringLiteral("n_clusters"), 6}, {QStringLiteral("n_init"), 3}};
        auto one = fitWith(QStringLiteral("kmeans"), data, params, ml::Task::Clustering, 1, 7);
        auto two = fitWith(QStringLiteral("kmeans"), data, params, ml::Task::Clustering, 2, 7);
        QVERIFY(one && two);
        QVERIFY((*one)->toJson() == (*two)->toJson());
        JobContext ctx;
        ctx.setThreads(2);
        JobContext ctx1;
        QVERIFY((*one)->decisionFunction(data.X, ctx1) == (*two)->decisionFunction(data.X, ctx));
    }

    void emptyClustersAreRelocated()
    {
        // Two far-apart groups; three initial centres, one far from every row: it starts empty
        // and must take the row farthest from its centre.
        ml::Dataset data;
        data.X.resize(6, 1);
        data.X << 0, 1, 2, 10, 11, 12;
        Eigen::MatrixXd init(3, 1);
        init << 1, 11, 1000;
        JobContext ctx;
        auto model = ml::fitKMeansFromCenters(data, init, 300, 1e-4, ctx);
        QVERIFY2(model, qPrintable(errorText(model)));
        const Eigen::VectorXd labels = (*model)->predict(data.X, ctx);
        for (int c = 0; c < 3; ++c)
            QVERIFY((labels.array() == c).any());
        QVERIFY((*model)->learned().coefficients.allFinite());
    }

    void weightsPullCentres()
    {
        ml::Dataset data;
        data.X.resize(4, 1);
        data.X << 0, 1, 10, 11;
        data.weight = Eigen::Vector4d(3, 1, 1, 1);
        Eigen::MatrixXd init(2, 1);
        init << 0, 10;
        JobContext ctx;
        auto model = ml::fitKMeansFromCenters(data, init, 300, 1e-4, ctx);
        QVERIFY(model);
        QCOMPARE((*model)->learned().coefficients(0, 0), 0.25);
        QCOMPARE((*model)->learned().coefficients(1, 0), 10.5);
        QCOMPARE((*model)->learned().extra.value(QStringLiteral("inertia")).toDouble(),
                 3 * 0.0625 + 0.5625 + 0.25 + 0.25);
    }

    void refusesMoreClustersThanRows()
    {
        ml::Dataset data;
        data.X = Eigen::MatrixXd::Zero(3, 2);
        auto model = fitWith(QStringLiteral("kmeans"), data, {}, ml::Task::Clustering);
        QVERIFY(!model);
        QVERIFY(model.error().message.contains(QStringLiteral("n_clusters")));
    }

    void cancelStopsTheFit()
    {
        const ml::Dataset data = blobs(5000, 3, 4, 5);
        const ml::EstimatorInfo *e = ml::findEstimator(QStringLiteral("kmeans"));
        QVERIFY(e);
        auto params = ml::Params::resolve(e->params, {});
        QVERIFY(params);
        JobContext ctx;
        int calls = 0;
        ctx.setProgressCallback([&](double, const QString &) {
            if (++calls == 1)
                ctx.cancel();
        });
        auto model = e->fit(data, *params, ml::Task::Clustering, ctx);
        QVERIFY(!model);
        QCOMPARE(model.error().message, QStringLiteral("canceled"));
    }

    void jsonRoundTripsAndRejectsCorruptFiles()
    {
        ml::Dataset data = features(QStringLiteral("wine"), QStringLiteral("cultivar"));
        auto model = fitWith(QStringLiteral("kmeans"), data, {{QStringLiteral("n_clusters"), 4}},
                             ml::Task::Clustering);
        QVERIFY(model);
        auto back = ml::modelFromJson((*model)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QVERIFY((*back)->predict(data.X, ctx) == (*model)->predict(data.X, ctx));
        QVERIFY((*back)->toJson() == (*model)->toJson());
        QJsonObject bad = (*model)->toJson();
        bad.insert(QStringLiteral("centers"),
                   QJsonObject{{QStringLiteral("rows"), 1e12}, {QStringLiteral("cols"), 1e12}});
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.insert(QStringLiteral("iterations"), -3);
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*model)->toJson();
        bad.remove(QStringLiteral("inertia"));
        QVERIFY(!ml::modelFromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TstMlKMeans)
#include "tst_ml_kmeans.moc"

#include "MlReference.h"

#include "ml/BoostedTrees.h"
#include "ml/HistBinning.h"
#include "util/SplitMix64.h"

#include <QJsonDocument>
#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

struct Split
{
    ml::Dataset train, test;
};

// Every fourth row (i % 4 == 0) held out, as make_boosting_reference.py does.
Split holdOut(const ml::Dataset &d)
{
    std::vector<Eigen::Index> tr, te;
    for (Eigen::Index i = 0; i < d.rows(); ++i)
        (i % 4 == 0 ? te : tr).push_back(i);
    auto pick = [&](const std::vector<Eigen::Index> &rows) {
        ml::Dataset out;
        out.X.resize(Eigen::Index(rows.size()), d.cols());
        out.y.resize(Eigen::Index(rows.size()));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            out.X.row(Eigen::Index(i)) = d.X.row(rows[i]);
            out.y[Eigen::Index(i)] = d.y[rows[i]];
        }
        out.classCount = d.classCount;
        out.features = d.features;
        return out;
    };
    return {pick(tr), pick(te)};
}

ml::Dataset referenceDataset(const QString &name)
{
    if (name == QLatin1String("iris"))
        return numericDataset(readDataset(name), QStringLiteral("species"),
                              ml::Task::Classification);
    if (name == QLatin1String("wine"))
        return numericDataset(readDataset(name), QStringLiteral("cultivar"),
                              ml::Task::Classification);
    if (name == QLatin1String("breast_cancer"))
        return numericDataset(readDataset(name), QStringLiteral("diagnosis"),
                              ml::Task::Classification);
    if (name == QLatin1String("diabetes"))
        return numericDataset(readDataset(name), QStringLiteral("progression"),
                              ml::Task::Regression);
    QStringList classes;
    auto d = ml::buildDataset(readDataset(name),
                              {QStringLiteral("tenure_months"), QStringLiteral("support_calls")},
                              QStringLiteral("churned"), ml::Task::Classification, classes);
    return d ? *d : ml::Dataset();
}

double logLoss(const Eigen::MatrixXd &p, const Eigen::VectorXd &y)
{
    double s = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i)
        s -= std::log(std::clamp(p(i, Eigen::Index(y[i])), 1e-15, 1 - 1e-15));
    return s / double(y.size());
}

double r2(const Eigen::VectorXd &pred, const Eigen::VectorXd &y)
{
    const double ss = (pred - y).squaredNorm();
    return 1 - ss / (y.array() - y.mean()).matrix().squaredNorm();
}

// Synthetic binary classification: 8 features, the label from a noisy sum of the first three.
ml::Dataset synthetic(Eigen::Index n, std::uint64_t seed, bool regression = false)
{
    SplitMix64 rng{seed};
    ml::Dataset d;
    d.X.resize(n, 8);
    d.y.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (int f = 0; f < 8; ++f)
            d.X(i, f) = rng.uniform() * 2 - 1;
        const double s = 2 * d.X(i, 0) - d.X(i, 1) + d.X(i, 2) * d.X(i, 0) + rng.uniform() - 0.5;
        d.y[i] = regression ? s : (s > 0 ? 1 : 0);
    }
    d.classCount = regression ? 0 : 2;
    for (int f = 0; f < 8; ++f)
        d.features << QStringLiteral("x%1").arg(f);
    return d;
}

QByteArray jsonBytes(const ml::ModelPtr &m)
{
    return QJsonDocument(m->toJson()).toJson(QJsonDocument::Compact);
}

} // namespace

class TstMlBoosting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void binningMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n : {"iris", "wine", "breast_cancer", "diabetes", "customer_churn"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void binningMatchesScikitLearn()
    {
        // Thresholds are the midpoints of distinct values (<= 255 of them) or numpy's midpoint
        // percentiles: the same numbers as scikit-learn's, not just close.
        QFETCH(QString, name);
        const QJsonObject ref = readReference(QStringLiteral("boosting_%1.json").arg(name));
        QVERIFY(!ref.isEmpty());
        const Split s = holdOut(referenceDataset(name));
        QVERIFY(s.train.rows() > 0);
        JobContext ctx;
        const auto b = ml::HistBinning::fit(s.train.X, {}, 255, 1, ctx);
        const QJsonArray want = ref.value(QStringLiteral("thresholds")).toArray();
        QCOMPARE(b.featureCount(), want.size());
        for (int f = 0; f < b.featureCount(); ++f) {
            const Eigen::VectorXd w = refVector(QJsonObject{{"t", want[f]}}, QStringLiteral("t"));
            const std::vector<double> &got = b.thresholds(f);
            QCOMPARE(Eigen::Index(got.size()), w.size());
            for (std::size_t i = 0; i < got.size(); ++i)
                QVERIFY2(std::abs(got[i] - w[Eigen::Index(i)]) <=
                             1e-15 * std::max(1.0, std::abs(w[Eigen::Index(i)])),
                         qPrintable(QStringLiteral("feature %1 threshold %2").arg(f).arg(i)));
        }
    }

    void matchesScikitLearn_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<bool>("weighted");
        const QVariantMap off{{"early_stopping", "off"}};
        auto with = [&](QVariantMap m) {
            m.insert(off);
            return m;
        };
        for (const char *n : {"iris", "wine", "breast_cancer", "diabetes", "customer_churn"}) {
            const QString name = QString::fromLatin1(n);
            QTest::newRow(qPrintable(name + "/default")) << name << "default" << off << false;
            QTest::newRow(qPrintable(name + "/one_iteration"))
                << name << "one_iteration" << with({{"max_iter", 1}}) << false;
            QTest::newRow(qPrintable(name + "/small"))
                << name << "small" << with({{"max_iter", 10}, {"max_leaf_nodes", 4}}) << false;
            QTest::newRow(qPrintable(name + "/regularised")) << name << "regularised"
                                                             << with({{"max_iter", 30},
                                                                      {"l2_regularization", 1.0},
                                                                      {"max_depth", 3},
                                                                      {"min_samples_leaf", 5},
                                                                      {"learning_rate", 0.2}})
                                                             << false;
            QTest::newRow(qPrintable(name + "/weighted"))
                << name << "weighted" << with({{"max_iter", 20}}) << true;
        }
    }
    void matchesScikitLearn()
    {
        QFETCH(QString, name);
        QFETCH(QString, config);
        QFETCH(QVariantMap, params);
        QFETCH(bool, weighted);
        const QJsonObject ref =
            readReference(QStringLiteral("boosting_%1.json").arg(name)).value(config).toObject();
        QVERIFY(!ref.isEmpty());
        Split s = holdOut(referenceDataset(name));
        if (weighted)
            s.train.weight = Eigen::VectorXd::LinSpaced(s.train.rows(), 0.5, 2.0);
        const ml::Task task = s.train.classCount ? ml::Task::Classification : ml::Task::Regression;
        auto model = fitWith(QStringLiteral("gradient_boosting"), s.train, params, task);
        QVERIFY2(model, qPrintable(errorText(model)));
        JobContext ctx;
        // Same bins, the same float32 gradients, the same stable row order in every sum: the
        // raw scores are bit-identical to scikit-learn's without weights, and within 1e-15 with
        // them (np.average sums the weights pairwise).
        const Eigen::MatrixXd raw = refMatrix(ref, QStringLiteral("train_raw"));
        const Eigen::MatrixXd ours = (*model)->decisionFunction(s.train.X.topRows(raw.rows()), ctx);
        const double gap = relativeGap(ours, raw);
        QVERIFY2(gap < 1e-12, qPrintable(QStringLiteral("raw score gap %1").arg(gap)));
        QCOMPARE((*model)->learned().extra.value(QStringLiteral("iterations")).toInt(),
                 ref.value(QStringLiteral("n_iter")).toInt());
        if (task == ml::Task::Classification) {
            const double acc = agreement((*model)->predict(s.test.X, ctx), s.test.y);
            QVERIFY2(std::abs(acc - ref.value(QStringLiteral("accuracy")).toDouble()) < 1e-9,
                     qPrintable(QString::number(acc)));
            const double ll = logLoss((*model)->predictProba(s.test.X, ctx), s.test.y);
            const double want = ref.value(QStringLiteral("log_loss")).toDouble();
            QVERIFY2(std::abs(ll - want) < 1e-12 * std::max(1.0, want),
                     qPrintable(QString::number(ll)));
        } else {
            const double score = r2((*model)->predict(s.test.X, ctx), s.test.y);
            QVERIFY2(std::abs(score - ref.value(QStringLiteral("r2")).toDouble()) < 1e-12,
                     qPrintable(QString::number(score)));
        }
    }

    void threadsGiveTheSameModel()
    {
        // Early stopping on (seeded split).
        const ml::Dataset d = synthetic(60000, 7); // parallel histograms and partitions
        const QVariantMap p{{"max_iter", 15}, {"early_stopping", "on"}};
        auto one = fitWith(QStringLiteral("gradient_boosting"), d, p, ml::Task::Classification, 1);
        auto two = fitWith(QStringLiteral("gradient_boosting"), d, p, ml::Task::Classification, 2);
        QVERIFY2(one && two, qPrintable(errorText(one) + errorText(two)));
        QCOMPARE(jsonBytes(*one), jsonBytes(*two));
        JobContext c1, c2;
        c2.setThreads(2);
        QVERIFY((*one)->predictProba(d.X, c1) == (*one)->predictProba(d.X, c2));
        // Another seed draws another validation split, hence another model.
        auto other =
            fitWith(QStringLiteral("gradient_boosting"), d, p, ml::Task::Classification, 2, 99);
        QVERIFY(other);
        QVERIFY(jsonBytes(*other) != jsonBytes(*one));
    }

    void earlyStoppingEndsTraining()
    {
        // Regression on pure noise: the validation loss stops improving almost at once.
        ml::Dataset d = synthetic(3000, 3, true);
        SplitMix64 rng{5};
        for (Eigen::Index i = 0; i < d.rows(); ++i)
            d.y[i] = rng.uniform();
        auto m = fitWith(QStringLiteral("gradient_boosting"), d,
                         {{"early_stopping", "on"}, {"max_iter", 200}}, ml::Task::Regression);
        QVERIFY2(m, qPrintable(errorText(m)));
        const ml::Learned l = (*m)->learned();
        const int iterations = l.extra.value(QStringLiteral("iterations")).toInt();
        QVERIFY2(iterations < 60, qPrintable(QString::number(iterations)));
        QCOMPARE(int(l.validation.size()), iterations);
        QCOMPARE(int(l.loss.size()), iterations);
        QCOMPARE(int(dynamic_cast<const ml::BoostedTreesModel &>(**m).trees().size()), iterations);
        // auto: off at 3000 rows, so all iterations run.
        auto all = fitWith(QStringLiteral("gradient_boosting"), d, {{"max_iter", 30}},
                           ml::Task::Regression);
        QVERIFY(all);
        QCOMPARE((*all)->learned().extra.value(QStringLiteral("iterations")).toInt(), 30);
        QVERIFY((*all)->learned().validation.empty());
    }

    void learnedShowsLossAndImportances()
    {
        const ml::Dataset d = synthetic(4000, 11);
        auto m = fitWith(QStringLiteral("gradient_boosting"), d, {{"max_iter", 40}},
                         ml::Task::Classification);
        QVERIFY(m);
        const ml::Learned l = (*m)->learned();
        QCOMPARE(l.lossName, QStringLiteral("log_loss"));
        QCOMPARE(int(l.loss.size()), 40);
        for (std::size_t i = 1; i < l.loss.size(); ++i)
            QVERIFY(l.loss[i] < l.loss[i - 1]); // training loss only goes down
        QVERIFY(l.loss.front() < l.extra.value(QStringLiteral("baseline_loss")).toDouble());
        QCOMPARE(l.importances.size(), 8);
        QVERIFY(std::abs(l.importances.sum() - 1) < 1e-12);
        Eigen::Index top = 0;
        l.importances.maxCoeff(&top);
        QCOMPARE(top, Eigen::Index(0)); // x0 carries most of the signal
        QVERIFY(l.importances.tail(5).sum() < l.importances.head(3).sum() / 4);
    }

    void multiclassProbabilitiesSumToOne()
    {
        const ml::Dataset d = referenceDataset(QStringLiteral("wine"));
        auto m = fitWith(QStringLiteral("gradient_boosting"), d, {{"max_iter", 5}},
                         ml::Task::Classification);
        QVERIFY(m);
        JobContext ctx;
        const Eigen::MatrixXd p = (*m)->predictProba(d.X, ctx);
        QCOMPARE(p.cols(), 3);
        QVERIFY(((p.rowwise().sum().array() - 1).abs() < 1e-12).all());
        QCOMPARE(int(dynamic_cast<const ml::BoostedTreesModel &>(**m).trees().size()),
                 15); // K trees per iteration
    }

    void cancelStopsTraining()
    {
        const ml::Dataset d = synthetic(5000, 2);
        const ml::EstimatorInfo *e = ml::findEstimator(QStringLiteral("gradient_boosting"));
        QVERIFY(e);
        auto p = ml::Params::resolve(e->params, {{"max_iter", 5000}});
        QVERIFY(p);
        JobContext ctx;
        int calls = 0;
        ctx.setProgressCallback([&](double f, const QString &) {
            ++calls;
            if (f > 0) // the first report after an iteration (reports come at most every 50 ms)
                ctx.cancel();
        });
        auto m = e->fit(d, *p, ml::Task::Classification, ctx);
        QVERIFY(!m);
        QCOMPARE(m.error().message, QStringLiteral("canceled"));
        QVERIFY(calls > 0);
        QVERIFY2(ctx.progress() < 0.5, qPrintable(QString::number(ctx.progress())));
    }

    void jsonRoundTripsExactly()
    {
        const ml::Dataset d = referenceDataset(QStringLiteral("iris"));
        auto m = fitWith(QStringLiteral("gradient_boosting"), d, {{"max_iter", 10}},
                         ml::Task::Classification);
        QVERIFY(m);
        auto back = ml::modelFromJson((*m)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        QCOMPARE(jsonBytes(*back), jsonBytes(*m));
        JobContext ctx;
        QVERIFY((*back)->predictProba(d.X, ctx) == (*m)->predictProba(d.X, ctx));
        QVERIFY((*back)->learned().loss == (*m)->learned().loss);
    }

    void corruptJsonIsAnError()
    {
        const ml::Dataset d = referenceDataset(QStringLiteral("diabetes"));
        auto m = fitWith(QStringLiteral("gradient_boosting"), d, {{"max_iter", 3}},
                         ml::Task::Regression);
        QVERIFY(m);
        const QJsonObject good = (*m)->toJson();
        auto broken = [&](auto edit) {
            QJsonObject j = good;
            edit(j);
            return !ml::modelFromJson(j);
        };
        auto editTree = [&](QJsonObject &j, const QString &field, const QJsonValue &v) {
            QJsonArray trees = j.value(QStringLiteral("trees")).toArray();
            QJsonObject t = trees[0].toObject();
            QJsonArray a = t.value(field).toArray();
            a[0] = v;
            t.insert(field, a);
            trees[0] = t;
            j.insert(QStringLiteral("trees"), trees);
        };
        QVERIFY(broken([](QJsonObject &j) { j.remove(QStringLiteral("trees")); }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("baseline"), QJsonArray{}); }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("task"), "clustering"); }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("feature_count"), 1e12); }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("class_count"), 3); }));
        QVERIFY(broken([&](QJsonObject &j) { editTree(j, QStringLiteral("left"), 0); })); // cycle
        QVERIFY(
            broken([&](QJsonObject &j) { editTree(j, QStringLiteral("right"), 1e6); })); // range
        QVERIFY(broken([&](QJsonObject &j) { editTree(j, QStringLiteral("feature"), 99); }));
        QVERIFY(broken([&](QJsonObject &j) { editTree(j, QStringLiteral("value"), "x"); }));
        QVERIFY(broken([&](QJsonObject &j) {
            QJsonArray trees = j.value(QStringLiteral("trees")).toArray();
            QJsonObject t = trees[0].toObject();
            QJsonArray a = t.value(QStringLiteral("threshold")).toArray();
            a.removeLast(); // truncated
            t.insert(QStringLiteral("threshold"), a);
            trees[0] = t;
            j.insert(QStringLiteral("trees"), trees);
        }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("trees"), 5); }));
        QVERIFY(broken(
            [](QJsonObject &j) { j.insert(QStringLiteral("trees"), QJsonArray{QJsonObject{}}); }));
        QVERIFY(broken([](QJsonObject &j) { j.insert(QStringLiteral("iterations"), -1); }));
    }

    void badInputIsAnError()
    {
        ml::Dataset d = synthetic(1, 1);
        QVERIFY(!fitWith(QStringLiteral("gradient_boosting"), d, {}, ml::Task::Classification));
        d = synthetic(30, 1);
        // Classification needs two classes.
        d.classCount = 1;
        QVERIFY(!fitWith(QStringLiteral("gradient_boosting"), d, {}, ml::Task::Classification));
        d.classCount = 2;
        QVERIFY(!fitWith(QStringLiteral("gradient_boosting"), d, {{"max_leaf_nodes", 1}},
                         ml::Task::Classification));
        QVERIFY(fitWith(QStringLiteral("gradient_boosting"), d, {{"max_leaf_nodes", 0}},
                        ml::Task::Classification));
        QVERIFY(!fitWith(QStringLiteral("gradient_boosting"), d, {{"max_bins", 256}},
                         ml::Task::Classification));
    }
};

QTEST_GUILESS_MAIN(TstMlBoosting)
#include "tst_ml_boosting.moc"

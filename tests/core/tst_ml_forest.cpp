#include "MlReference.h"

#include "ml/IsolationForest.h"

#include <QTest>

#include <numeric>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

ml::Dataset load(const QString &dataset, ml::Task task)
{
    if (dataset == QLatin1String("diabetes"))
        return numericDataset(readDataset(dataset), QStringLiteral("progression"), task);
    if (dataset == QLatin1String("customer_churn")) {
        QStringList features;
        const QJsonObject ref = readReference(QStringLiteral("tree_reference.json"));
        for (const QJsonValue &f : ref.value(QStringLiteral("churn_features")).toArray())
            features << f.toString();
        QStringList classes;
        auto d = ml::buildDataset(readDataset(dataset), features, QStringLiteral("churned"), task,
                                  classes);
        return d ? *d : ml::Dataset();
    }
    const Table t = readDataset(dataset);
    return numericDataset(t, t.columnName(t.columnCount() - 1), task);
}

struct Split
{
    ml::Dataset train;
    Eigen::MatrixXd testX;
    Eigen::VectorXd testY;
};

Split splitEvery(const ml::Dataset &data, int every)
{
    std::vector<Eigen::Index> train, test;
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        (i % every == 0 ? test : train).push_back(i);
    Split s{data, data.X(test, Eigen::all), data.y(test)};
    s.train.X = data.X(train, Eigen::all);
    s.train.y = data.y(train);
    return s;
}

double score(const Eigen::VectorXd &p, const Eigen::VectorXd &y, ml::Task task)
{
    if (task == ml::Task::Classification)
        return agreement(p, y);
    return 1.0 - (y - p).squaredNorm() / (y.array() - y.mean()).square().sum();
}

// ROC AUC by the rank-sum (Mann-Whitney) formula, ties sharing their mean rank.
double rocAuc(const Eigen::VectorXd &s, const Eigen::VectorXd &label)
{
    std::vector<Eigen::Index> order(std::size_t(s.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s[a] < s[b]; });
    std::vector<double> rank(order.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && s[order[j + 1]] == s[order[i]])
            ++j;
        for (std::size_t k = i; k <= j; ++k)
            rank[std::size_t(order[k])] = (double(i + j) / 2.0) + 1.0;
        i = j + 1;
    }
    double pos = 0, sum = 0;
    for (Eigen::Index i = 0; i < s.size(); ++i)
        if (label[i] > 0) {
            ++pos;
            sum += rank[std::size_t(i)];
        }
    const double neg = double(s.size()) - pos;
    return (sum - pos * (pos + 1) / 2.0) / (pos * neg);
}

ml::Dataset planted(const QJsonObject &ref)
{
    ml::Dataset d;
    d.X = refMatrix(ref, QStringLiteral("X"));
    for (int c = 0; c < d.X.cols(); ++c)
        d.features << QStringLiteral("x%1").arg(c);
    return d;
}

} // namespace

class TstMlForest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Held-out accuracy within 0.03 (R² within 0.05) of scikit-learn's mean over 5 seeds, the
    // out-of-bag score likewise, and the importances within an L1 distance of
    // scikit-learn's own seed-to-seed spread plus 0.05 of its mean importances.
    void forestMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("dataset");
        for (const char *k : {"breast_cancer", "breast_cancer_entropy_log2", "diabetes",
                              "diabetes_sqrt_leaf5", "customer_churn"}) {
            const QString key = QString::fromLatin1(k);
            QTest::newRow(k) << key
                             << key.section(QLatin1Char('_'), 0,
                                            key.startsWith(QLatin1String("breast")) ||
                                                    key.startsWith(QLatin1String("customer"))
                                                ? 1
                                                : 0);
        }
    }
    void forestMatchesScikitLearn()
    {
        QFETCH(QString, key);
        QFETCH(QString, dataset);
        const QJsonObject ref =
            readReference(QStringLiteral("forest_reference.json")).value(key).toObject();
        QVERIFY(!ref.isEmpty());
        const ml::Task task =
            dataset == QLatin1String("diabetes") ? ml::Task::Regression : ml::Task::Classification;
        const ml::Dataset data = load(dataset, task);
        QVERIFY(data.rows() > 0);
        const Split s = splitEvery(data, ref.value(QStringLiteral("every")).toInt());
        QVariantMap params;
        const QJsonObject kw = ref.value(QStringLiteral("params")).toObject();
        for (auto it = kw.begin(); it != kw.end(); ++it)
            params.insert(it.key(), it.value().toVariant().toString());
        params.insert(QStringLiteral("oob_score"), true);
        auto model = fitWith(QStringLiteral("random_forest"), s.train, params, task, 2);
        QVERIFY2(model, qPrintable(errorText(model)));
        JobContext ctx;
        const double ours = score((*model)->predict(s.testX, ctx), s.testY, task);
        const double tol = task == ml::Task::Classification ? 0.03 : 0.05;
        const double theirs = ref.value(QStringLiteral("score_mean")).toDouble();
        QVERIFY2(
            std::abs(ours - theirs) <= tol,
            qPrintable(QStringLiteral("held-out %1 vs scikit-learn %2").arg(ours).arg(theirs)));
        const ml::Learned l = (*model)->learned();
        const double oob = l.extra.value(QStringLiteral("oob_score")).toDouble(-1);
        const double oobRef = ref.value(QStringLiteral("oob_mean")).toDouble();
        qInfo("%s: held-out %.4f (scikit-learn %.4f), OOB %.4f (%.4f)", qPrintable(key), ours,
              theirs, oob, oobRef);
        QVERIFY2(std::abs(oob - oobRef) <= tol,
                 qPrintable(QStringLiteral("OOB %1 vs scikit-learn %2").arg(oob).arg(oobRef)));
        const Eigen::VectorXd imp = refVector(ref, QStringLiteral("importances"));
        QCOMPARE(l.importances.size(), imp.size());
        QVERIFY(std::abs(l.importances.sum() - 1.0) < 1e-12);
        const double l1 = (l.importances - imp).cwiseAbs().sum();
        const double allowed = ref.value(QStringLiteral("importance_l1_spread")).toDouble() + 0.05;
        qInfo("importance L1 distance %.4f (allowed %.4f)", l1, allowed);
        QVERIFY2(l1 <= allowed,
                 qPrintable(QStringLiteral("importance L1 %1 > %2").arg(l1).arg(allowed)));
        QCOMPARE(l.extra.value(QStringLiteral("trees")).toInt(), 100);
        // The OOB predictions agree with the score they give.
        if (task == ml::Task::Classification) {
            auto m = ml::matrixFromJson(l.extra.value(QStringLiteral("oob_decision_function")),
                                        QStringLiteral("oob"), s.train.rows(), data.classCount);
            QVERIFY(m);
            Eigen::VectorXd p(m->rows());
            for (Eigen::Index i = 0; i < m->rows(); ++i) {
                Eigen::Index b;
                m->row(i).maxCoeff(&b);
                p[i] = double(b);
            }
            QCOMPARE(agreement(p, s.train.y), oob);
        } else {
            auto v = ml::vectorFromJson(l.extra.value(QStringLiteral("oob_prediction")),
                                        QStringLiteral("oob"), s.train.rows());
            QVERIFY(v);
            QVERIFY(std::abs(score(*v, s.train.y, task) - oob) < 1e-12);
        }
    }

    // Each tree depends on the seed and its index only: 1 and 2 threads give the same forest.
    void forestIsThreadIndependentAndRoundTrips()
    {
        const ml::Dataset data = load(QStringLiteral("breast_cancer"), ml::Task::Classification);
        const QVariantMap params{{QStringLiteral("n_estimators"), 20},
                                 {QStringLiteral("oob_score"), true}};
        auto one =
            fitWith(QStringLiteral("random_forest"), data, params, ml::Task::Classification, 1);
        auto two =
            fitWith(QStringLiteral("random_forest"), data, params, ml::Task::Classification, 2);
        QVERIFY(one && two);
        QCOMPARE((*one)->toJson(), (*two)->toJson());
        auto other =
            fitWith(QStringLiteral("random_forest"), data, params, ml::Task::Classification, 2, 43);
        QVERIFY(other);
        QVERIFY((*other)->toJson() != (*one)->toJson());
        // Through text, as a model file: every double comes back bit for bit.
        const QByteArray text = QJsonDocument((*one)->toJson()).toJson(QJsonDocument::Compact);
        auto back = ml::modelFromJson(QJsonDocument::fromJson(text).object());
        QVERIFY2(back, qPrintable(errorText(back)));
        QCOMPARE((*back)->toJson(), (*one)->toJson());
        JobContext ctx1, ctx2;
        ctx2.setThreads(2);
        QVERIFY((*back)->predictProba(data.X, ctx1) == (*one)->predictProba(data.X, ctx2));
        QCOMPARE((*back)->learned().extra, (*one)->learned().extra);
        QJsonObject bad = (*one)->toJson();
        QJsonArray trees = bad.value(QStringLiteral("trees")).toArray();
        QJsonObject t = trees[5].toObject();
        QJsonArray left = t.value(QStringLiteral("left")).toArray();
        left[0] = 1 << 30;
        t.insert(QStringLiteral("left"), left);
        trees[5] = t;
        bad.insert(QStringLiteral("trees"), trees);
        QVERIFY(!ml::modelFromJson(bad));
    }

    // Without bootstrap and with every feature tried, each tree is the single CART tree.
    void forestWithoutRandomnessIsTheTree()
    {
        ml::Dataset data = load(QStringLiteral("breast_cancer"), ml::Task::Classification);
        data.weight = Eigen::VectorXd::LinSpaced(data.rows(), 0.5, 2.0);
        auto forest = fitWith(QStringLiteral("random_forest"), data,
                              {{QStringLiteral("n_estimators"), 3},
                               {QStringLiteral("bootstrap"), false},
                               {QStringLiteral("max_features"), QStringLiteral("all")},
                               {QStringLiteral("max_depth"), 3}},
                              ml::Task::Classification);
        auto tree = fitWith(QStringLiteral("decision_tree"), data,
                            {{QStringLiteral("max_depth"), 3}}, ml::Task::Classification);
        QVERIFY(forest && tree);
        JobContext ctx;
        QVERIFY(((*forest)->predictProba(data.X, ctx) - (*tree)->predictProba(data.X, ctx))
                    .cwiseAbs()
                    .maxCoeff() < 1e-15);
        QVERIFY(((*forest)->learned().importances - (*tree)->learned().importances)
                    .cwiseAbs()
                    .maxCoeff() < 1e-15);
    }

    void forestReportsProgressAndCancels()
    {
        const ml::Dataset data = load(QStringLiteral("wine"), ml::Task::Classification);
        const ml::EstimatorInfo *e = ml::findEstimator(QStringLiteral("random_forest"));
        QVERIFY(e);
        auto p = ml::Params::resolve(e->params, {{QStringLiteral("n_estimators"), 200}});
        QVERIFY(p);
        JobContext ctx;
        int calls = 0;
        ctx.setProgressCallback([&](double, const QString &) {
            if (++calls == 1)
                ctx.cancel();
        });
        auto r = e->fit(data, *p, ml::Task::Classification, ctx);
        QVERIFY(!r);
        QCOMPARE(r.error().message, QStringLiteral("canceled"));
        JobContext done;
        auto ok = e->fit(data, *p, ml::Task::Classification, done);
        QVERIFY(ok);
        QCOMPARE(done.progress(), 1.0);
        QVERIFY(
            !fitWith(QStringLiteral("random_forest"), data,
                     {{QStringLiteral("bootstrap"), false}, {QStringLiteral("oob_score"), true}},
                     ml::Task::Classification));
    }

    void isolationPathLengthIsScikitLearns()
    {
        const QJsonObject ref = readReference(QStringLiteral("isolation_reference.json"));
        const Eigen::VectorXd n = refVector(ref, QStringLiteral("path_n"));
        const Eigen::VectorXd c = refVector(ref, QStringLiteral("path_c"));
        QVERIFY(n.size() >= 8 && n.size() == c.size());
        for (Eigen::Index i = 0; i < n.size(); ++i)
            QVERIFY2(std::abs(ml::averagePathLength(n[i]) - c[i]) <= 1e-14 * std::max(1.0, c[i]),
                     qPrintable(QString::number(n[i])));
    }

    // Planted outliers (500 Gaussian rows, 25 far away, in 4-D): the ROC AUC of our scores
    // against the planted labels is within 0.01 of scikit-learn's mean over 10 seeds; our
    // scores correlate with scikit-learn's mean scores above 0.97; the rows flagged (contamination
    // auto and 0.05) agree with scikit-learn's seed 0 at least as well as scikit-learn's own
    // seeds agree with each other, less 0.01.
    void isolationForestMatchesScikitLearn()
    {
        const QJsonObject ref = readReference(QStringLiteral("isolation_reference.json"));
        const ml::Dataset data = planted(ref);
        QCOMPARE(data.rows(), 525);
        const Eigen::VectorXd labels = refVector(ref, QStringLiteral("labels"));
        auto model = fitWith(QStringLiteral("isolation_forest"), data, {}, ml::Task::Anomaly, 2);
        QVERIFY2(model, qPrintable(errorText(model)));
        JobContext ctx;
        const Eigen::VectorXd s = (*model)->decisionFunction(data.X, ctx).col(0);
        const double auc = rocAuc(s, labels);
        QVERIFY2(std::abs(auc - ref.value(QStringLiteral("auc_mean")).toDouble()) <= 0.01,
                 qPrintable(QStringLiteral("AUC %1 vs %2")
                                .arg(auc)
                                .arg(ref.value(QStringLiteral("auc_mean")).toDouble())));
        const Eigen::VectorXd theirs = refVector(ref, QStringLiteral("scores_mean"));
        const Eigen::ArrayXd a = s.array() - s.mean(), b = theirs.array() - theirs.mean();
        const double corr = (a * b).sum() / std::sqrt(a.square().sum() * b.square().sum());
        qInfo("AUC %.4f (scikit-learn %.4f), score correlation %.4f", auc,
              ref.value(QStringLiteral("auc_mean")).toDouble(), corr);
        QVERIFY2(corr > 0.97, qPrintable(QString::number(corr)));
        const Eigen::VectorXd flags = (*model)->predict(data.X, ctx);
        QVERIFY((flags.array() == (s.array() > 0.5).cast<double>()).all());
        const double agreeAuto = agreement(flags, refVector(ref, QStringLiteral("flags_auto")));
        QVERIFY2(agreeAuto >= ref.value(QStringLiteral("flags_auto_agreement")).toDouble() - 0.01,
                 qPrintable(QString::number(agreeAuto)));

        auto c05 = fitWith(QStringLiteral("isolation_forest"), data,
                           {{QStringLiteral("contamination"), QStringLiteral("0.05")}},
                           ml::Task::Anomaly, 1);
        QVERIFY(c05);
        const Eigen::VectorXd f05 = (*c05)->predict(data.X, ctx);
        QVERIFY(std::abs(f05.sum() - 0.05 * 525) <= 1.0);
        const double agree05 = agreement(f05, refVector(ref, QStringLiteral("flags_c05")));
        qInfo("flag agreement: auto %.4f (scikit-learn seeds %.4f), 0.05 %.4f (%.4f)", agreeAuto,
              ref.value(QStringLiteral("flags_auto_agreement")).toDouble(), agree05,
              ref.value(QStringLiteral("flags_c05_agreement")).toDouble());
        QVERIFY2(agree05 >= ref.value(QStringLiteral("flags_c05_agreement")).toDouble() - 0.01,
                 qPrintable(QString::number(agree05)));
    }

    void isolationForestIsThreadIndependentAndRoundTrips()
    {
        const QJsonObject ref = readReference(QStringLiteral("isolation_reference.json"));
        const ml::Dataset data = planted(ref);
        const QVariantMap params{{QStringLiteral("max_samples"), QStringLiteral("0.5")},
                                 {QStringLiteral("contamination"), QStringLiteral("0.1")},
                                 {QStringLiteral("max_features"), 0.5}};
        auto one = fitWith(QStringLiteral("isolation_forest"), data, params, ml::Task::Anomaly, 1);
        auto two = fitWith(QStringLiteral("isolation_forest"), data, params, ml::Task::Anomaly, 2);
        QVERIFY2(one && two, qPrintable(errorText(one)));
        QCOMPARE((*one)->toJson(), (*two)->toJson());
        auto back = ml::modelFromJson((*one)->toJson());
        QVERIFY2(back, qPrintable(errorText(back)));
        JobContext ctx;
        QVERIFY((*back)->decisionFunction(data.X, ctx) == (*one)->decisionFunction(data.X, ctx));
        QVERIFY((*back)->predict(data.X, ctx) == (*one)->predict(data.X, ctx));
        QCOMPARE((*one)->learned().extra.value(QStringLiteral("max_samples")).toInt(), 262);
        // Trees are capped at ceil(log2(max_samples)) levels.
        QVERIFY((*one)->learned().extra.value(QStringLiteral("depth")).toInt() <= 9);
        QJsonObject bad = (*one)->toJson();
        bad.insert(QStringLiteral("max_samples"), -3);
        QVERIFY(!ml::modelFromJson(bad));
        bad = (*one)->toJson();
        QJsonArray trees = bad.value(QStringLiteral("trees")).toArray();
        QJsonObject t = trees[0].toObject();
        QJsonArray feature = t.value(QStringLiteral("feature")).toArray();
        feature[0] = 4;
        t.insert(QStringLiteral("feature"), feature);
        trees[0] = t;
        bad.insert(QStringLiteral("trees"), trees);
        QVERIFY(!ml::modelFromJson(bad));
        for (const char *c : {"0", "0.6", "x"})
            QVERIFY(!fitWith(QStringLiteral("isolation_forest"), data,
                             {{QStringLiteral("contamination"), QString::fromLatin1(c)}},
                             ml::Task::Anomaly));
        QVERIFY(!fitWith(QStringLiteral("isolation_forest"), data,
                         {{QStringLiteral("max_samples"), QStringLiteral("0")}},
                         ml::Task::Anomaly));
    }
};

QTEST_GUILESS_MAIN(TstMlForest)
#include "tst_ml_forest.moc"

// Queries in domain terms: filters, metric conditions, sorting, comparing runs and curves.

#include "StoreTestSupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace flowline::tests;
using namespace flowline::core::store;

namespace {

struct Spec
{
    QString experiment;
    QString algorithm;
    RunStatus status;
    std::vector<std::pair<QString, QString>> params;
    std::vector<std::pair<QString, QString>> tags;
    std::vector<std::pair<QString, double>> metrics;
};

std::vector<RunId> idsOf(const flowline::core::Result<std::vector<RunSummary>> &runs)
{
    std::vector<RunId> ids;
    if (runs)
        for (const RunSummary &r : *runs)
            ids.push_back(r.id);
    return ids;
}

} // namespace

class TstStoreQueries : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<ExperimentStore> m_store;
    std::vector<RunId> m_ids; // r1..r5 in order

private Q_SLOTS:
    void initTestCase()
    {
        m_store = openOrNull(m_dir.filePath(QStringLiteral("q.sqlite")));
        QVERIFY(m_store);
        const QString A = QStringLiteral("A"), B = QStringLiteral("B");
        const QString rf = QStringLiteral("random_forest");
        const std::vector<Spec> specs = {
            {A,
             rf,
             RunStatus::Finished,
             {{"max_depth", "4"}, {"n_estimators", "100"}},
             {{"team", "x"}},
             {{"roc_auc", 0.9}, {"accuracy", 0.85}}},
            {A,
             rf,
             RunStatus::Finished,
             {{"max_depth", "8"}, {"n_estimators", "100"}},
             {{"team", "y"}},
             {{"roc_auc", 0.7}, {"accuracy", 0.85}}},
            {A,
             QStringLiteral("logistic_regression"),
             RunStatus::Finished,
             {{"C", "1.0"}},
             {{"team", "x"}},
             {{"roc_auc", 0.8}}},
            {A, QStringLiteral("knn"), RunStatus::Failed, {{"k", "5"}}, {}, {}},
            {B,
             rf,
             RunStatus::Finished,
             {{"max_depth", "4"}, {"n_estimators", "300"}},
             {{"team", "x"}},
             {{"roc_auc", 0.95}}},
        };
        for (const Spec &s : specs) {
            RunStart start;
            start.experiment = s.experiment;
            start.algorithm = s.algorithm;
            start.params = s.params;
            start.tags = s.tags;
            auto run = m_store->startRun(start);
            QVERIFY2(run, qPrintable(errorText(run)));
            for (const auto &[key, value] : s.metrics) {
                m_store->logMetric(*run, key, 0, value + 0.5); // an earlier, different value
                m_store->logMetric(*run, key, 1, value);
            }
            QVERIFY(m_store->finishRun(*run, s.status));
            m_ids.push_back(*run);
        }
        // A second curve for r1 and r2 to overlay.
        for (int step = 0; step < 10; ++step) {
            m_store->logMetric(m_ids[0], QStringLiteral("loss"), step, 1.0 / (step + 1));
            m_store->logMetric(m_ids[1], QStringLiteral("loss"), step * 2, 2.0 / (step + 1));
        }
        QVERIFY(m_store->flush());
    }

    void filtersByExperimentAlgorithmStatusTagAndParam()
    {
        const auto &id = m_ids;
        RunFilter f;
        f.experiment = QStringLiteral("A");
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[0], id[1], id[2], id[3]}));
        f.algorithm = QStringLiteral("random_forest");
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[0], id[1]}));
        f = {};
        f.status = RunStatus::Failed;
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[3]}));
        f = {};
        f.tags = {{QStringLiteral("team"), QStringLiteral("x")}};
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[0], id[2], id[4]}));
        f.params = {{QStringLiteral("max_depth"), QStringLiteral("4")}};
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[0], id[4]}));
        f.params.push_back({QStringLiteral("n_estimators"), QStringLiteral("300")});
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[4]}));
        f = {};
        f.experiment = QStringLiteral("A' OR 1=1 --"); // values are bound, never spliced
        auto none = m_store->runs(f);
        QVERIFY2(none, qPrintable(errorText(none)));
        QVERIFY(none->empty());
    }

    void filtersByMetricValue_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QList<int>>("expected"); // indexes into m_ids
        QTest::newRow(">=") << QStringLiteral("roc_auc>=0.8") << QList<int>{0, 2, 4};
        QTest::newRow(">") << QStringLiteral("roc_auc > 0.8") << QList<int>{0, 4};
        QTest::newRow("<") << QStringLiteral("roc_auc<0.8") << QList<int>{1};
        QTest::newRow("<=") << QStringLiteral("roc_auc<=0.8") << QList<int>{1, 2};
        QTest::newRow("=") << QStringLiteral("accuracy=0.85") << QList<int>{0, 1};
        QTest::newRow("!=") << QStringLiteral("roc_auc!=0.9") << QList<int>{1, 2, 4};
        QTest::newRow("last value only") << QStringLiteral("roc_auc>=1.3") << QList<int>{};
        QTest::newRow("unknown metric") << QStringLiteral("f1>0") << QList<int>{};
    }

    void filtersByMetricValue()
    {
        QFETCH(QString, condition);
        QFETCH(QList<int>, expected);
        auto c = parseMetricCondition(condition);
        QVERIFY2(c, qPrintable(errorText(c)));
        RunFilter f;
        f.metrics = {*c};
        std::vector<RunId> want;
        for (int i : expected)
            want.push_back(m_ids[std::size_t(i)]);
        QCOMPARE(idsOf(m_store->runs(f)), want);
    }

    void badMetricConditionsAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *t :
             {"roc_auc", ">=0.8", "roc_auc>=", "roc_auc>=high", "roc_auc>=nan", "roc_auc~0.8", ""})
            QTest::newRow(t) << QString::fromLatin1(t);
    }

    void badMetricConditionsAreRefused()
    {
        QFETCH(QString, text);
        auto c = parseMetricCondition(text);
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("roc_auc>=0.8")));
    }

    void sortsByAnyMetricWithMissingValuesLast()
    {
        const auto &id = m_ids;
        RunFilter f;
        f.sortMetric = QStringLiteral("roc_auc");
        f.descending = true;
        auto desc = m_store->runs(f);
        QCOMPARE(idsOf(desc), (std::vector<RunId>{id[4], id[0], id[2], id[1], id[3]}));
        QCOMPARE(desc->at(0).sortValue.value_or(0), 0.95);
        QVERIFY(!desc->at(4).sortValue);
        f.descending = false;
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[1], id[2], id[0], id[4], id[3]}));
        f.limit = 2;
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[1], id[2]}));
        // Ties keep the id order, in the same direction.
        f = {};
        f.sortMetric = QStringLiteral("accuracy");
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[0], id[1], id[2], id[3], id[4]}));
        f.descending = true;
        QCOMPARE(idsOf(m_store->runs(f)), (std::vector<RunId>{id[1], id[0], id[4], id[3], id[2]}));
    }

    void listsWithTheLastMetricValues()
    {
        RunFilter f;
        f.withMetrics = true;
        f.experiment = QStringLiteral("A");
        auto runs = m_store->runs(f);
        QVERIFY2(runs, qPrintable(errorText(runs)));
        QCOMPARE(runs->size(), std::size_t(4));
        QCOMPARE(runs->at(0).metrics.at(QStringLiteral("roc_auc")), 0.9);
        QCOMPARE(runs->at(0).metrics.at(QStringLiteral("loss")), 0.1);
        QCOMPARE(runs->at(0).metrics.size(), std::size_t(3));
        QVERIFY(runs->at(3).metrics.empty());
        QVERIFY(runs->at(0).durationSeconds().has_value());
        QVERIFY(m_store->runs()->at(0).metrics.empty()); // not asked for
    }

    void comparesRunsSideBySide()
    {
        const auto &id = m_ids;
        auto c = m_store->compare({id[0], id[1], id[4]});
        QVERIFY2(c, qPrintable(errorText(c)));
        QCOMPARE(c->runs.size(), std::size_t(3));
        QCOMPARE(c->runs[2].experiment, QStringLiteral("B"));
        QCOMPARE(c->params.size(), std::size_t(2));
        QCOMPARE(c->params[0].key, QStringLiteral("max_depth"));
        QCOMPARE(c->params[0].values,
                 (std::vector<std::optional<QString>>{QStringLiteral("4"), QStringLiteral("8"),
                                                      QStringLiteral("4")}));
        QVERIFY(c->params[0].differs);
        QCOMPARE(c->params[1].key, QStringLiteral("n_estimators"));
        QVERIFY(c->params[1].differs);
        QCOMPARE(c->metrics.size(), std::size_t(3)); // accuracy, loss, roc_auc
        QCOMPARE(c->metrics[0].key, QStringLiteral("accuracy"));
        QCOMPARE(c->metrics[0].values,
                 (std::vector<std::optional<double>>{0.85, 0.85, std::nullopt}));
        QVERIFY(c->metrics[0].differs); // a missing value is a difference
        QCOMPARE(c->metrics[2].values, (std::vector<std::optional<double>>{0.9, 0.7, 0.95}));

        auto same = m_store->compare({id[0], id[1]}, true);
        QVERIFY(same);
        QCOMPARE(same->params.size(), std::size_t(1)); // n_estimators is 100 in both
        QCOMPARE(same->params[0].key, QStringLiteral("max_depth"));
        QCOMPARE(same->metrics.size(), std::size_t(2)); // accuracy is equal
        QCOMPARE(same->metrics[0].key, QStringLiteral("loss"));

        auto mixed = m_store->compare({id[2], id[3]}, true);
        QVERIFY(mixed);
        QCOMPARE(mixed->params.size(), std::size_t(2)); // C only in one, k only in the other
        QCOMPARE(mixed->params[0].values[1], std::optional<QString>());
    }

    void compareRefusesUnknownRuns()
    {
        auto c = m_store->compare({m_ids[0], 777});
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("no run 777")));
        QVERIFY(!m_store->compare({}));
    }

    void curvesToOverlay()
    {
        auto curves = m_store->curves({m_ids[0], m_ids[1], m_ids[2]}, QStringLiteral("loss"));
        QVERIFY2(curves, qPrintable(errorText(curves)));
        QCOMPARE(curves->size(), std::size_t(3));
        QCOMPARE(curves->at(0).steps.size(), std::size_t(10));
        QCOMPARE(curves->at(1).steps.back(), std::int64_t(18));
        QCOMPARE(curves->at(1).values.back(), 0.2);
        QVERIFY(curves->at(2).steps.empty()); // r3 has no loss curve
        QVERIFY(!m_store->curves({12345}, QStringLiteral("loss")));
    }

    void listsExperiments()
    {
        auto e = m_store->experiments();
        QVERIFY(e);
        QCOMPARE(*e, (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    }
};

QTEST_GUILESS_MAIN(TstStoreQueries)
#include "tst_store_queries.moc"

#include "EvalReference.h"

#include "eval/BinaryCurves.h"
#include "eval/ThresholdAnalysis.h"
#include "util/SplitMix64.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

class TstEvalCurves : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curvesMatchScikitLearn_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = refCases(QStringLiteral("metrics_classification.json"));
        QVERIFY(!cases.isEmpty());
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].toObject().value(QStringLiteral("name")).toString()))
                << i;
    }

    // roc_curve (drop_intermediate=True), precision_recall_curve and calibration_curve points,
    // to 1e-12 (the thresholds are the scores themselves: exact).
    void curvesMatchScikitLearn()
    {
        QFETCH(int, index);
        const QJsonObject c =
            refCases(QStringLiteral("metrics_classification.json"))[index].toObject();
        JobContext ctx;
        const eval::Evaluation e = eval::evaluateClassification(classificationInput(c), ctx);
        const QJsonObject curves = c.value(QStringLiteral("curves")).toObject();
        QVERIFY(!curves.isEmpty());
        for (auto it = curves.begin(); it != curves.end(); ++it) {
            const eval::Curve *mine = e.curve(it.key());
            QVERIFY2(mine, qPrintable(it.key()));
            const QJsonObject ref = it.value().toObject();
            QVERIFY2(closeVectors(mine->x, ref.value(QStringLiteral("x")), 1e-12),
                     qPrintable(it.key()));
            QVERIFY2(closeVectors(mine->y, ref.value(QStringLiteral("y")), 1e-12),
                     qPrintable(it.key()));
            if (!it.key().startsWith(QLatin1String("calibration")))
                QVERIFY2(closeVectors(mine->thresholds, ref.value(QStringLiteral("thresholds")), 0),
                         qPrintable(it.key()));
        }
    }

    // The one-pass AUC (no curve kept) agrees with roc_auc_score.
    void streamingAucMatchesScikitLearn()
    {
        const QJsonArray cases = refCases(QStringLiteral("metrics_classification.json"));
        int checked = 0;
        for (const QJsonValue &v : cases) {
            const QJsonObject c = v.toObject();
            const eval::ClassificationInput in = classificationInput(c);
            if (in.classes.size() != 2)
                continue;
            const Eigen::VectorXd score =
                in.proba.size() ? Eigen::VectorXd(in.proba.col(in.positive)) : in.score;
            const Eigen::VectorXi truth01 = (in.truth.array() == in.positive).cast<int>();
            const double want = c.value(QStringLiteral("metrics"))
                                    .toObject()
                                    .value(QStringLiteral("roc_auc"))
                                    .toDouble();
            QVERIFY(nearlyEqual(eval::rocAucScore(score, truth01, in.weight), want, 1e-12));
            JobContext two;
            two.setThreads(2);
            QCOMPARE(eval::rocAucScore(score, truth01, in.weight, &two),
                     eval::rocAucScore(score, truth01, in.weight));
            ++checked;
        }
        QVERIFY(checked >= 5);
        QVERIFY(std::isnan(eval::rocAucScore(Eigen::VectorXd::Ones(3), Eigen::VectorXi::Ones(3))));
        QVERIFY(std::isnan(
            eval::rocAucScore(Eigen::VectorXd{{0.1, std::nan("")}}, Eigen::VectorXi{{0, 1}})));
        QCOMPARE(eval::rocAucScore(Eigen::VectorXd{{0.5, 0.5, 0.2}}, Eigen::VectorXi{{1, 0, 0}}),
                 0.75);
    }

    // Gains and lift on a small case worked by hand: scores 0.9 (pos), 0.8 (neg), 0.8 (pos),
    // 0.3 (neg), 0.1 (pos).
    void gainsAndLift()
    {
        const Eigen::VectorXd score{{0.9, 0.8, 0.8, 0.3, 0.1}};
        const Eigen::VectorXi truth{{1, 0, 1, 0, 1}};
        const eval::BinaryRanking r = eval::rankScores(score, truth);
        const eval::Curve g = eval::gainsCurve(r, QStringLiteral("gains"));
        const std::vector<double> x{0, 0.2, 0.6, 0.8, 1.0};
        const std::vector<double> y{0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1.0};
        QCOMPARE(g.x, x);
        QCOMPARE(g.y, y);
        QCOMPARE(g.thresholds, (std::vector<double>{0.9 + 1, 0.9, 0.8, 0.3, 0.1}));
        const eval::Curve l = eval::liftCurve(r, QStringLiteral("lift"));
        QCOMPARE(l.x.size(), std::size_t(4));
        QCOMPARE(l.y[0], (1.0 / 3) / 0.2);
        QCOMPARE(l.y[3], 1.0);
        // Collinear points are dropped (the second one here).
        const eval::BinaryRanking same =
            eval::rankScores(Eigen::VectorXd{{4, 3, 2, 1}}, Eigen::VectorXi{{1, 1, 1, 0}});
        QCOMPARE(eval::gainsCurve(same, {}).x, (std::vector<double>{0, 0.25, 0.75, 1.0}));
    }

    void thinnedCurvesKeepTheEnds()
    {
        eval::Curve c{QStringLiteral("pr"), {}, {}, {}};
        for (int i = 0; i < 1001; ++i) {
            c.x.push_back(i);
            c.y.push_back(2 * i);
            if (i < 1000)
                c.thresholds.push_back(-i);
        }
        const eval::Curve t = eval::thinned(c, 11);
        QCOMPARE(t.x, (std::vector<double>{0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
        QCOMPARE(t.y.back(), 2000.0);
        QCOMPARE(t.thresholds.size(), std::size_t(10)); // the last point has none
        QCOMPARE(t.name, c.name);
        QCOMPARE(eval::thinned(c, 5000).x.size(), std::size_t(1001));
    }

    void calibrationBins()
    {
        // Bin edges are left-closed as numpy's searchsorted: 0.1 falls in the first bin.
        const Eigen::VectorXd p{{0.0, 0.1, 0.1000001, 0.95, 1.0}};
        const Eigen::VectorXi t{{0, 1, 0, 1, 1}};
        const eval::Curve c = eval::calibrationCurve(p, t, {}, QStringLiteral("calibration"));
        QCOMPARE(c.x.size(), std::size_t(3));
        QCOMPARE(c.y[0], 0.5);
        QCOMPARE(c.thresholds, (std::vector<double>{2, 1, 2}));
        QVERIFY(eval::calibrationCurve(Eigen::VectorXd{{0.5, 1.5}}, Eigen::VectorXi{{0, 1}}, {}, {})
                    .x.empty());
    }

    void thresholdCountsMatchScikitLearn()
    {
        const QJsonObject ref = readReference(QStringLiteral("metrics_thresholds.json"));
        const eval::ThresholdAnalysis ta(refVector(ref, QStringLiteral("score")),
                                         refInts(ref, QStringLiteral("truth")));
        const QJsonArray at = ref.value(QStringLiteral("at")).toArray();
        QVERIFY(at.size() >= 5);
        for (const QJsonValue &v : at) {
            const QJsonObject o = v.toObject();
            const double t = o.value(QStringLiteral("threshold")).toDouble();
            eval::Evaluation holder;
            holder.metrics = ta.metricsAt(t);
            for (auto it = o.begin(); it != o.end(); ++it)
                QVERIFY2(nearlyEqual(holder.metric(it.key()), it.value().toDouble(), 1e-12),
                         qPrintable(QStringLiteral("%1 at %2").arg(it.key()).arg(t)));
            const auto c = ta.at(t);
            QCOMPARE(c.tp, o.value(QStringLiteral("tp")).toDouble());
            QCOMPARE(c.fn, o.value(QStringLiteral("fn")).toDouble());
        }
    }

    // The best thresholds equal a brute-force search over every candidate.
    void bestThresholdsAreBest()
    {
        SplitMix64 rng{9};
        const int n = 300;
        Eigen::VectorXd score(n), weight(n);
        Eigen::VectorXi truth(n);
        for (int i = 0; i < n; ++i) {
            truth[i] = rng.uniform() < 0.3;
            score[i] = std::round((rng.uniform() + 0.4 * truth[i]) * 20) / 20;
            weight[i] = 0.5 + rng.uniform();
        }
        const eval::ThresholdAnalysis ta(score, truth, weight);
        auto brute = [&](auto value) {
            double best = -INFINITY, at = INFINITY;
            std::vector<double> candidates{INFINITY};
            for (double t : ta.thresholds())
                candidates.push_back(t);
            for (double t : candidates) {
                double tp = 0, fp = 0, tn = 0, fn = 0;
                for (int i = 0; i < n; ++i) {
                    const bool p = score[i] >= t;
                    (truth[i] ? (p ? tp : fn) : (p ? fp : tn)) += weight[i];
                }
                const double v = value(tp, fp, tn, fn);
                if (v > best + 1e-12) {
                    best = v;
                    at = t;
                }
            }
            return at;
        };
        QCOMPARE(ta.bestF1Threshold(), brute([](double tp, double fp, double, double fn) {
                     return 2 * tp / (2 * tp + fp + fn);
                 }));
        QCOMPARE(ta.bestYoudenThreshold(), brute([](double tp, double fp, double tn, double fn) {
                     return tp / (tp + fn) - fp / (fp + tn);
                 }));
        QCOMPARE(ta.minCostThreshold(1.0, 5.0),
                 brute([](double, double fp, double, double fn) { return -(fp + 5 * fn); }));
        Eigen::Matrix2d cost{{0, 1}, {5, -2}};
        QCOMPARE(ta.minCostThreshold(cost), brute([](double tp, double fp, double, double fn) {
                     return -(fp + 5 * fn - 2 * tp);
                 }));
        QVERIFY(ta.at(INFINITY).tp == 0);
        QVERIFY(std::abs(ta.at(-INFINITY).tp - ta.positives()) < 1e-12);
    }

    void thresholdAnalysisEdgeCases()
    {
        const eval::ThresholdAnalysis empty(Eigen::VectorXd{}, Eigen::VectorXi{});
        QVERIFY(std::isnan(empty.bestF1Threshold()));
        QCOMPARE(empty.at(0.5).tp, 0.0);
        // NaN scores are never positive but still count as rows.
        const eval::ThresholdAnalysis withNaN(Eigen::VectorXd{{0.2, std::nan(""), 0.9}},
                                              Eigen::VectorXi{{0, 1, 1}});
        const auto c = withNaN.at(0.0);
        QCOMPARE(c.tp, 1.0);
        QCOMPARE(c.fn, 1.0);
        QCOMPARE(c.fp, 1.0);
        QCOMPARE(withNaN.bestF1Threshold(), 0.9);
    }
};

QTEST_GUILESS_MAIN(TstEvalCurves)
#include "tst_eval_curves.moc"

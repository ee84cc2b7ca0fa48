// Feature selection against scikit-learn (VarianceThreshold, f_classif, chi2,
// mutual_info_classif + SelectKBest) and a pandas correlation filter: same scores (1e-9
// relative, or the fixture's absolute "tolerance"), same columns kept
// (tests/data/reference/prep/select_*.json, made by make_selection_reference.py).

#include "PrepReference.h"

#include "prep/FeatureSelect.h"
#include "prep/MutualInfo.h"
#include "prep/Recipe.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

namespace {

QJsonObject reference(const QString &name)
{
    QFile f(QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/prep/select_%1.json").arg(name));
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

Table trainPart(const QString &dataset)
{
    JobContext ctx;
    auto r = CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1.csv").arg(dataset), {}, ctx);
    if (!r)
        return {};
    return r->table.slice(0, static_cast<std::int64_t>(std::floor(r->table.rowCount() * 0.7)));
}

} // namespace

class TestPrepSelect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesTheReference_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n :
             {"variance_wine", "variance_breast_cancer", "anova_f_wine", "anova_f_breast_cancer",
              "chi2_wine", "chi2_iris", "correlation_breast_cancer", "correlation_customer_churn",
              "mutual_info_breast_cancer", "mutual_info_wine"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void matchesTheReference()
    {
        QFETCH(QString, name);
        const QJsonObject ref = reference(name);
        QVERIFY2(!ref.isEmpty(), qPrintable(name));
        const Table t = trainPart(ref.value(QStringLiteral("dataset")).toString());
        QVERIFY(t.rowCount() > 0);
        SelectSpec spec;
        const QString rule = ref.value(QStringLiteral("rule")).toString();
        spec.rule = rule == QLatin1String("variance")      ? SelectionRule::Variance
                    : rule == QLatin1String("correlation") ? SelectionRule::Correlation
                    : rule == QLatin1String("anova_f")     ? SelectionRule::AnovaF
                    : rule == QLatin1String("mutual_info") ? SelectionRule::MutualInfo
                                                           : SelectionRule::Chi2;
        spec.threshold = ref.value(QStringLiteral("threshold")).toDouble();
        spec.k = ref.value(QStringLiteral("k")).toInt();
        spec.target = ref.value(QStringLiteral("target")).toString();
        spec.breakTies = false; // the mutual_info fixtures were made with scikit-learn's noise off
        JobContext ctx;
        auto fitted = fitSelection(t, spec, ctx);
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().message));
        QCOMPARE((*fitted)->candidates(),
                 ref.value(QStringLiteral("candidates")).toVariant().toStringList());
        const auto scores = numbersOf(ref.value(QStringLiteral("scores")));
        QCOMPARE((*fitted)->scores().size(), scores.size());
        const double tolerance = ref.value(QStringLiteral("tolerance")).toDouble(-1);
        for (std::size_t j = 0; j < scores.size(); ++j)
            QVERIFY2(tolerance >= 0 ? std::abs((*fitted)->scores()[j] - scores[j]) <= tolerance
                                    : closeEnough((*fitted)->scores()[j], scores[j]),
                     qPrintable(QStringLiteral("%1: %2 vs %3")
                                    .arg((*fitted)->candidates()[static_cast<qsizetype>(j)])
                                    .arg((*fitted)->scores()[j], 0, 'g', 17)
                                    .arg(scores[j], 0, 'g', 17)));
        QCOMPARE((*fitted)->kept(), ref.value(QStringLiteral("kept")).toVariant().toStringList());

        // Applied: the kept candidates and every other column, in table order.
        auto out = (*fitted)->apply(t, ctx);
        QVERIFY(out);
        for (const QString &c : (*fitted)->candidates())
            QCOMPARE(out->indexOf(c) >= 0, (*fitted)->kept().contains(c));
        auto reread = fittedStepFromJson((*fitted)->toJson());
        QVERIFY(reread);
        QCOMPARE((*reread)->toJson(), (*fitted)->toJson());
    }

    void digammaMatchesKnownValues()
    {
        const double euler = 0.57721566490153286061;
        const struct
        {
            double x, psi;
        } known[] = {{1, -euler},
                     {0.5, -euler - 2 * std::log(2.0)},
                     {2, 1 - euler},
                     {3, 1.5 - euler},
                     {0.25, -euler - M_PI / 2 - 3 * std::log(2.0)},
                     {6, 1.7061176684318004727},
                     {10, 2.2517525890667211076},
                     {100, 4.6001618527380874002},
                     {1e6, 13.815510057964275}};
        for (const auto &k : known)
            QVERIFY2(std::abs(digamma(k.x) - k.psi) <= 1e-13 * std::max(1.0, std::abs(k.psi)),
                     qPrintable(QStringLiteral("psi(%1) = %2, expected %3")
                                    .arg(k.x)
                                    .arg(digamma(k.x), 0, 'g', 17)
                                    .arg(k.psi, 0, 'g', 17)));
        QVERIFY(std::isnan(digamma(0)));
        QVERIFY(std::isnan(digamma(-1)));
        // Hand-checked: two far-apart classes of three, k = 2. The radius is just under the 2nd
        // neighbour's distance, so m counts the row and the one strictly closer: m = 2 for all,
        // MI = psi(6) + psi(2) - psi(3) - psi(2) = 1/3 + 1/4 + 1/5.
        const double mi = mutualInfoClassif({0, 1, 3, 10, 11, 13}, {0, 0, 0, 1, 1, 1});
        const double expected = 1.0 / 3 + 1.0 / 4 + 1.0 / 5;
        QVERIFY2(std::abs(mi - expected) < 1e-14, qPrintable(QString::number(mi, 'g', 17)));
        // A single-row class is left out; a constant feature carries no information.
        QCOMPARE(mutualInfoClassif({5, 5, 5, 5, 5}, {0, 0, 1, 1, 2}), 0.0);
    }

    void mutualInfoBreaksTiesLikeScikitLearn()
    {
        // Iris has heavily tied features. scikit-learn 1.2 (random_state 0 to 2) gives
        // sepal_length 0.474-0.515, sepal_width 0.253-0.286, petal_length 0.984-0.990,
        // petal_width 0.975-0.991 on the whole table; its own spread over seeds is ~0.04.
        JobContext ctx;
        auto read = CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/iris.csv"), {}, ctx);
        QVERIFY(read);
        SelectSpec spec;
        spec.rule = SelectionRule::MutualInfo;
        spec.target = QStringLiteral("species");
        spec.k = 2;
        auto fitted = fitSelection(read->table, spec, ctx);
        QVERIFY(fitted);
        const double sklearn[] = {0.49, 0.27, 0.987, 0.983};
        for (int j = 0; j < 4; ++j)
            QVERIFY2(std::abs((*fitted)->scores()[static_cast<std::size_t>(j)] - sklearn[j]) < 0.08,
                     qPrintable(QStringLiteral("%1: %2")
                                    .arg((*fitted)->candidates()[j])
                                    .arg((*fitted)->scores()[static_cast<std::size_t>(j)])));
        QCOMPARE((*fitted)->kept(),
                 (QStringList{QStringLiteral("petal_length"), QStringLiteral("petal_width")}));
        // Deterministic: the same seed, the same scores.
        auto again = fitSelection(read->table, spec, ctx);
        QCOMPARE((*again)->scores(), (*fitted)->scores());
        // Without tie-breaking, petal_width's ties collapse its score (documented).
        spec.breakTies = false;
        auto tied = fitSelection(read->table, spec, ctx);
        QVERIFY((*tied)->scores()[3] < 0.5);
    }

    void badInputIsAClearError()
    {
        const Table t = trainPart(QStringLiteral("wine"));
        JobContext ctx;
        SelectSpec spec;
        spec.rule = SelectionRule::AnovaF;
        auto noTarget = fitSelection(t, spec, ctx);
        QVERIFY(!noTarget);
        QVERIFY(noTarget.error().message.contains(QStringLiteral("class column")));
        spec.target = QStringLiteral("cultivar");
        spec.k = 0;
        QVERIFY(!fitSelection(t, spec, ctx));
        spec.rule = SelectionRule::Correlation;
        spec.threshold = 0;
        QVERIFY(!fitSelection(t, spec, ctx));
        // chi² refuses negative values, naming the column and row.
        std::vector<double> values(static_cast<std::size_t>(t.rowCount()), 1.0);
        values[4] = -2;
        const Table withNegative =
            t.withColumn(QStringLiteral("delta"), std::make_shared<NumericColumn>(values));
        SelectSpec chi;
        chi.rule = SelectionRule::Chi2;
        chi.target = QStringLiteral("cultivar");
        chi.k = 2;
        auto negative = fitSelection(withNegative, chi, ctx);
        QVERIFY(!negative);
        QVERIFY(negative.error().message.contains(QStringLiteral("'delta'")));
        QVERIFY(negative.error().message.contains(QStringLiteral("row 5")));
        // mutual information refuses missing values, naming the column.
        std::vector<double> gaps(static_cast<std::size_t>(t.rowCount()), 1.0);
        gaps[2] = std::nan("");
        SelectSpec mi;
        mi.rule = SelectionRule::MutualInfo;
        mi.target = QStringLiteral("cultivar");
        mi.k = 2;
        auto missing = fitSelection(
            t.withColumn(QStringLiteral("gappy"), std::make_shared<NumericColumn>(gaps)), mi, ctx);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("'gappy'")));
        QVERIFY(missing.error().message.contains(QStringLiteral("missing")));
        // Applied to a table that lacks a kept column.
        SelectSpec v;
        auto fitted = fitSelection(t, v, ctx);
        QVERIFY(fitted);
        auto applied = (*fitted)->apply(t.select(QStringList{QStringLiteral("cultivar")}), ctx);
        QVERIFY(!applied);
        QVERIFY(applied.error().message.contains(QStringLiteral("no column")));
    }
};

QTEST_GUILESS_MAIN(TestPrepSelect)
#include "tst_prep_select.moc"

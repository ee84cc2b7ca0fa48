// Feature selection against scikit-learn (VarianceThreshold, f_classif, chi2 + SelectKBest) and
// a pandas correlation filter: same scores (1e-9 relative), same columns kept
// (tests/data/reference/prep/select_*.json, made by make_selection_reference.py).

#include "PrepReference.h"

#include "prep/FeatureSelect.h"
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
              "chi2_wine", "chi2_iris", "correlation_breast_cancer", "correlation_customer_churn"})
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
                                                           : SelectionRule::Chi2;
        spec.threshold = ref.value(QStringLiteral("threshold")).toDouble();
        spec.k = ref.value(QStringLiteral("k")).toInt();
        spec.target = ref.value(QStringLiteral("target")).toString();
        JobContext ctx;
        auto fitted = fitSelection(t, spec, ctx);
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().message));
        QCOMPARE((*fitted)->candidates(),
                 ref.value(QStringLiteral("candidates")).toVariant().toStringList());
        const auto scores = numbersOf(ref.value(QStringLiteral("scores")));
        for (std::size_t j = 0; j < scores.size(); ++j)
            QVERIFY2(closeEnough((*fitted)->scores()[j], scores[j]),
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

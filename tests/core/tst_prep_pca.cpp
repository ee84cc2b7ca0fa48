// PCA against scikit-learn (full SVD): fitted on the first 70 % of a dataset, applied to the
// rest (tests/data/reference/prep/prep_pca_*.json, made by make_pca_reference.py).

#include "PrepReference.h"

#include "prep/Pca.h"
#include "prep/Recipe.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

class TestPrepPca : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        for (const char *d : {"wine", "breast_cancer", "iris"})
            QTest::newRow(d) << QString::fromLatin1(d);
    }
    void matchesScikitLearn()
    {
        QFETCH(QString, dataset);
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("pca"), dataset, ref, why), qPrintable(why));
        PcaSpec spec;
        spec.components = ref.params().value(QStringLiteral("components")).toInt();
        spec.varianceToKeep = ref.params().value(QStringLiteral("variance")).toDouble();
        if (spec.components == 0 && spec.varianceToKeep == 0)
            spec.varianceToKeep = 0.95;
        JobContext ctx;
        auto fitted = fitPca(ref.train, spec, ctx);
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().message));
        const QJsonObject learned = ref.learned();
        const auto variance = numbersOf(learned.value(QStringLiteral("explained_variance")));
        const auto ratio = numbersOf(learned.value(QStringLiteral("explained_variance_ratio")));
        QCOMPARE(static_cast<std::size_t>((*fitted)->basis().cols()), variance.size());
        for (std::size_t j = 0; j < variance.size(); ++j) {
            QVERIFY(closeEnough((*fitted)->explainedVariance()[static_cast<Eigen::Index>(j)],
                                variance[j]));
            QVERIFY(closeEnough((*fitted)->explainedVarianceRatio()[static_cast<Eigen::Index>(j)],
                                ratio[j]));
            const auto component = numbersOf(
                learned.value(QStringLiteral("components")).toArray()[static_cast<qsizetype>(j)]);
            for (std::size_t i = 0; i < component.size(); ++i)
                QVERIFY2(closeEnough((*fitted)->basis()(static_cast<Eigen::Index>(i),
                                                        static_cast<Eigen::Index>(j)),
                                     component[i]),
                         qPrintable(QStringLiteral("component %1, weight %2").arg(j).arg(i)));
        }
        auto out = (*fitted)->apply(ref.test, ctx);
        QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The input columns are gone, replaced by the components.
        QCOMPARE(out->indexOf(QStringLiteral("sepal_length")), -1);
    }

    void roundTripAndRecipe()
    {
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("pca"), QStringLiteral("wine"), ref, why),
                 qPrintable(why));
        PcaSpec spec;
        spec.components = 3;
        JobContext ctx;
        auto fitted = fitPca(ref.train, spec, ctx);
        QVERIFY(fitted);
        auto reread = fittedStepFromJson((*fitted)->toJson());
        QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().message));
        auto trained = applyAndRecord(*fitted, ref.train, ctx);
        QVERIFY(trained);
        auto byRecipe = trained->recipe()->apply(ref.test, ctx);
        auto byReread = (*reread)->apply(ref.test, ctx);
        QVERIFY(byRecipe && byReread);
        for (const char *c : {"pc1", "pc2", "pc3"}) {
            const auto *x = byRecipe->numeric(byRecipe->indexOf(QLatin1String(c)));
            const auto *y = byReread->numeric(byReread->indexOf(QLatin1String(c)));
            QVERIFY(x && y);
            QVERIFY(x->vector() == y->vector());
        }
    }

    void badInputIsAClearError()
    {
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("pca"), QStringLiteral("iris"), ref, why),
                 qPrintable(why));
        JobContext ctx;
        PcaSpec spec;
        spec.components = 9;
        auto tooMany = fitPca(ref.train, spec, ctx);
        QVERIFY(!tooMany);
        QVERIFY(tooMany.error().message.contains(QStringLiteral("at most 4")));
        spec.components = 0;
        spec.varianceToKeep = 1.5;
        QVERIFY(!fitPca(ref.train, spec, ctx));
        spec = {};
        spec.columns = {QStringLiteral("species")};
        auto wrongKind = fitPca(ref.train, spec, ctx);
        QVERIFY(!wrongKind);
        QVERIFY(wrongKind.error().message.contains(QStringLiteral("species")));
        // Missing values are refused by name.
        std::vector<double> gap(static_cast<std::size_t>(ref.train.rowCount()), 1.0);
        gap[0] = std::nan("");
        const Table gappy =
            ref.train.withColumn(QStringLiteral("gap"), std::make_shared<NumericColumn>(gap));
        auto refused = fitPca(gappy, {}, ctx);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("'gap'")));
        // A prefix that clashes with an existing column.
        spec = {};
        spec.components = 2;
        spec.prefix = QStringLiteral("species");
        const Table clash = ref.train.withColumn(QStringLiteral("species1"), ref.train.column(0));
        auto fitted = fitPca(ref.train, spec, ctx);
        QVERIFY(fitted);
        auto applied = (*fitted)->apply(clash, ctx);
        QVERIFY(!applied);
        QVERIFY(applied.error().message.contains(QStringLiteral("prefix")));
    }
};

QTEST_GUILESS_MAIN(TestPrepPca)
#include "tst_prep_pca.moc"

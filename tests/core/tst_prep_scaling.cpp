// Scaling steps against scikit-learn: fitted on the first 70 % of each dataset, applied to the
// rest, compared with tests/data/reference/prep/prep_<step>_<dataset>.json.

#include "PrepReference.h"

#include "prep/Recipe.h"
#include "prep/Standardize.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

class TestPrepScaling : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void standardizeMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        for (const char *d : {"wine", "customer_churn", "diabetes"})
            QTest::newRow(d) << QString::fromLatin1(d);
    }
    void standardizeMatchesScikitLearn()
    {
        QFETCH(QString, dataset);
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("standardize"), dataset, ref, why),
                 qPrintable(why));
        JobContext ctx;
        auto fitted = fitStandardize(ref.train, {}, ctx);
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().message));
        const auto learned = ref.learned();
        QCOMPARE((*fitted)->columns(),
                 learned.value(QStringLiteral("columns")).toVariant().toStringList());
        const auto means = numbersOf(learned.value(QStringLiteral("means")));
        const auto scales = numbersOf(learned.value(QStringLiteral("scales")));
        for (std::size_t i = 0; i < means.size(); ++i) {
            QVERIFY2(closeEnough((*fitted)->means()[i], means[i]),
                     qPrintable((*fitted)->columns()[i]));
            QVERIFY2(closeEnough((*fitted)->scales()[i], scales[i]),
                     qPrintable((*fitted)->columns()[i]));
        }
        auto out = (*fitted)->apply(ref.test, ctx);
        QVERIFY(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void standardizeRoundTripsThroughJson()
    {
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("standardize"), QStringLiteral("customer_churn"),
                                   ref, why),
                 qPrintable(why));
        JobContext ctx;
        auto fitted = fitStandardize(ref.train, {}, ctx);
        QVERIFY(fitted);
        auto reloaded = fittedStepFromJson((*fitted)->toJson());
        QVERIFY2(reloaded, qPrintable(reloaded ? QString() : reloaded.error().message));
        QCOMPARE((*reloaded)->toJson(), (*fitted)->toJson());
        auto a = (*fitted)->apply(ref.test, ctx);
        auto b = (*reloaded)->apply(ref.test, ctx);
        QVERIFY(a && b);
        for (int c = 0; c < a->columnCount(); ++c) {
            if (const auto *x = a->numeric(c)) {
                const auto *y = b->numeric(c);
                for (std::int64_t r = 0; r < a->rowCount(); ++r)
                    QVERIFY(std::memcmp(&x->data()[r], &y->data()[r], sizeof(double)) == 0);
            }
        }
    }

    void recipeAppliesWhatWasFittedOnTraining()
    {
        PrepReference ref;
        QString why;
        QVERIFY2(loadPrepReference(QStringLiteral("standardize"), QStringLiteral("wine"), ref, why),
                 qPrintable(why));
        JobContext ctx;
        StandardizeSpec spec;
        spec.columns = {QStringLiteral("alcohol"), QStringLiteral("proline")};
        auto fitted = fitStandardize(ref.train, spec, ctx);
        QVERIFY(fitted);
        auto trained = applyAndRecord(*fitted, ref.train, ctx);
        QVERIFY(trained);
        QVERIFY(trained->recipe());
        QCOMPARE(trained->recipe()->steps().size(), std::size_t(1));
        QCOMPARE(trained->recipe()->source().size(), std::size_t(ref.train.columnCount()));

        // The recipe on the raw test part equals applying the fitted step by hand, and a
        // recipe read back from JSON does the same.
        auto byRecipe = trained->recipe()->apply(ref.test, ctx);
        auto byHand = (*fitted)->apply(ref.test, ctx);
        QVERIFY(byRecipe && byHand);
        auto reread = Recipe::fromJson(trained->recipe()->toJson());
        QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().message));
        auto byReread = reread->apply(ref.test, ctx);
        QVERIFY(byReread);
        for (const QString &name : spec.columns) {
            const auto *x = byRecipe->numeric(byRecipe->indexOf(name));
            const auto *y = byHand->numeric(byHand->indexOf(name));
            const auto *z = byReread->numeric(byReread->indexOf(name));
            QVERIFY(x->vector() == y->vector());
            QVERIFY(x->vector() == z->vector());
        }
        // Untouched columns pass through shared, not copied.
        QCOMPARE(byRecipe->column(byRecipe->indexOf(QStringLiteral("ash"))).get(),
                 ref.test.column(ref.test.indexOf(QStringLiteral("ash"))).get());
    }

    void badInputIsAClearError()
    {
        JobContext ctx;
        auto read = CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/iris.csv"), {}, ctx);
        QVERIFY(read);
        StandardizeSpec spec;
        spec.columns = {QStringLiteral("no_such_column")};
        auto missing = fitStandardize(read->table, spec, ctx);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("no_such_column")));
        spec.columns = {QStringLiteral("species")};
        auto wrongKind = fitStandardize(read->table, spec, ctx);
        QVERIFY(!wrongKind);
        QVERIFY(wrongKind.error().message.contains(QStringLiteral("species")));
        QVERIFY(wrongKind.error().message.contains(QStringLiteral("numeric")));

        // Applied to a table without the fitted column: an error naming it, not a crash.
        auto fitted = fitStandardize(read->table, {}, ctx);
        QVERIFY(fitted);
        auto applied =
            (*fitted)->apply(read->table.select(QStringList{QStringLiteral("species")}), ctx);
        QVERIFY(!applied);
        QVERIFY(applied.error().message.contains(QStringLiteral("sepal_length")) ||
                applied.error().message.contains(QStringLiteral("no column")));
        // A recipe refuses raw data whose column changed kind.
        auto recipe = Recipe::of(read->table)->then(*fitted);
        const Table changed = read->table.withColumn(
            QStringLiteral("sepal_length"),
            read->table.column(read->table.indexOf(QStringLiteral("species"))));
        auto refused = recipe->apply(changed, ctx);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("sepal_length")));
        // Corrupt JSON is refused with the field named.
        QJsonObject bad = (*fitted)->toJson();
        bad.insert(QStringLiteral("means"), QStringLiteral("oops"));
        auto badRead = fittedStepFromJson(bad);
        QVERIFY(!badRead);
        QVERIFY(badRead.error().message.contains(QStringLiteral("means")));
        QVERIFY(!fittedStepFromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("nope")}}));
    }

    void constantColumnsAndMissingValues()
    {
        const Table t(
            QStringList{QStringLiteral("c"), QStringLiteral("m")},
            {std::make_shared<NumericColumn>(std::vector<double>{5, 5, 5, 5}),
             std::make_shared<NumericColumn>(std::vector<double>{1, std::nan(""), 3, 5})});
        JobContext ctx;
        auto fitted = fitStandardize(t, {}, ctx);
        QVERIFY(fitted);
        QCOMPARE((*fitted)->scales()[0], 1.0); // constant: scale 1, so zeros rather than NaN
        QCOMPARE((*fitted)->means()[1], 3.0);  // missing values ignored
        auto out = (*fitted)->apply(t, ctx);
        QVERIFY(out);
        QCOMPARE(out->numeric(0)->value(2), 0.0);
        QVERIFY(std::isnan(out->numeric(1)->value(1)));
        QCOMPARE(out->numeric(1)->value(0), -2.0 / std::sqrt(8.0 / 3.0));
    }
};

QTEST_GUILESS_MAIN(TestPrepScaling)
#include "tst_prep_scaling.moc"

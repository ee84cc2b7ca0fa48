// Where a prepared table's rows came from (Table::recipeInput) and fitting a recipe again on
// other rows (Recipe::refit): what cross-validation uses to fit upstream steps inside each fold.

#include "TestTables.h"
#include "jobs/JobContext.h"
#include "prep/ColumnSteps.h"
#include "prep/Impute.h"
#include "prep/OneHot.h"
#include "prep/OrdinalEncode.h"
#include "prep/Recipe.h"
#include "prep/Standardize.h"
#include "prep/TargetEncode.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"

#include <QJsonDocument>
#include <QtTest>

#include <cmath>

using namespace flowline::core;
using flowline::tests::tableRows;

namespace {

const double nan = std::nan("");

// Eight rows: a numeric column with gaps, a colour with a gap and a class.
Table raw()
{
    auto x =
        std::make_shared<const NumericColumn>(std::vector<double>{1, nan, 3, 4, 100, nan, 7, 8});
    auto colour = std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>{0, 1, 1, -1, 2, 2, 2, 0},
        std::make_shared<const CategoricalColumn::Dictionary>(
            CategoricalColumn::Dictionary{"blue", "green", "red"}));
    auto y = std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>{0, 1, 0, 1, 0, 1, 0, 1},
        std::make_shared<const CategoricalColumn::Dictionary>(
            CategoricalColumn::Dictionary{"no", "yes"}));
    return Table({"x", "colour", "y"}, {x, colour, y});
}

template <typename Fit>
Table step(const Table &table, Fit fit)
{
    JobContext ctx;
    auto fitted = fit(table, ctx);
    if (!fitted)
        qFatal("fit failed: %s", qPrintable(fitted.error().message));
    auto out = prep::applyAndRecord(*fitted, table, ctx);
    if (!out)
        qFatal("apply failed: %s", qPrintable(out.error().message));
    return *out;
}

// impute x (median) and colour (most frequent), one-hot colour, standardise x.
Table prepared(const Table &in)
{
    Table t = step(in, [](const Table &tb, JobContext &c) {
        prep::ImputeSpec s;
        s.columns = {"x"};
        s.strategy = prep::ImputeStrategy::Median;
        s.addIndicator = true;
        return prep::fitImpute(tb, s, c);
    });
    t = step(t, [](const Table &tb, JobContext &c) {
        prep::ImputeSpec s;
        s.columns = {"colour"};
        s.strategy = prep::ImputeStrategy::MostFrequent;
        return prep::fitImpute(tb, s, c);
    });
    t = step(t, [](const Table &tb, JobContext &c) {
        prep::OneHotSpec s;
        s.columns = {"colour"};
        return prep::fitOneHot(tb, s, c);
    });
    return step(t, [](const Table &tb, JobContext &c) {
        prep::StandardizeSpec s;
        s.columns = {"x"};
        return prep::fitStandardize(tb, s, c);
    });
}

QString recipeJson(const Table &t)
{
    return QString::fromUtf8(QJsonDocument(t.recipe()->toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestPrepRefit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void originFollowsTheRows()
    {
        const Table source = raw();
        QVERIFY(!source.recipeInput()); // no recipe: nothing to go back to
        const Table t = prepared(source);
        QVERIFY(t.recipeInput());
        QCOMPARE(tableRows(*t.recipeInput()), tableRows(source));

        // Row steps (take, slice) map the rows; selecting columns and roles keep them.
        const std::vector<std::int64_t> rows{5, 1, 5, 0};
        const Table taken = t.take(rows);
        QCOMPARE(tableRows(*taken.recipeInput()), tableRows(source.take(rows)));
        const Table sliced = taken.slice(1, 2);
        const std::vector<std::int64_t> slicedRows{1, 5};
        QCOMPARE(tableRows(*sliced.recipeInput()), tableRows(source.take(slicedRows)));
        const Table narrowed = taken.select(QStringList{"x", "y"}).withRole(1, ColumnRole::Target);
        QCOMPARE(tableRows(*narrowed.recipeInput()), tableRows(source.take(rows)));

        // A column added outside a step: the source no longer explains the table.
        const Table added = t.withColumn(QStringLiteral("extra"), t.column(0));
        QVERIFY(!added.recipeInput());
        QVERIFY(!t.withoutOrigin().recipeInput());
    }

    void refitLearnsOnlyFromTheGivenRows()
    {
        const Table source = raw();
        const Table all = prepared(source);
        const Table firstHalf = source.slice(0, 4);
        JobContext ctx;
        auto refitted = all.recipe()->refit(firstHalf, ctx);
        QVERIFY2(refitted, refitted ? "" : qPrintable(refitted.error().message));
        // The same as preparing those rows from scratch with the same step parameters...
        const Table fresh = prepared(firstHalf);
        QCOMPARE(tableRows(*refitted), tableRows(fresh));
        QCOMPARE(recipeJson(*refitted), recipeJson(fresh));
        // ...and not what the steps fitted on every row learned (the median of x, its mean and
        // spread, the most frequent colour all differ on the first four rows).
        QVERIFY(recipeJson(*refitted) != recipeJson(all));
        QCOMPARE(tableRows(*refitted->recipeInput()), tableRows(firstHalf));

        // The refitted recipe applies to other raw rows, as a fold's test rows.
        auto test = refitted->recipe()->apply(source.slice(4, 4), ctx);
        QVERIFY(test);
        auto expected = fresh.recipe()->apply(source.slice(4, 4), ctx);
        QCOMPARE(tableRows(*test), tableRows(*expected));
    }

    void refitKeepsEachStepsParameters()
    {
        const Table source = raw();
        Table t = step(source, [](const Table &tb, JobContext &c) {
            prep::OrdinalSpec s;
            s.columns = {"colour"};
            s.orders.insert(QStringLiteral("colour"), {"red", "green", "blue"});
            return prep::fitOrdinal(tb, s, c);
        });
        t = step(t, [](const Table &tb, JobContext &c) {
            return prep::fitSelectColumns(
                tb, {{"colour", "y"}, prep::SelectMode::Keep, {{"colour", "c"}}}, c);
        });
        JobContext ctx;
        auto refitted = t.recipe()->refit(source.slice(0, 3), ctx);
        QVERIFY(refitted);
        // The explicit order survives (learned from the rows it would be blue, green), and so do
        // the kept columns and the rename.
        QCOMPARE(tableRows(*refitted), (QStringList{"c|y", "2|no", "1|yes", "1|no"}));
    }

    void targetEncodingRefitsOutOfFold()
    {
        const Table source = raw();
        prep::TargetEncodeSpec spec;
        spec.columns = {"colour"};
        spec.target = QStringLiteral("y");
        spec.folds = 2;
        JobContext ctx;
        auto fit = prep::fitTargetEncode(source, spec, ctx);
        QVERIFY(fit);
        const Table t = prep::recordStep(fit->encoded, source, fit->step);
        QVERIFY(t.recipeInput());
        const Table part = source.slice(2, 6);
        auto refitted = t.recipe()->refit(part, ctx);
        QVERIFY(refitted);
        // The fitting rows get the out-of-fold encoding, as when the step was first fitted.
        auto direct = prep::fitTargetEncode(part, spec, ctx);
        QVERIFY(direct);
        QCOMPARE(tableRows(*refitted), tableRows(direct->encoded));
    }

    void refitChecksTheSourceColumns()
    {
        const Table t = prepared(raw());
        JobContext ctx;
        auto wrong = t.recipe()->refit(raw().select(QStringList{"x", "y"}), ctx);
        QVERIFY(!wrong);
        QVERIFY(wrong.error().message.contains(QStringLiteral("colour")));
    }
};

QTEST_GUILESS_MAIN(TestPrepRefit)
#include "tst_prep_refit.moc"

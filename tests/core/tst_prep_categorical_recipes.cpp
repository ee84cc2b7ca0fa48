// Categorical steps (one-hot, ordinal, rare categories, target encoding): JSON round trips,
// recipes applied to raw rows, clear errors for bad parameters, booleans, missing values and
// unseen categories.

#include "PrepCompare.h"
#include "PrepReference.h"

#include "prep/OneHot.h"
#include "prep/OrdinalEncode.h"
#include "prep/RareCategories.h"
#include "prep/Recipe.h"
#include "prep/TargetEncode.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"

#include <QTest>

#include <cstring>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

namespace {

bool load(const QString &step, const QString &dataset, PrepReference &ref)
{
    QString why;
    if (!loadPrepReference(step, dataset, ref, why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

} // namespace

class TestPrepCategoricalRecipes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepsRoundTripThroughJsonAndRecipes();
    void badParametersAreClearErrors();
    void booleansMissingValuesAndUnseenCategories();
};

void TestPrepCategoricalRecipes::stepsRoundTripThroughJsonAndRecipes()
{
    PrepReference ref;
    QVERIFY(load(QStringLiteral("one_hot"), QStringLiteral("customer_churn"), ref));
    JobContext ctx;
    const auto col = [](const char *n) { return QStringList{QString::fromLatin1(n)}; };
    // A recipe of all four steps, each fitted on the output of the previous one.
    std::vector<FittedStepPtr> steps;
    Table t = ref.train;
    RareCategoriesSpec rare;
    rare.columns = col("last_feedback");
    rare.minShare = 0.1;
    auto f1 = fitRareCategories(t, rare, ctx);
    VERIFY_OK(f1);
    OrdinalSpec ord;
    ord.columns = col("plan");
    ord.orders.insert(QStringLiteral("plan"), {QStringLiteral("basic"), QStringLiteral("standard"),
                                               QStringLiteral("premium")});
    TargetEncodeSpec te;
    te.columns = col("region");
    te.target = QStringLiteral("churned");
    OneHotSpec oh;
    oh.columns = {QStringLiteral("last_feedback"), QStringLiteral("has_partner")};
    oh.missing = OneHotMissing::OwnColumn;
    oh.unseen = OneHotUnseen::Other;

    auto t1 = applyAndRecord(*f1, t, ctx);
    VERIFY_OK(t1);
    auto f2 = fitOrdinal(*t1, ord, ctx);
    VERIFY_OK(f2);
    auto t2 = applyAndRecord(*f2, *t1, ctx);
    VERIFY_OK(t2);
    auto f3 = fitTargetEncode(*t2, te, ctx);
    VERIFY_OK(f3);
    const Table t3 = f3->encoded.withRecipe(Recipe::of(*t2)->then(f3->step));
    auto f4 = fitOneHot(t3, oh, ctx);
    VERIFY_OK(f4);
    auto t4 = applyAndRecord(*f4, t3, ctx);
    VERIFY_OK(t4);
    QCOMPARE(t4->recipe()->steps().size(), std::size_t(4));

    // Each step: JSON round trip applies identically.
    const std::vector<FittedStepPtr> fitted{*f1, *f2, f3->step, *f4};
    Table byHand = ref.test;
    for (const auto &step : fitted) {
        auto reread = fittedStepFromJson(step->toJson());
        VERIFY_OK(reread);
        QCOMPARE((*reread)->toJson(), step->toJson());
        QCOMPARE((*reread)->summary(), step->summary());
        auto a = step->apply(byHand, ctx);
        auto b = (*reread)->apply(byHand, ctx);
        VERIFY_OK(a);
        VERIFY_OK(b);
        const QString diff = sameTables(*a, *b);
        QVERIFY2(diff.isEmpty(), qPrintable(step->kind() + QStringLiteral(": ") + diff));
        byHand = *a;
    }
    // The recipe on the raw test part equals applying the steps by hand, also read from JSON.
    auto byRecipe = t4->recipe()->apply(ref.test, ctx);
    VERIFY_OK(byRecipe);
    QVERIFY2(sameTables(*byRecipe, byHand).isEmpty(), qPrintable(sameTables(*byRecipe, byHand)));
    auto reread = Recipe::fromJson(t4->recipe()->toJson());
    VERIFY_OK(reread);
    auto byReread = reread->apply(ref.test, ctx);
    VERIFY_OK(byReread);
    QVERIFY(sameTables(*byReread, byHand).isEmpty());
    QVERIFY(byRecipe->indexOf(QStringLiteral("last_feedback=other")) >= 0);
    QVERIFY(byRecipe->indexOf(QStringLiteral("has_partner=(missing)")) >= 0);
    QCOMPARE(byRecipe->kind(byRecipe->indexOf(QStringLiteral("region"))), ColumnKind::Numeric);
    // Untouched columns pass through shared.
    QCOMPARE(byRecipe->column(byRecipe->indexOf(QStringLiteral("tenure_months"))).get(),
             ref.test.column(ref.test.indexOf(QStringLiteral("tenure_months"))).get());
}

void TestPrepCategoricalRecipes::badParametersAreClearErrors()
{
    PrepReference ref;
    QVERIFY(load(QStringLiteral("one_hot"), QStringLiteral("customer_churn"), ref));
    JobContext ctx;
    const auto fails = [](const auto &r, std::initializer_list<const char *> words) {
        if (r)
            return QStringLiteral("succeeded");
        for (const char *w : words) {
            if (!r.error().message.contains(QString::fromUtf8(w)))
                return QStringLiteral("'%1' lacks '%2'").arg(r.error().message, w);
        }
        return QString();
    };
#define EXPECT_ERROR(r, ...)                                                                       \
    do {                                                                                           \
        const QString why = fails(r, {__VA_ARGS__});                                               \
        QVERIFY2(why.isEmpty(), qPrintable(why));                                                  \
    } while (0)
    const Table &t = ref.train;
    OneHotSpec oh;
    oh.columns = {QStringLiteral("monthly_charges")};
    EXPECT_ERROR(fitOneHot(t, oh, ctx), "one_hot", "monthly_charges", "numeric");
    oh.columns = {QStringLiteral("nope")};
    EXPECT_ERROR(fitOneHot(t, oh, ctx), "one_hot", "nope");
    oh.columns = {};
    oh.maxCategories = -1;
    EXPECT_ERROR(fitOneHot(t, oh, ctx), "one_hot", "-1");
    // An output name that clashes with an existing column.
    oh.maxCategories = 0;
    oh.columns = {QStringLiteral("plan")};
    const Table clash = t.withColumn(QStringLiteral("plan=basic"),
                                     t.column(t.indexOf(QStringLiteral("tenure_months"))));
    auto fitted = fitOneHot(clash, oh, ctx);
    VERIFY_OK(fitted);
    EXPECT_ERROR((*fitted)->apply(clash, ctx), "one_hot", "plan=basic");
    // Applied to a table without the column, or with it of another kind.
    EXPECT_ERROR((*fitted)->apply(t.select(QStringList{QStringLiteral("region")}), ctx), "plan");

    OrdinalSpec ord;
    ord.columns = {QStringLiteral("plan")};
    ord.orders.insert(QStringLiteral("plan"), {QStringLiteral("basic"), QStringLiteral("basic")});
    EXPECT_ERROR(fitOrdinal(t, ord, ctx), "ordinal", "plan", "twice");
    ord.orders.clear();
    ord.orders.insert(QStringLiteral("region"), {QStringLiteral("north")});
    EXPECT_ERROR(fitOrdinal(t, ord, ctx), "ordinal", "region");
    ord.orders.clear();
    ord.orders.insert(QStringLiteral("plan"),
                      {QStringLiteral("basic"), QStringLiteral("standard")});
    ord.unseen = OrdinalUnseen::Error;
    EXPECT_ERROR(fitOrdinal(t, ord, ctx), "ordinal", "plan", "premium", "row");
    // Unseen at apply time with unseen = error: the column, the row and the value.
    PrepReference wine;
    QVERIFY(load(QStringLiteral("ordinal"), QStringLiteral("wine"), wine));
    OrdinalSpec strict;
    strict.columns = {QStringLiteral("cultivar")};
    strict.unseen = OrdinalUnseen::Error;
    auto fittedStrict = fitOrdinal(wine.train, strict, ctx);
    VERIFY_OK(fittedStrict);
    EXPECT_ERROR((*fittedStrict)->apply(wine.test, ctx), "cultivar", "class_2", "row 7");

    RareCategoriesSpec rare;
    rare.minShare = 1.5;
    EXPECT_ERROR(fitRareCategories(t, rare, ctx), "rare_categories", "1.5");
    rare.minShare = 0.1;
    rare.columns = {QStringLiteral("has_partner"), QStringLiteral("satisfaction")};
    EXPECT_ERROR(fitRareCategories(t, rare, ctx), "rare_categories", "satisfaction");

    TargetEncodeSpec te;
    te.target = QStringLiteral("churned");
    te.folds = 1;
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "2 folds");
    te.folds = 5;
    te.smoothing = -1;
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "smoothing");
    te.smoothing = 1;
    te.target = QStringLiteral("region");
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "region", "two categories");
    te.target = QStringLiteral("churned");
    te.positive = QStringLiteral("Maybe");
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "Maybe");
    te.positive.clear();
    te.columns = {QStringLiteral("churned")};
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "churned", "target");
    te.columns = {};
    te.target.clear();
    EXPECT_ERROR(fitTargetEncode(t, te, ctx), "target_encode", "target");
    // With the target role set, the target need not be named and is not encoded.
    const Table withRole = t.withRole(t.indexOf(QStringLiteral("churned")), ColumnRole::Target);
    auto byRole = fitTargetEncode(withRole, te, ctx);
    VERIFY_OK(byRole);
    for (const auto &e : byRole->step->columns())
        QVERIFY(e.column != QStringLiteral("churned"));
    QCOMPARE(byRole->encoded.kind(byRole->encoded.indexOf(QStringLiteral("churned"))),
             ColumnKind::Categorical);

    // Corrupt JSON names the field.
    QJsonObject bad = (*fitted)->toJson();
    bad.insert(QStringLiteral("unseen"), QStringLiteral("sometimes"));
    EXPECT_ERROR(fittedStepFromJson(bad), "unseen");
    QJsonObject badTe = byRole->step->toJson();
    badTe.insert(QStringLiteral("prior"), QStringLiteral("x"));
    EXPECT_ERROR(fittedStepFromJson(badTe), "prior");
#undef EXPECT_ERROR
}

void TestPrepCategoricalRecipes::booleansMissingValuesAndUnseenCategories()
{
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"a", "b", "c"});
    const Table train(
        QStringList{QStringLiteral("flag"), QStringLiteral("cat"), QStringLiteral("y")},
        {std::make_shared<BooleanColumn>(std::vector<std::int8_t>{1, 0, -1, 1}),
         std::make_shared<CategoricalColumn>(std::vector<std::int32_t>{0, 0, 1, -1}, dict),
         std::make_shared<NumericColumn>(std::vector<double>{1, 2, 3, 4})});
    // "c" is in the dictionary but never occurs when fitting: it is unseen.
    const Table test(
        QStringList{QStringLiteral("flag"), QStringLiteral("cat"), QStringLiteral("y")},
        {std::make_shared<BooleanColumn>(std::vector<std::int8_t>{0, -1}),
         std::make_shared<CategoricalColumn>(std::vector<std::int32_t>{2, -1}, dict),
         std::make_shared<NumericColumn>(std::vector<double>{0, 0})});
    JobContext ctx;
    OneHotSpec oh;
    oh.missing = OneHotMissing::OwnColumn;
    auto fitted = fitOneHot(train, oh, ctx);
    VERIFY_OK(fitted);
    auto out = (*fitted)->apply(test, ctx);
    VERIFY_OK(out);
    QCOMPARE(out->columnNames(), (QStringList{"flag=false", "flag=true", "flag=(missing)", "cat=a",
                                              "cat=b", "cat=(missing)", "y"}));
    const auto at = [&](const char *name, int row) {
        return out->numeric(out->indexOf(QString::fromLatin1(name)))->value(row);
    };
    QCOMPARE(at("flag=false", 0), 1.0);
    QCOMPARE(at("flag=(missing)", 1), 1.0);
    QCOMPARE(at("cat=a", 0) + at("cat=b", 0) + at("cat=(missing)", 0), 0.0); // unseen: zeros
    QCOMPARE(at("cat=(missing)", 1), 1.0);

    OrdinalSpec ord;
    auto ordinal = fitOrdinal(train, ord, ctx);
    VERIFY_OK(ordinal);
    auto ordOut = (*ordinal)->apply(test, ctx);
    VERIFY_OK(ordOut);
    QCOMPARE(ordOut->numeric(0)->value(0), 0.0); // false < true
    QVERIFY(std::isnan(ordOut->numeric(0)->value(1)));
    QVERIFY(std::isnan(ordOut->numeric(1)->value(0))); // unseen "c"

    RareCategoriesSpec rare;
    rare.minCount = 2;
    auto grouped = fitRareCategories(train, rare, ctx);
    VERIFY_OK(grouped);
    auto rareOut = (*grouped)->apply(test, ctx);
    VERIFY_OK(rareOut);
    QCOMPARE(rareOut->column(1)->displayValue(0), QStringLiteral("other")); // unseen
    QVERIFY(rareOut->column(1)->isMissing(1));                              // missing stays

    // Target encoding with m = 1, prior = 2.5: "a" (rows 1, 2) -> (3 + 2.5) / 3; unseen and
    // missing -> the prior.
    TargetEncodeSpec te;
    te.columns = {QStringLiteral("cat"), QStringLiteral("flag")};
    te.target = QStringLiteral("y");
    te.folds = 2;
    auto enc = fitTargetEncode(train, te, ctx);
    VERIFY_OK(enc);
    auto teOut = enc->step->apply(test, ctx);
    VERIFY_OK(teOut);
    QCOMPARE(enc->step->prior(), 2.5);
    QCOMPARE(enc->step->columns()[0].encodings[0], 5.5 / 3.0);
    QCOMPARE(teOut->numeric(teOut->indexOf(QStringLiteral("cat")))->value(0), 2.5);
    QCOMPARE(teOut->numeric(teOut->indexOf(QStringLiteral("cat")))->value(1), 2.5);
    // The folds are balanced and seeded.
    const auto folds = foldAssignment(10, 3, 42);
    QCOMPARE(std::count(folds.begin(), folds.end(), 0), 4);
    QCOMPARE(std::count(folds.begin(), folds.end(), 2), 3);
    QCOMPARE(foldAssignment(10, 3, 42), folds);
    QVERIFY(foldAssignment(10, 3, 43) != folds);
}

QTEST_GUILESS_MAIN(TestPrepCategoricalRecipes)
#include "tst_prep_categorical_recipes.moc"

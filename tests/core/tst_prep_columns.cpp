// Column steps recorded in the recipe (select / rename, set role, cast, derive, split text,
// date parts): pandas references on customer_churn (fitted on the first 70 %, applied to the
// rest), errors that name the column, row and value (or the formula position), JSON round
// trips and recipes.

#include "PrepCompare.h"
#include "PrepReference.h"

#include "prep/Cast.h"
#include "prep/ColumnSteps.h"
#include "prep/DateParts.h"
#include "prep/Derive.h"
#include "prep/Recipe.h"
#include "prep/SplitText.h"

#include <QTest>

#include <cstring>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;
using namespace flowline::tests;

namespace {

bool load(const QString &step, PrepReference &ref)
{
    QString why;
    if (!loadPrepReference(step, QStringLiteral("customer_churn"), ref, why)) {
        qWarning("%s", qPrintable(why));
        return false;
    }
    return true;
}

} // namespace

class TestPrepColumns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void datePartsMatchPandas()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("date_parts"), ref));
        DatePartsSpec spec;
        spec.column = QStringLiteral("signup_date");
        spec.parts = ref.params().value(QStringLiteral("parts")).toVariant().toStringList();
        spec.reference = ref.params().value(QStringLiteral("reference")).toString();
        JobContext ctx;
        auto fitted = fitDateParts(ref.train, spec, ctx);
        VERIFY_OK(fitted);
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(out->columnCount(), ref.test.columnCount() + 6);
    }

    void splitTextMatchesPandas()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("split_text"), ref));
        SplitTextSpec spec;
        spec.column = QStringLiteral("last_feedback");
        spec.delimiter = QStringLiteral(" ");
        JobContext ctx;
        auto fitted = fitSplitText(ref.train, spec, ctx);
        VERIFY_OK(fitted);
        QCOMPARE((*fitted)->parts(), ref.learned().value(QStringLiteral("parts")).toInt());
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // Two parts asked: the second keeps the rest.
        spec.parts = 2;
        auto two = fitSplitText(ref.train, spec, ctx);
        VERIFY_OK(two);
        auto twoOut = (*two)->apply(ref.train, ctx);
        VERIFY_OK(twoOut);
        const int src = ref.train.indexOf(QStringLiteral("last_feedback"));
        for (std::int64_t r = 0; r < 50; ++r) {
            const QString whole = ref.train.column(src)->displayValue(r);
            const QString a =
                twoOut->column(twoOut->indexOf(QStringLiteral("last_feedback_1")))->displayValue(r);
            const auto &b = *twoOut->column(twoOut->indexOf(QStringLiteral("last_feedback_2")));
            QCOMPARE(b.isMissing(r) ? a : a + QLatin1Char(' ') + b.displayValue(r), whole);
        }
    }

    void castMatchesPandas()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("cast"), ref));
        JobContext ctx;
        auto toBool = fitCast(
            ref.train, {{QStringLiteral("has_partner")}, ColumnKind::Boolean, CastFailures::Error},
            ctx);
        VERIFY_OK(toBool);
        auto toText = fitCast(ref.train,
                              {{QStringLiteral("support_calls"), QStringLiteral("satisfaction")},
                               ColumnKind::Text,
                               CastFailures::Error},
                              ctx);
        VERIFY_OK(toText);
        auto a = (*toBool)->apply(ref.test, ctx);
        VERIFY_OK(a);
        auto b = (*toText)->apply(*a, ctx);
        VERIFY_OK(b);
        QCOMPARE(b->kind(b->indexOf(QStringLiteral("has_partner"))), ColumnKind::Boolean);
        QCOMPARE(b->kind(b->indexOf(QStringLiteral("satisfaction"))), ColumnKind::Text);
        const QString diff = compareWithReference(*b, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // And back: text to numeric gives the numbers again, text to categorical sorts.
        auto back = fitCast(*b, {{QStringLiteral("satisfaction")}, ColumnKind::Numeric, {}}, ctx);
        VERIFY_OK(back);
        auto c = (*back)->apply(*b, ctx);
        VERIFY_OK(c);
        const int s = ref.test.indexOf(QStringLiteral("satisfaction"));
        for (std::int64_t r = 0; r < c->rowCount(); ++r)
            QVERIFY(closeEnough(c->numeric(s)->value(r), ref.test.numeric(s)->value(r)));
        auto cat = fitCast(ref.test,
                           {{QStringLiteral("tenure_months")}, ColumnKind::Categorical, {}}, ctx);
        VERIFY_OK(cat);
        auto d = (*cat)->apply(ref.test, ctx);
        VERIFY_OK(d);
        const auto &col = *d->column(d->indexOf(QStringLiteral("tenure_months")));
        QCOMPARE(col.kind(), ColumnKind::Categorical);
        QCOMPARE(col.displayValue(0),
                 ref.test.column(d->indexOf(QStringLiteral("tenure_months")))->displayValue(0));
    }

    void castFailuresNameColumnRowAndValue()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("cast"), ref));
        JobContext ctx;
        auto bad = fitCast(ref.train, {{QStringLiteral("plan")}, ColumnKind::Numeric, {}}, ctx);
        QVERIFY(!bad);
        QCOMPARE(bad.error().message,
                 QStringLiteral("cast: column 'plan' row 1: 'standard' does not convert to "
                                "numeric"));
        auto lenient = fitCast(
            ref.train, {{QStringLiteral("plan")}, ColumnKind::Numeric, CastFailures::Missing}, ctx);
        VERIFY_OK(lenient);
        auto missing = (*lenient)->apply(ref.test, ctx);
        VERIFY_OK(missing);
        QCOMPARE(missing->column(missing->indexOf(QStringLiteral("plan")))->missingCount(),
                 ref.test.rowCount());
        auto notBool =
            fitCast(ref.train, {{QStringLiteral("tenure_months")}, ColumnKind::Boolean, {}}, ctx);
        QVERIFY(!notBool);
        QVERIFY(notBool.error().message.contains(QStringLiteral("'tenure_months' row 1: '54'")));
        auto refused =
            fitCast(ref.train, {{QStringLiteral("signup_date")}, ColumnKind::Boolean, {}}, ctx);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("signup_date")));
        // Dates: to text (ISO) and back.
        auto text =
            fitCast(ref.train, {{QStringLiteral("signup_date")}, ColumnKind::Text, {}}, ctx);
        VERIFY_OK(text);
        auto t = (*text)->apply(ref.train, ctx);
        VERIFY_OK(t);
        QCOMPARE(t->column(1)->displayValue(0), QStringLiteral("2024-07-15"));
        auto date = fitCast(*t, {{QStringLiteral("signup_date")}, ColumnKind::Datetime, {}}, ctx);
        VERIFY_OK(date);
        auto d = (*date)->apply(*t, ctx);
        VERIFY_OK(d);
        QVERIFY(sameTables(*d, ref.train).isEmpty());
    }

    void deriveMatchesPandasAndErrorsCarryThePosition()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("derive"), ref));
        JobContext ctx;
        const DeriveSpec spec{ref.params().value(QStringLiteral("name")).toString(),
                              ref.params().value(QStringLiteral("formula")).toString()};
        auto fitted = fitDerive(ref.train, spec, ctx);
        VERIFY_OK(fitted);
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        auto bad =
            fitDerive(ref.train, {QStringLiteral("x"), QStringLiteral("tenure_months * * 2")}, ctx);
        QVERIFY(!bad);
        QCOMPARE(bad.error().file, QStringLiteral("formula"));
        QCOMPARE(bad.error().line, 1);
        QCOMPARE(bad.error().column, 17);
        QVERIFY(bad.error().message.startsWith(QStringLiteral("derive 'x': formula line 1, "
                                                              "column 17")));
        auto unknown = fitDerive(ref.train, {QStringLiteral("x"), QStringLiteral("1 + nope")}, ctx);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("nope")));
        QCOMPARE(unknown.error().column, 5);
        QVERIFY(!fitDerive(ref.train, {QString(), QStringLiteral("1")}, ctx));
    }

    void selectAndRolesAreRecorded()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("derive"), ref));
        JobContext ctx;
        SelectColumnsSpec sel;
        sel.columns = {QStringLiteral("churned"), QStringLiteral("plan"),
                       QStringLiteral("tenure_months")};
        sel.renames = {{QStringLiteral("tenure_months"), QStringLiteral("tenure")}};
        auto selected = fitSelectColumns(ref.train, sel, ctx);
        VERIFY_OK(selected);
        auto t1 = applyAndRecord(*selected, ref.train, ctx);
        VERIFY_OK(t1);
        QCOMPARE(t1->columnNames(), (QStringList{QStringLiteral("churned"), QStringLiteral("plan"),
                                                 QStringLiteral("tenure")}));
        auto role = fitSetRole(*t1, {{QStringLiteral("churned")}, ColumnRole::Target}, ctx);
        VERIFY_OK(role);
        auto t2 = applyAndRecord(*role, *t1, ctx);
        VERIFY_OK(t2);
        QCOMPARE(t2->role(0), ColumnRole::Target);
        auto derive = fitDerive(*t2, {QStringLiteral("years"), QStringLiteral("tenure / 12")}, ctx);
        VERIFY_OK(derive);
        auto t3 = applyAndRecord(*derive, *t2, ctx);
        VERIFY_OK(t3);
        // The recipe on the raw test part equals applying by hand, also read back from JSON.
        Table byHand = ref.test;
        for (const auto &step : t3->recipe()->steps()) {
            auto reread = fittedStepFromJson(step->toJson());
            VERIFY_OK(reread);
            QCOMPARE((*reread)->toJson(), step->toJson());
            auto a = step->apply(byHand, ctx);
            auto b = (*reread)->apply(byHand, ctx);
            VERIFY_OK(a);
            VERIFY_OK(b);
            QVERIFY(sameTables(*a, *b).isEmpty());
            byHand = *a;
        }
        auto recipe = Recipe::fromJson(t3->recipe()->toJson());
        VERIFY_OK(recipe);
        auto byRecipe = recipe->apply(ref.test, ctx);
        VERIFY_OK(byRecipe);
        QVERIFY2(sameTables(*byRecipe, byHand).isEmpty(),
                 qPrintable(sameTables(*byRecipe, byHand)));
        QCOMPARE(byRecipe->columnCount(), 4);
        QCOMPARE(byRecipe->role(0), ColumnRole::Target);

        // Drop mode, and errors that name the column.
        SelectColumnsSpec drop;
        drop.mode = SelectMode::Drop;
        drop.columns = {QStringLiteral("customer_id")};
        auto dropped = fitSelectColumns(ref.train, drop, ctx);
        VERIFY_OK(dropped);
        QCOMPARE((*dropped)->columns().size(), ref.train.columnCount() - 1);
        sel.columns = {QStringLiteral("nope")};
        auto unknown = fitSelectColumns(ref.train, sel, ctx);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("'nope'")));
        sel.columns = {QStringLiteral("plan"), QStringLiteral("region")};
        sel.renames = {{QStringLiteral("plan"), QStringLiteral("region")}};
        auto clash = fitSelectColumns(ref.train, sel, ctx);
        QVERIFY(!clash);
        QVERIFY(clash.error().message.contains(QStringLiteral("'region'")));
        auto noColumn =
            (*selected)->apply(ref.test.select(QStringList{QStringLiteral("plan")}), ctx);
        QVERIFY(!noColumn);
        QVERIFY(noColumn.error().message.contains(QStringLiteral("churned")));
        QVERIFY(!fitSetRole(ref.train, {{QStringLiteral("nope")}, ColumnRole::Target}, ctx));
        QVERIFY(
            !fittedStepFromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("set_role")},
                                            {QStringLiteral("role"), QStringLiteral("boss")}}));
    }

    void datePartsAndSplitTextRefuseBadParameters()
    {
        PrepReference ref;
        QVERIFY(load(QStringLiteral("date_parts"), ref));
        JobContext ctx;
        DatePartsSpec d;
        d.column = QStringLiteral("plan");
        auto wrongKind = fitDateParts(ref.train, d, ctx);
        QVERIFY(!wrongKind);
        QVERIFY(wrongKind.error().message.contains(QStringLiteral("'plan'")));
        d.column = QStringLiteral("signup_date");
        d.parts = {QStringLiteral("fortnight")};
        auto badPart = fitDateParts(ref.train, d, ctx);
        QVERIFY(!badPart);
        QVERIFY(badPart.error().message.contains(QStringLiteral("fortnight")));
        d.parts = {QStringLiteral("days_since")};
        d.reference = QStringLiteral("yesterday");
        auto badRef = fitDateParts(ref.train, d, ctx);
        QVERIFY(!badRef);
        QVERIFY(badRef.error().message.contains(QStringLiteral("yesterday")));

        SplitTextSpec s;
        s.column = QStringLiteral("monthly_charges");
        auto numeric = fitSplitText(ref.train, s, ctx);
        QVERIFY(!numeric);
        QVERIFY(numeric.error().message.contains(QStringLiteral("monthly_charges")));
        s.column = QStringLiteral("last_feedback");
        s.delimiter.clear();
        auto empty = fitSplitText(ref.train, s, ctx);
        QVERIFY(!empty);
        QVERIFY(empty.error().message.contains(QStringLiteral("last_feedback")));
        // Round trip keeps the learned number of parts.
        s.delimiter = QStringLiteral(" ");
        auto fitted = fitSplitText(ref.train, s, ctx);
        VERIFY_OK(fitted);
        auto reread = fittedStepFromJson((*fitted)->toJson());
        VERIFY_OK(reread);
        QCOMPARE((*reread)->toJson(), (*fitted)->toJson());
        auto a = (*fitted)->apply(ref.test, ctx);
        auto b = (*reread)->apply(ref.test, ctx);
        VERIFY_OK(a);
        VERIFY_OK(b);
        QVERIFY(sameTables(*a, *b).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPrepColumns)
#include "tst_prep_columns.moc"

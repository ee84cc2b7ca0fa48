// Numeric data-prep steps: bad parameters are clear errors naming the step and the column, and
// the documented edge cases (ties, constant columns, missing values, domains) hold.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/Binning.h"
#include "prep/Impute.h"
#include "prep/LogTransform.h"
#include "prep/MinMaxScale.h"
#include "prep/Outliers.h"
#include "prep/Polynomial.h"
#include "prep/RobustScale.h"
#include "prep/YeoJohnson.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::core::prep;

class TestPrepNumericEdges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badParametersAreClearErrors()
    {
        JobContext ctx;
        auto read = CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/customer_churn.csv"), {}, ctx);
        QVERIFY(read);
        const Table &t = read->table;
        const auto fails = [](const auto &result, const QString &a, const QString &b = {}) {
            return !result && result.error().message.contains(a) &&
                   result.error().message.contains(b);
        };
        const QStringList missing{QStringLiteral("no_such_column")};
        const QStringList region{QStringLiteral("region")};
        QVERIFY(fails(fitImpute(t, {.columns = missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitMinMax(t, {missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitRobustScale(t, {missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitLog(t, {missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitYeoJohnson(t, {missing}, ctx), QStringLiteral("no_such_column")));
        // Wrong kind: the step, the column and what it needs.
        QVERIFY(fails(fitImpute(t, {.columns = region}, ctx), QStringLiteral("region"),
                      QStringLiteral("numeric")));
        QVERIFY(
            fails(fitMinMax(t, {region}, ctx), QStringLiteral("region"), QStringLiteral("minmax")));
        QVERIFY(fails(fitRobustScale(t, {region}, ctx), QStringLiteral("region"),
                      QStringLiteral("robust_scale")));
        QVERIFY(fails(fitLog(t, {region}, ctx), QStringLiteral("region"), QStringLiteral("log")));
        QVERIFY(fails(fitYeoJohnson(t, {region}, ctx), QStringLiteral("region"),
                      QStringLiteral("yeo_johnson")));
        QVERIFY(fails(fitImpute(t,
                                {.columns = {QStringLiteral("signup_date")},
                                 .strategy = ImputeStrategy::MostFrequent},
                                ctx),
                      QStringLiteral("signup_date")));
        // A constant that is not a number for a numeric column; no constant at all.
        ImputeSpec constant{{QStringLiteral("region"), QStringLiteral("monthly_charges")},
                            ImputeStrategy::Constant,
                            QStringLiteral("abc")};
        QVERIFY(fails(fitImpute(t, constant, ctx), QStringLiteral("monthly_charges"),
                      QStringLiteral("abc")));
        constant.constant.clear();
        QVERIFY(fails(fitImpute(t, constant, ctx), QStringLiteral("constant")));
        // Ranges.
        QVERIFY(fails(fitMinMax(t, {{}, 1.0, 1.0}, ctx), QStringLiteral("minmax")));
        RobustScaleSpec robust;
        robust.qLow = 80;
        QVERIFY(fails(fitRobustScale(t, robust, ctx), QStringLiteral("robust_scale")));
        // Nothing to learn from.
        const Table empty(QStringList{QStringLiteral("e")},
                          {std::make_shared<NumericColumn>(std::vector<double>(3, std::nan("")))});
        QVERIFY(fails(fitImpute(empty, {}, ctx), QStringLiteral("'e'"), QStringLiteral("mean")));
        QVERIFY(fails(fitYeoJohnson(empty, {}, ctx), QStringLiteral("'e'")));
        // Applied to a table without the column, or with it of another kind.
        auto fitted = fitImpute(
            t, {.columns = {QStringLiteral("region")}, .strategy = ImputeStrategy::MostFrequent},
            ctx);
        QVERIFY(fitted);
        QVERIFY(fails((*fitted)->apply(t.select(QStringList{QStringLiteral("plan")}), ctx),
                      QStringLiteral("region")));
        const Table changed = t.withColumn(QStringLiteral("region"),
                                           t.column(t.indexOf(QStringLiteral("monthly_charges"))));
        QVERIFY(fails((*fitted)->apply(changed, ctx), QStringLiteral("region")));
        // Corrupt JSON names the field.
        QJsonObject bad = (*fitted)->toJson();
        bad.insert(QStringLiteral("numbers"), QStringLiteral("oops"));
        QVERIFY(fails(fittedStepFromJson(bad), QStringLiteral("numbers")));
        bad = (*fitted)->toJson();
        bad.insert(QStringLiteral("strategy"), QStringLiteral("mode"));
        QVERIFY(fails(fittedStepFromJson(bad), QStringLiteral("strategy")));
    }

    void edgeCasesBehaveAsDocumented()
    {
        const double nan = std::nan("");
        auto dict = std::make_shared<CategoricalColumn::Dictionary>(
            CategoricalColumn::Dictionary{"b", "a"});
        const Table t(
            QStringList{QStringLiteral("c"), QStringLiteral("x"), QStringLiteral("cat")},
            {std::make_shared<NumericColumn>(std::vector<double>{5, 5, 5, 5}),
             std::make_shared<NumericColumn>(std::vector<double>{2, nan, 2, 1}),
             std::make_shared<CategoricalColumn>(std::vector<std::int32_t>{0, 1, -1, 1}, dict)});
        JobContext ctx;
        // most_frequent: ties go to the smallest value / first category in byte order.
        auto mf = fitImpute(t, {{}, ImputeStrategy::MostFrequent, {}, true}, ctx);
        QVERIFY(mf);
        QCOMPARE((*mf)->numbers()[1], 2.0);
        QCOMPARE((*mf)->texts()[2], QStringLiteral("a"));
        QCOMPARE((*mf)->indicators(), (QStringList{QStringLiteral("x"), QStringLiteral("cat")}));
        // A constant category missing from the dictionary is added to it.
        auto text = fitImpute(
            t, {{QStringLiteral("cat")}, ImputeStrategy::Constant, QStringLiteral("none")}, ctx);
        QVERIFY(text);
        auto filled = (*text)->apply(t, ctx);
        QVERIFY(filled);
        QCOMPARE(filled->column(2)->displayValue(2), QStringLiteral("none"));
        QCOMPARE(filled->column(2)->displayValue(1), QStringLiteral("a"));
        QCOMPARE(filled->column(2)->missingCount(), std::int64_t(0));
        QCOMPARE(filled->columnCount(), 3); // no flags asked for
        // min-max: a constant column becomes low; robust: a zero range divides by 1.
        auto mm = fitMinMax(t, {{}, 2.0, 3.0}, ctx);
        QVERIFY(mm);
        auto scaled = (*mm)->apply(t, ctx);
        QVERIFY(scaled);
        QCOMPARE(scaled->numeric(0)->value(0), 2.0);
        QVERIFY(std::isnan(scaled->numeric(1)->value(1)));
        QCOMPARE(scaled->numeric(1)->value(3), 2.0);
        auto rs = fitRobustScale(t, {}, ctx);
        QVERIFY(rs);
        QCOMPARE((*rs)->scales()[0], 1.0);
        QCOMPARE((*rs)->centers()[1], 2.0);
        // log: values outside the domain become missing and are counted in the log.
        const Table neg(QStringList{QStringLiteral("v")},
                        {std::make_shared<NumericColumn>(std::vector<double>{-2, -1, 0, nan, 1})});
        auto lg = fitLog(neg, {}, ctx);
        QVERIFY(lg);
        auto logged = (*lg)->apply(neg, ctx);
        QVERIFY(logged);
        QCOMPARE(logged->column(0)->missingCount(), std::int64_t(4));
        QCOMPARE(logged->numeric(0)->value(4), 0.0);
        QCOMPARE(ctx.logLines().filter(QStringLiteral("3 values of 'v'")).size(), 1);
        auto l1 = fitLog(neg, {{}, true}, ctx);
        auto logged1 = (*l1)->apply(neg, ctx);
        QVERIFY(logged1);
        QCOMPARE(logged1->column(0)->missingCount(), std::int64_t(3));
        QCOMPARE(logged1->numeric(0)->value(2), 0.0);
        // Yeo-Johnson: a constant column keeps lambda 1; the transform's special cases.
        auto yj = fitYeoJohnson(t, {{QStringLiteral("c")}, true}, ctx);
        QVERIFY(yj);
        QCOMPARE((*yj)->lambdas()[0], 1.0);
        QCOMPARE(yeoJohnson(3.0, 0.0), std::log1p(3.0));
        QCOMPARE(yeoJohnson(-3.0, 2.0), -std::log1p(3.0));
        QCOMPARE(yeoJohnson(3.0, 1.0), 3.0);
        QCOMPARE(yeoJohnson(-3.0, 1.0), -3.0);
    }

    void binOutliersAndPolynomialErrors()
    {
        JobContext ctx;
        auto read = CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/customer_churn.csv"), {}, ctx);
        QVERIFY(read);
        const Table &t = read->table;
        const auto fails = [](const auto &result, const QString &a, const QString &b = {}) {
            return !result && result.error().message.contains(a) &&
                   result.error().message.contains(b);
        };
        const QStringList missing{QStringLiteral("no_such_column")};
        const QStringList plan{QStringLiteral("plan")};
        QVERIFY(fails(fitBin(t, {.columns = missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitOutliers(t, {.columns = missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(
            fails(fitPolynomial(t, {.columns = missing}, ctx), QStringLiteral("no_such_column")));
        QVERIFY(fails(fitBin(t, {.columns = plan}, ctx), QStringLiteral("plan"),
                      QStringLiteral("bin")));
        QVERIFY(fails(fitOutliers(t, {.columns = plan}, ctx), QStringLiteral("plan"),
                      QStringLiteral("outliers")));
        QVERIFY(fails(fitPolynomial(t, {.columns = plan}, ctx), QStringLiteral("plan"),
                      QStringLiteral("polynomial")));
        QVERIFY(fails(fitBin(t, {.bins = 1}, ctx), QStringLiteral("2 bins")));
        QVERIFY(fails(fitOutliers(t, {.threshold = 0}, ctx), QStringLiteral("threshold")));
        // A new polynomial column that already exists.
        const QStringList two{QStringLiteral("tenure_months"), QStringLiteral("support_calls")};
        const Table clash = t.withColumn(QStringLiteral("tenure_months^2"),
                                         t.column(t.indexOf(QStringLiteral("tenure_months"))));
        QVERIFY(
            fails(fitPolynomial(clash, {.columns = two}, ctx), QStringLiteral("tenure_months^2")));
        auto poly = fitPolynomial(t, {.columns = two}, ctx);
        QVERIFY(poly);
        QVERIFY(fails((*poly)->apply(clash, ctx), QStringLiteral("tenure_months^2")));
        // Drop is a row step: it cannot be read back into a recipe.
        auto drop = fitOutliers(t, {.columns = two, .action = OutlierAction::Drop}, ctx);
        QVERIFY(drop);
        QVERIFY(fails(fittedStepFromJson((*drop)->toJson()), QStringLiteral("drop")));
        auto bins = fitBin(t, {.columns = two}, ctx);
        QVERIFY(bins);
        QJsonObject bad = (*bins)->toJson();
        bad.insert(QStringLiteral("edges"), QJsonArray{QJsonArray{3, 1}, QJsonArray{0, 1}});
        QVERIFY(fails(fittedStepFromJson(bad), QStringLiteral("tenure_months"),
                      QStringLiteral("edges")));
    }

    void binOutliersAndPolynomialEdgeCases()
    {
        const double nan = std::nan("");
        const Table t(
            QStringList{QStringLiteral("x"), QStringLiteral("c")},
            {std::make_shared<NumericColumn>(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, nan, 100}),
             std::make_shared<NumericColumn>(std::vector<double>(10, 2.0))});
        JobContext ctx;
        // Uniform edges over [0, 100]; labels "[a, b)" with the last bin closed; a constant
        // column gets one bin; missing stays missing.
        auto bins =
            fitBin(t, {.bins = 4, .strategy = BinStrategy::Uniform, .intervals = true}, ctx);
        QVERIFY(bins);
        QCOMPARE((*bins)->edges()[0], (std::vector<double>{0, 25, 50, 75, 100}));
        QCOMPARE((*bins)->edges()[1], (std::vector<double>{2, 2}));
        auto binned = (*bins)->apply(t, ctx);
        QVERIFY(binned);
        QCOMPARE(binned->kind(0), ColumnKind::Categorical);
        QCOMPARE(binned->column(0)->displayValue(0), QStringLiteral("[0, 25)"));
        QCOMPARE(binned->column(0)->displayValue(9), QStringLiteral("[75, 100]"));
        QVERIFY(binned->column(0)->isMissing(8));
        QCOMPARE(binned->column(1)->displayValue(0), QStringLiteral("[2, 2]"));
        QCOMPARE(ctx.logLines().filter(QStringLiteral("'c' gets 1 bins")).size(), 1);
        // IQR fences: Q1 = 2, Q3 = 6 (linear), k = 1.5 -> [-4, 12]; 100 is the one outlier.
        auto flag = fitOutliers(t, {.columns = {QStringLiteral("x")}}, ctx);
        QVERIFY(flag);
        QCOMPARE((*flag)->lows()[0], -4.0);
        QCOMPARE((*flag)->highs()[0], 12.0);
        auto flagged = (*flag)->apply(t, ctx);
        QVERIFY(flagged);
        const auto *f = static_cast<const BooleanColumn *>(
            flagged->column(flagged->indexOf(QStringLiteral("x_outlier"))).get());
        QCOMPARE(f->value(9), std::int8_t(1));
        QCOMPARE(f->value(7), std::int8_t(0));
        QVERIFY(f->isMissing(8));
        auto clip =
            fitOutliers(t, {.columns = {QStringLiteral("x")}, .action = OutlierAction::Clip}, ctx);
        auto clipped = (*clip)->apply(t, ctx);
        QVERIFY(clipped);
        QCOMPARE(clipped->numeric(0)->value(9), 12.0);
        QVERIFY(std::isnan(clipped->numeric(0)->value(8)));
        auto drop =
            fitOutliers(t, {.columns = {QStringLiteral("x")}, .action = OutlierAction::Drop}, ctx);
        auto kept = (*drop)->apply(t, ctx);
        QVERIFY(kept);
        QCOMPARE(kept->rowCount(), std::int64_t(9)); // the missing row stays
        // Polynomial: sklearn's order and names; a missing factor gives a missing product.
        auto poly = fitPolynomial(t, {}, ctx);
        QVERIFY(poly);
        QCOMPARE((*poly)->outputNames(), (QStringList{QStringLiteral("x^2"), QStringLiteral("x c"),
                                                      QStringLiteral("c^2")}));
        auto expanded = (*poly)->apply(t, ctx);
        QVERIFY(expanded);
        QCOMPARE(expanded->columnCount(), 5);
        QCOMPARE(expanded->numeric(3)->value(3), 6.0);
        QVERIFY(std::isnan(expanded->numeric(2)->value(8)));
    }
};

QTEST_GUILESS_MAIN(TestPrepNumericEdges)
#include "tst_prep_numeric_edges.moc"

// Categorical steps against scikit-learn / pandas: fitted on the first 70 % of each dataset,
// applied to the rest (where some categories are unseen), compared with
// tests/data/reference/prep/prep_<case>_<dataset>.json.

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

QStringList stringsOf(const QJsonValue &v)
{
    return v.toVariant().toStringList();
}

QStringList texts(const std::vector<std::string> &v)
{
    QStringList out;
    for (const auto &s : v)
        out << QString::fromStdString(s);
    return out;
}

OneHotSpec oneHotSpec(const QJsonObject &p)
{
    OneHotSpec spec;
    spec.columns = stringsOf(p.value(QStringLiteral("columns")));
    spec.maxCategories = p.value(QStringLiteral("max_categories")).toInt();
    spec.unseen = p.value(QStringLiteral("unseen")).toString() == QStringLiteral("other")
                      ? OneHotUnseen::Other
                      : OneHotUnseen::AllZero;
    spec.missing = p.value(QStringLiteral("missing")).toString() == QStringLiteral("own_column")
                       ? OneHotMissing::OwnColumn
                       : OneHotMissing::AllZero;
    return spec;
}

OrdinalSpec ordinalSpec(const QJsonObject &p)
{
    OrdinalSpec spec;
    spec.columns = stringsOf(p.value(QStringLiteral("columns")));
    const QJsonObject orders = p.value(QStringLiteral("orders")).toObject();
    for (auto it = orders.begin(); it != orders.end(); ++it)
        spec.orders.insert(it.key(), stringsOf(it.value()));
    return spec;
}

RareCategoriesSpec rareSpec(const QJsonObject &p)
{
    RareCategoriesSpec spec;
    spec.columns = stringsOf(p.value(QStringLiteral("columns")));
    spec.minShare = p.value(QStringLiteral("min_share")).toDouble();
    spec.minCount = p.value(QStringLiteral("min_count")).toInt();
    spec.other = p.value(QStringLiteral("other")).toString();
    return spec;
}

TargetEncodeSpec targetSpec(const QJsonObject &p)
{
    TargetEncodeSpec spec;
    spec.columns = stringsOf(p.value(QStringLiteral("columns")));
    spec.target = p.value(QStringLiteral("target")).toString();
    spec.smoothing = p.value(QStringLiteral("smoothing")).toDouble();
    spec.folds = p.value(QStringLiteral("folds")).toInt();
    spec.seed = static_cast<std::uint64_t>(p.value(QStringLiteral("seed")).toInteger());
    return spec;
}

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

class TestPrepCategorical : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneHotMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("dataset");
        QTest::newRow("churn") << "one_hot"
                               << "customer_churn";
        QTest::newRow("churn missing column") << "one_hot_missing_column"
                                              << "customer_churn";
        QTest::newRow("wine unseen to zeros") << "one_hot"
                                              << "wine";
        QTest::newRow("wine unseen to other") << "one_hot_other"
                                              << "wine";
        QTest::newRow("churn max categories") << "one_hot_max"
                                              << "customer_churn";
    }
    void oneHotMatchesScikitLearn()
    {
        QFETCH(QString, step);
        QFETCH(QString, dataset);
        PrepReference ref;
        QVERIFY(load(step, dataset, ref));
        JobContext ctx;
        auto fitted = fitOneHot(ref.train, oneHotSpec(ref.params()), ctx);
        VERIFY_OK(fitted);
        const QJsonArray learned = ref.learned().value(QStringLiteral("columns")).toArray();
        QCOMPARE(std::size_t(learned.size()), (*fitted)->columns().size());
        for (qsizetype i = 0; i < learned.size(); ++i) {
            const QJsonObject l = learned[i].toObject();
            const auto &e = (*fitted)->columns()[static_cast<std::size_t>(i)];
            QCOMPARE(e.column, l.value(QStringLiteral("name")).toString());
            QCOMPARE(texts(e.categories), stringsOf(l.value(QStringLiteral("categories"))));
            QCOMPARE(texts(e.grouped), stringsOf(l.value(QStringLiteral("grouped"))));
            QCOMPARE((*fitted)->outputNames(e), stringsOf(l.value(QStringLiteral("outputs"))));
        }
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The encoded columns are replaced, in place, by their 0/1 columns.
        QStringList expected;
        for (const QString &name : ref.test.columnNames()) {
            const auto it = std::find_if((*fitted)->columns().begin(), (*fitted)->columns().end(),
                                         [&](const auto &e) { return e.column == name; });
            expected << (it == (*fitted)->columns().end() ? QStringList{name}
                                                          : (*fitted)->outputNames(*it));
        }
        QCOMPARE(out->columnNames(), expected);
        QCOMPARE(out->rowCount(), ref.test.rowCount());
    }

    void ordinalMatchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("churn") << "customer_churn";
        QTest::newRow("wine") << "wine";
    }
    void ordinalMatchesScikitLearn()
    {
        QFETCH(QString, dataset);
        PrepReference ref;
        QVERIFY(load(QStringLiteral("ordinal"), dataset, ref));
        JobContext ctx;
        auto fitted = fitOrdinal(ref.train, ordinalSpec(ref.params()), ctx);
        VERIFY_OK(fitted);
        const QJsonArray learned = ref.learned().value(QStringLiteral("columns")).toArray();
        QCOMPARE(std::size_t(learned.size()), (*fitted)->columns().size());
        for (qsizetype i = 0; i < learned.size(); ++i)
            QCOMPARE(texts((*fitted)->columns()[static_cast<std::size_t>(i)].categories),
                     stringsOf(learned[i].toObject().value(QStringLiteral("categories"))));
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(out->columnNames(), ref.test.columnNames());
    }

    void rareCategoriesMatchPandas_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("dataset");
        QTest::newRow("churn by share") << "rare_categories"
                                        << "customer_churn";
        QTest::newRow("wine by count, unseen") << "rare_categories_count"
                                               << "wine";
    }
    void rareCategoriesMatchPandas()
    {
        QFETCH(QString, step);
        QFETCH(QString, dataset);
        PrepReference ref;
        QVERIFY(load(step, dataset, ref));
        JobContext ctx;
        auto fitted = fitRareCategories(ref.train, rareSpec(ref.params()), ctx);
        VERIFY_OK(fitted);
        const QJsonArray learned = ref.learned().value(QStringLiteral("columns")).toArray();
        QCOMPARE(std::size_t(learned.size()), (*fitted)->columns().size());
        for (qsizetype i = 0; i < learned.size(); ++i)
            QCOMPARE(texts((*fitted)->columns()[static_cast<std::size_t>(i)].kept),
                     stringsOf(learned[i].toObject().value(QStringLiteral("kept"))));
        auto out = (*fitted)->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        for (const auto &g : (*fitted)->columns())
            QCOMPARE(out->kind(out->indexOf(g.column)), ColumnKind::Categorical);
    }

    void targetEncodingMatchesPandas_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("churn, binary target") << "customer_churn";
        QTest::newRow("wine, numeric target, unseen") << "wine";
    }
    void targetEncodingMatchesPandas()
    {
        QFETCH(QString, dataset);
        PrepReference ref;
        QVERIFY(load(QStringLiteral("target_encode"), dataset, ref));
        const TargetEncodeSpec spec = targetSpec(ref.params());
        JobContext ctx;
        auto fit = fitTargetEncode(ref.train, spec, ctx);
        VERIFY_OK(fit);
        const QJsonObject learned = ref.learned();
        // The same folds as the script's reimplementation of foldAssignment.
        const auto folds = numbersOf(learned.value(QStringLiteral("folds")));
        QCOMPARE(fit->folds.size(), folds.size());
        for (std::size_t r = 0; r < folds.size(); ++r)
            QCOMPARE(double(fit->folds[r]), folds[r]);
        QVERIFY(closeEnough(fit->step->prior(), learned.value(QStringLiteral("prior")).toDouble()));
        const QJsonArray cols = learned.value(QStringLiteral("columns")).toArray();
        QCOMPARE(std::size_t(cols.size()), fit->step->columns().size());
        for (qsizetype i = 0; i < cols.size(); ++i) {
            const auto &e = fit->step->columns()[static_cast<std::size_t>(i)];
            const QJsonObject l = cols[i].toObject();
            QCOMPARE(texts(e.categories), stringsOf(l.value(QStringLiteral("categories"))));
            const auto enc = numbersOf(l.value(QStringLiteral("encodings")));
            for (std::size_t j = 0; j < enc.size(); ++j)
                QVERIFY(closeEnough(e.encodings[j], enc[j]));
        }
        // Out of fold on the fitting table: compare with the script's per-fold groupby.
        const QString oofDiff =
            compareWithReference(fit->encoded, learned.value(QStringLiteral("oof")).toObject());
        QVERIFY2(oofDiff.isEmpty(), qPrintable(oofDiff));
        // Full-table encodings at apply time.
        auto out = fit->step->apply(ref.test, ctx);
        VERIFY_OK(out);
        const QString diff = compareWithReference(*out, ref.output());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // A row never sees its own target: the training output is not the full-table one.
        auto leaky = fit->step->apply(ref.train, ctx);
        VERIFY_OK(leaky);
        QVERIFY(!sameTables(*leaky, fit->encoded).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPrepCategorical)
#include "tst_prep_categorical.moc"

// Table and columns: immutability, shared columns, row selection, every kind.

#include "TestTables.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/ColumnConcat.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/Table.h"
#include "table/TextColumn.h"

#include <QtTest>

#include <limits>

using namespace flowline::core;

namespace {

Table sample()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto num = std::make_shared<const NumericColumn>(std::vector<double>{1.5, nan, -2.0, 4.0});
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"blue", "red"});
    auto cat =
        std::make_shared<const CategoricalColumn>(std::vector<std::int32_t>{1, 0, -1, 1}, dict);
    TextColumnBuilder tb;
    tb.append("héllo");
    tb.appendMissing();
    tb.append("");
    tb.append("wörld, with comma");
    auto when = std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{
        0, 86'400'000 + 3'600'000, DatetimeColumn::kMissing, 1'700'000'000'123});
    auto flag = std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{1, 0, -1, 1});
    return Table({"x", "color", "note", "when", "flag"}, {num, cat, tb.finish(), when, flag});
}

} // namespace

class TestTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shapeAndKinds()
    {
        const Table t = sample();
        QCOMPARE(t.rowCount(), 4);
        QCOMPARE(t.columnCount(), 5);
        QCOMPARE(flowline::tests::kinds(t),
                 QStringLiteral("numeric,categorical,text,datetime,boolean"));
        QCOMPARE(t.indexOf(QStringLiteral("note")), 2);
        QCOMPARE(t.indexOf(QStringLiteral("nope")), -1);
        QVERIFY(t.numeric(0));
        QVERIFY(!t.numeric(1));
    }

    void displayAndMissing()
    {
        const Table t = sample();
        QCOMPARE(flowline::tests::tableRows(t),
                 (QStringList{"x|color|note|when|flag", "1.5|red|héllo|1970-01-01|true",
                              "<NA>|blue|<NA>|1970-01-02T01:00:00|false", "-2|<NA>||<NA>|<NA>",
                              "4|red|wörld, with comma|2023-11-14T22:13:20.123|true"}));
        QCOMPARE(t.column(0)->missingCount(), 1);
        QCOMPARE(t.column(2)->missingCount(), 1);
        QVERIFY(!t.column(2)->isMissing(2)); // empty text is a value
    }

    void numericIsEigenMapWithoutCopy()
    {
        const Table t = sample();
        const auto *x = t.numeric(0);
        const auto v = x->vector();
        QCOMPARE(v.data(), x->data());
        QCOMPARE(v.size(), Eigen::Index(4));
        QCOMPARE(v(3), 4.0);
    }

    void selectRenameAndWithColumnShareColumns()
    {
        const Table t = sample();
        const Table s = t.select(QStringList{"note", "x"});
        QCOMPARE(s.columnNames(), (QStringList{"note", "x"}));
        QCOMPARE(s.column(1).get(), t.column(0).get()); // same column object: no copy
        const Table r = t.renamed(0, QStringLiteral("y"));
        QCOMPARE(r.columnName(0), QStringLiteral("y"));
        QCOMPARE(t.columnName(0), QStringLiteral("x")); // the original is unchanged
        QCOMPARE(r.column(4).get(), t.column(4).get());
        auto extra = std::make_shared<const NumericColumn>(std::vector<double>{1, 2, 3, 4});
        const Table w = t.withColumn(QStringLiteral("z"), extra);
        QCOMPARE(w.columnCount(), 6);
        QCOMPARE(w.column(2).get(), t.column(2).get());
        const Table replaced = w.withColumn(QStringLiteral("x"), extra);
        QCOMPARE(replaced.columnCount(), 6);
        QCOMPARE(replaced.column(0).get(), extra.get());
        QCOMPARE(t.columnCount(), 5);
    }

    void sliceAndTake()
    {
        const Table t = sample();
        const Table s = t.slice(1, 2);
        QCOMPARE(flowline::tests::tableRows(s),
                 (QStringList{"x|color|note|when|flag", "<NA>|blue|<NA>|1970-01-02T01:00:00|false",
                              "-2|<NA>||<NA>|<NA>"}));
        QCOMPARE(t.slice(3, 100).rowCount(), 1);
        QCOMPARE(t.slice(10, 1).rowCount(), 0);
        const std::vector<std::int64_t> rows{3, 0, 3};
        const Table k = t.take(rows);
        QCOMPARE(k.rowCount(), 3);
        QCOMPARE(k.column(2)->displayValue(0), QStringLiteral("wörld, with comma"));
        QCOMPARE(k.column(1)->displayValue(1), QStringLiteral("red"));
        // Categorical rows share the dictionary.
        QCOMPARE(static_cast<const CategoricalColumn &>(*k.column(1)).sharedDictionary().get(),
                 static_cast<const CategoricalColumn &>(*t.column(1)).sharedDictionary().get());
        const std::vector<std::int64_t> bad{4};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.take(bad));
    }

    void invalidConstruction()
    {
        auto a = std::make_shared<const NumericColumn>(std::vector<double>{1, 2});
        auto b = std::make_shared<const NumericColumn>(std::vector<double>{1});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Table({"a", "b"}, {a, b}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Table({"a", "a"}, {a, a}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Table({"a"}, {a, a}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Table({"a"}, {nullptr}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sample().select(QStringList{"zz"}));
    }

    void memoryIsCompact()
    {
        std::vector<double> v(1000000, 1.0);
        auto col = std::make_shared<const NumericColumn>(std::move(v));
        QCOMPARE(col->memoryBytes(), std::size_t(8000000));
        auto codes = std::make_shared<const CategoricalColumn>(
            std::vector<std::int32_t>(1000000, 0),
            std::make_shared<const CategoricalColumn::Dictionary>(
                CategoricalColumn::Dictionary{"a"}));
        QVERIFY(codes->memoryBytes() < 4000000 + 100);
    }

    void takeOrMissingGivesMissingForMinusOne()
    {
        const Table t = sample();
        const std::vector<std::int64_t> rows{3, -1, 0};
        std::vector<ColumnPtr> cols;
        for (const auto &c : t.columns())
            cols.push_back(c->takeOrMissing(rows));
        const Table k(t.columnNames(), std::move(cols));
        QCOMPARE(flowline::tests::kinds(k), flowline::tests::kinds(t));
        QCOMPARE(flowline::tests::tableRows(k),
                 (QStringList{"x|color|note|when|flag",
                              "4|red|wörld, with comma|2023-11-14T22:13:20.123|true",
                              "<NA>|<NA>|<NA>|<NA>|<NA>", "1.5|red|héllo|1970-01-01|true"}));
        // Categorical rows still share the dictionary.
        QCOMPARE(static_cast<const CategoricalColumn &>(*k.column(1)).sharedDictionary().get(),
                 static_cast<const CategoricalColumn &>(*t.column(1)).sharedDictionary().get());
        QCOMPARE(t.column(0)->takeOrMissing(std::vector<std::int64_t>{})->size(), 0);
    }

    void concatColumnsAlignsKindsAndDictionaries()
    {
        const Table t = sample();
        // A missing piece gives missing rows, for every kind.
        for (int c = 0; c < t.columnCount(); ++c) {
            const ColumnPiece pieces[] = {{t.column(c).get(), 4}, {nullptr, 2}};
            const auto out = concatColumns(t.kind(c), pieces);
            QCOMPARE(out->kind(), t.kind(c));
            QCOMPARE(out->size(), 6);
            QVERIFY(out->isMissing(4) && out->isMissing(5));
            for (std::int64_t r = 0; r < 4; ++r)
                QCOMPARE(out->displayValue(r), t.column(c)->displayValue(r));
        }
        // Dictionaries merge by label: the first keeps its codes, new labels follow.
        auto other = std::make_shared<const CategoricalColumn>(
            std::vector<std::int32_t>{0, 1, -1},
            std::make_shared<const CategoricalColumn::Dictionary>(
                CategoricalColumn::Dictionary{"green", "blue"}));
        const ColumnPiece pieces[] = {{t.column(1).get(), 4}, {other.get(), 3}};
        const auto merged = concatColumns(ColumnKind::Categorical, pieces);
        const auto &cat = static_cast<const CategoricalColumn &>(*merged);
        QCOMPARE(cat.dictionary(), (CategoricalColumn::Dictionary{"blue", "red", "green"}));
        QCOMPARE(cat.codes(), (std::vector<std::int32_t>{1, 0, -1, 1, 2, 0, -1}));
        // Same dictionary: shared, not copied.
        const ColumnPiece same[] = {{t.column(1).get(), 4}, {t.column(1).get(), 4}};
        QCOMPARE(
            static_cast<const CategoricalColumn &>(*concatColumns(ColumnKind::Categorical, same))
                .sharedDictionary()
                .get(),
            static_cast<const CategoricalColumn &>(*t.column(1)).sharedDictionary().get());
        const ColumnPiece wrong[] = {{t.column(0).get(), 4}};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 concatColumns(ColumnKind::Categorical, wrong));
    }

    void kindNames()
    {
        for (auto k : {ColumnKind::Numeric, ColumnKind::Categorical, ColumnKind::Text,
                       ColumnKind::Datetime, ColumnKind::Boolean})
            QCOMPARE(kindFromName(kindName(k)), std::optional<ColumnKind>(k));
        QCOMPARE(kindFromName(u"NUMERIC"), std::optional<ColumnKind>(ColumnKind::Numeric));
        QVERIFY(!kindFromName(u"float"));
    }
};

QTEST_GUILESS_MAIN(TestTable)
#include "tst_table.moc"

// Row steps against pandas: which rows remain, in which order
// (tests/data/reference/prep/rows_*.json, made by make_row_reference.py).

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/Join.h"
#include "prep/RowSteps.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <numeric>

using namespace flowline::core;
using namespace flowline::core::prep;

namespace {

QJsonObject reference(const QString &name)
{
    QFile f(QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/prep/rows_%1.json").arg(name));
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

Table dataset(const QString &name)
{
    JobContext ctx;
    auto r = CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1.csv").arg(name), {}, ctx);
    return r ? r->table : Table();
}

std::vector<std::int64_t> rowsOf(const QJsonObject &ref)
{
    std::vector<std::int64_t> rows;
    for (const QJsonValue &v : ref.value(QStringLiteral("rows")).toArray())
        rows.push_back(static_cast<std::int64_t>(v.toDouble()));
    return rows;
}

QStringList strings(const QJsonValue &v)
{
    return v.toVariant().toStringList();
}

} // namespace

class TestPrepRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesPandas_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n : {"drop_duplicates_region_plan", "drop_duplicates_species",
                              "drop_duplicates_all", "drop_missing_any", "drop_missing_all_two",
                              "sort_charges_desc", "sort_region_tenure", "sort_species_petal"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void matchesPandas()
    {
        QFETCH(QString, name);
        const QJsonObject ref = reference(name);
        QVERIFY2(!ref.isEmpty(), qPrintable(name));
        const Table t = dataset(ref.value(QStringLiteral("dataset")).toString());
        QVERIFY(t.rowCount() > 0);
        const QJsonObject params = ref.value(QStringLiteral("params")).toObject();
        Result<std::vector<std::int64_t>> rows = Error{QStringLiteral("no case")};
        if (name.startsWith(QLatin1String("drop_duplicates"))) {
            rows = distinctRows(t, strings(params.value(QStringLiteral("columns"))));
        } else if (name.startsWith(QLatin1String("drop_missing"))) {
            rows = rowsWithoutMissing(t, strings(params.value(QStringLiteral("columns"))),
                                      params.value(QStringLiteral("when")).toString() ==
                                              QLatin1String("all")
                                          ? MissingRule::All
                                          : MissingRule::Any);
        } else {
            std::vector<SortKey> keys;
            for (const QString &c : strings(params.value(QStringLiteral("by"))))
                keys.push_back({c, params.value(QStringLiteral("ascending")).toBool()});
            rows = sortedRows(t, keys);
        }
        QVERIFY2(rows, qPrintable(rows ? QString() : rows.error().message));
        const auto expected = rowsOf(ref);
        QCOMPARE(rows->size(), expected.size());
        QCOMPARE(*rows, expected);
    }

    void missingValuesAreEqualForDuplicatesAndLastForSorting()
    {
        const double nan = std::nan("");
        const Table t(QStringList{QStringLiteral("x")},
                      {std::make_shared<NumericColumn>(std::vector<double>{2, nan, 1, nan, 2, 3})});
        auto distinct = distinctRows(t, {});
        QVERIFY(distinct);
        QCOMPARE(*distinct, (std::vector<std::int64_t>{0, 1, 2, 5}));
        auto up = sortedRows(t, {{QStringLiteral("x"), true}});
        QCOMPARE(*up, (std::vector<std::int64_t>{2, 0, 4, 5, 1, 3}));
        auto down = sortedRows(t, {{QStringLiteral("x"), false}});
        QCOMPARE(*down, (std::vector<std::int64_t>{5, 0, 4, 2, 1, 3}));
        auto complete = rowsWithoutMissing(t, {}, MissingRule::Any);
        QCOMPARE(*complete, (std::vector<std::int64_t>{0, 2, 4, 5}));
    }

    void aCanceledJoinStops()
    {
        std::vector<double> keys(200'000);
        std::iota(keys.begin(), keys.end(), 0.0);
        const Table t(QStringList{QStringLiteral("k")}, {std::make_shared<NumericColumn>(keys)});
        JoinSpec spec;
        spec.leftOn = {QStringLiteral("k")};
        JobContext ctx;
        auto joined = join(t, t, spec, &ctx);
        QVERIFY(joined);
        QCOMPARE(joined->rowCount(), std::int64_t(200'000));
        ctx.cancel();
        auto canceled = join(t, t, spec, &ctx);
        QVERIFY(!canceled);
        QCOMPARE(canceled.error().message, QStringLiteral("canceled"));
    }

    void badColumnsAreClearErrors()
    {
        const Table t = dataset(QStringLiteral("iris"));
        auto d = distinctRows(t, {QStringLiteral("nope")});
        QVERIFY(!d);
        QVERIFY(d.error().message.contains(QStringLiteral("'nope'")));
        auto m = rowsWithoutMissing(t, {QStringLiteral("nope")}, MissingRule::Any);
        QVERIFY(!m);
        auto s = sortedRows(t, {{QStringLiteral("nope"), true}});
        QVERIFY(!s);
        QVERIFY(s.error().message.contains(QStringLiteral("'nope'")));
        QVERIFY(!sortedRows(t, {}));
        // An empty table stays empty.
        auto e = sortedRows(t.slice(0, 0), {{QStringLiteral("species"), true}});
        QVERIFY(e && e->empty());
    }
};

QTEST_GUILESS_MAIN(TestPrepRows)
#include "tst_prep_rows.moc"

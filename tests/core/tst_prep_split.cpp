// Splitting rows: sizes, stratification, time order, determinism, folds, and bad parameters.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/Split.h"
#include "table/NumericColumn.h"

#include <QSet>
#include <QTest>

#include <map>
#include <numeric>

using namespace flowline::core;
using namespace flowline::core::prep;

namespace {

Table readData(const char *name)
{
    JobContext ctx;
    auto r = CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1").arg(QLatin1String(name)), {}, ctx);
    return r ? r->table : Table();
}

std::map<QString, int> classCounts(const Table &t, const std::vector<std::int64_t> &rows,
                                   const QString &column)
{
    std::map<QString, int> counts;
    const auto &col = t.column(t.indexOf(column));
    for (auto r : rows)
        ++counts[col->displayValue(r)];
    return counts;
}

} // namespace

class TestPrepSplit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomSplitSizesAndCoverage()
    {
        const Table t = readData("customer_churn.csv");
        QVERIFY(t.rowCount() > 0);
        auto parts = splitRows(t, {});
        QVERIFY(parts);
        const std::int64_t n = t.rowCount();
        QCOMPARE(static_cast<std::int64_t>(parts->train.size()), std::llround(n * 0.8));
        QCOMPARE(static_cast<std::int64_t>(parts->train.size() + parts->test.size()), n);
        QVERIFY(parts->validation.empty());
        // Every row exactly once; each part in row order.
        std::vector<std::int64_t> all = parts->train;
        all.insert(all.end(), parts->test.begin(), parts->test.end());
        std::sort(all.begin(), all.end());
        std::vector<std::int64_t> expected(static_cast<std::size_t>(n));
        std::iota(expected.begin(), expected.end(), 0);
        QCOMPARE(all, expected);
        QVERIFY(std::is_sorted(parts->train.begin(), parts->train.end()));
        QVERIFY(std::is_sorted(parts->test.begin(), parts->test.end()));
        // Shuffled, not the first 80 %.
        QVERIFY(parts->test.front() < n * 8 / 10);
    }

    void sameSeedSameSplitOtherSeedOtherSplit()
    {
        const Table t = readData("iris.csv");
        SplitSpec spec;
        spec.seed = 7;
        auto a = splitRows(t, spec), b = splitRows(t, spec);
        QVERIFY(a && b);
        QCOMPARE(a->train, b->train);
        spec.seed = 8;
        auto c = splitRows(t, spec);
        QVERIFY(c);
        QVERIFY(c->train != a->train);
    }

    void stratifiedKeepsEachClassShare()
    {
        const Table t = readData("customer_churn.csv");
        SplitSpec spec;
        spec.method = SplitMethod::Stratified;
        spec.stratifyBy = QStringLiteral("churned");
        spec.trainFraction = 0.7;
        spec.validationFraction = 0.15;
        auto parts = splitRows(t, spec);
        QVERIFY2(parts, qPrintable(parts ? QString() : parts.error().message));
        const auto all = classCounts(
            t,
            [&] {
                std::vector<std::int64_t> v(static_cast<std::size_t>(t.rowCount()));
                std::iota(v.begin(), v.end(), 0);
                return v;
            }(),
            spec.stratifyBy);
        const auto train = classCounts(t, parts->train, spec.stratifyBy);
        const auto val = classCounts(t, parts->validation, spec.stratifyBy);
        for (const auto &[cls, count] : all) {
            QVERIFY(std::abs(train.at(cls) - count * 0.7) <= 1.0);
            QVERIFY(std::abs(val.at(cls) - count * 0.15) <= 1.0);
        }
        const std::int64_t n = t.rowCount();
        QCOMPARE(static_cast<std::int64_t>(parts->train.size()), std::llround(n * 0.7));
        QCOMPARE(static_cast<std::int64_t>(parts->validation.size()), std::llround(n * 0.15));
    }

    void timeOrderedTrainsOnTheEarliestRows()
    {
        std::vector<double> time{5, 1, 4, 2, 3, std::nan(""), 0, 6, 8, 7};
        const Table t(QStringList{QStringLiteral("t")}, {std::make_shared<NumericColumn>(time)});
        SplitSpec spec;
        spec.method = SplitMethod::TimeOrdered;
        spec.orderBy = QStringLiteral("t");
        spec.trainFraction = 0.6;
        auto parts = splitRows(t, spec);
        QVERIFY(parts);
        // Times 0..5 train (rows 6,1,3,4,2,0), the rest (6,7,8 and the missing time) test.
        QCOMPARE(parts->train, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 6}));
        QCOMPARE(parts->test, (std::vector<std::int64_t>{5, 7, 8, 9}));
        // Without a column: the row order.
        spec.orderBy.clear();
        auto byRow = splitRows(t, spec);
        QVERIFY(byRow);
        QCOMPARE(byRow->train, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));
    }

    void foldsAreBalancedAndStratified()
    {
        const Table t = readData("iris.csv");
        auto folds = assignFolds(t, 5, QStringLiteral("species"), 3);
        QVERIFY(folds);
        std::map<std::pair<int, QString>, int> perFoldClass;
        std::map<int, int> perFold;
        const auto &species = t.column(t.indexOf(QStringLiteral("species")));
        for (std::int64_t r = 0; r < t.rowCount(); ++r) {
            const int f = (*folds)[static_cast<std::size_t>(r)];
            QVERIFY(f >= 0 && f < 5);
            ++perFold[f];
            ++perFoldClass[{f, species->displayValue(r)}];
        }
        for (const auto &[f, count] : perFold)
            QCOMPARE(count, 30);
        for (const auto &[key, count] : perFoldClass)
            QCOMPARE(count, 10); // 50 of each class over 5 folds
        auto again = assignFolds(t, 5, QStringLiteral("species"), 3);
        QCOMPARE(*again, *folds);
        auto plain = assignFolds(t, 4, {}, 3);
        QVERIFY(plain);
        std::map<int, int> sizes;
        for (int f : *plain)
            ++sizes[f];
        for (const auto &[f, count] : sizes)
            QVERIFY(count == 37 || count == 38);
    }

    void badParametersAreClearErrors()
    {
        const Table t = readData("iris.csv");
        SplitSpec spec;
        spec.trainFraction = 0.9;
        spec.validationFraction = 0.2;
        auto over = splitRows(t, spec);
        QVERIFY(!over);
        QVERIFY(over.error().message.contains(QStringLiteral("fractions")));
        spec = {};
        spec.method = SplitMethod::Stratified;
        spec.stratifyBy = QStringLiteral("nope");
        auto missing = splitRows(t, spec);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("nope")));
        spec = {};
        spec.method = SplitMethod::TimeOrdered;
        spec.orderBy = QStringLiteral("species");
        auto wrongKind = splitRows(t, spec);
        QVERIFY(!wrongKind);
        QVERIFY(wrongKind.error().message.contains(QStringLiteral("species")));
        QVERIFY(!assignFolds(t, 1, {}, 0));
        QVERIFY(!assignFolds(t, 151, {}, 0));
        // An empty table splits into empty parts.
        auto empty = splitRows(t.slice(0, 0), {});
        QVERIFY(empty);
        QVERIFY(empty->train.empty() && empty->test.empty());
    }
};

QTEST_GUILESS_MAIN(TestPrepSplit)
#include "tst_prep_split.moc"

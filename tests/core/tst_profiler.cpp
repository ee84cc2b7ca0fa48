// Column profiles: every statistic on hand-built columns (edge cases included), then every
// number on the bundled datasets against the pandas / numpy fixtures made by
// tests/data/reference/make_profile_reference.py.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "stats/Profiler.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>

using namespace flowline::core;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

ColumnPtr numeric(std::vector<double> v)
{
    return std::make_shared<const NumericColumn>(std::move(v));
}

// Categorical from strings; std::nullopt is missing. Extra dictionary entries stay unused.
ColumnPtr categorical(const std::vector<std::optional<std::string>> &values,
                      CategoricalColumn::Dictionary dictionary = {})
{
    std::vector<std::int32_t> codes;
    for (const auto &v : values) {
        if (!v) {
            codes.push_back(CategoricalColumn::kMissing);
            continue;
        }
        auto it = std::find(dictionary.begin(), dictionary.end(), *v);
        if (it == dictionary.end())
            it = dictionary.insert(dictionary.end(), *v);
        codes.push_back(static_cast<std::int32_t>(it - dictionary.begin()));
    }
    return std::make_shared<const CategoricalColumn>(
        std::move(codes), std::make_shared<const CategoricalColumn::Dictionary>(dictionary));
}

ColumnPtr text(const std::vector<std::optional<std::string>> &values)
{
    TextColumnBuilder b;
    for (const auto &v : values) {
        if (v)
            b.append(*v);
        else
            b.appendMissing();
    }
    return b.finish();
}

// Equal within 1e-9 relative, or 1e-12 absolute near zero; NaN equals NaN.
bool close(double actual, double expected, double rel = 1e-9, double abs = 1e-12)
{
    if (std::isnan(expected) || std::isnan(actual))
        return std::isnan(expected) && std::isnan(actual);
    if (actual == expected)
        return true;
    const double diff = std::fabs(actual - expected);
    return diff <= abs || diff <= rel * std::max(std::fabs(actual), std::fabs(expected));
}

#define CLOSE(actual, expected)                                                                    \
    QVERIFY2(close((actual), (expected)), qPrintable(QStringLiteral("%1 = %2, expected %3")        \
                                                         .arg(QStringLiteral(#actual))             \
                                                         .arg((actual), 0, 'g', 17)                \
                                                         .arg((expected), 0, 'g', 17)))

bool sameBits(double a, double b)
{
    return std::isnan(a) ? std::isnan(b) : std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameProfile(const ColumnProfile &a, const ColumnProfile &b)
{
    return a.name == b.name && a.kind == b.kind && a.count == b.count && a.missing == b.missing &&
           a.distinct == b.distinct && a.distinctExact == b.distinctExact &&
           sameBits(a.mean, b.mean) && sameBits(a.std, b.std) && sameBits(a.min, b.min) &&
           sameBits(a.q1, b.q1) && sameBits(a.median, b.median) && sameBits(a.q3, b.q3) &&
           sameBits(a.max, b.max) && sameBits(a.skewness, b.skewness) && a.zeros == b.zeros &&
           a.minTime == b.minTime && a.maxTime == b.maxTime &&
           a.histogram.edges == b.histogram.edges && a.histogram.counts == b.histogram.counts &&
           a.top == b.top;
}

bool sameMatrix(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return false;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (!sameBits(a.data()[i], b.data()[i]))
            return false;
    }
    return true;
}

using Top = std::vector<std::pair<QString, std::int64_t>>;

Top top(std::initializer_list<std::pair<const char *, std::int64_t>> items)
{
    Top t;
    for (const auto &[v, c] : items)
        t.emplace_back(QString::fromUtf8(v), c);
    return t;
}

// A table of every kind with missing values, ties and `rows` rows, from a fixed seed.
Table mixedTable(std::int64_t rows)
{
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    std::vector<double> a, b, c;
    std::vector<std::int8_t> flag;
    std::vector<std::int64_t> when;
    std::vector<std::optional<std::string>> cat, txt;
    for (std::int64_t i = 0; i < rows; ++i) {
        const double x = normal(rng);
        a.push_back(x);
        b.push_back(rng() % 10 == 0 ? NaN : 0.5 * x + normal(rng));
        c.push_back(rng() % 7 == 0 ? NaN : std::round(normal(rng) * 3)); // many ties
        flag.push_back(rng() % 9 == 0 ? BooleanColumn::kMissing : std::int8_t(rng() % 2));
        when.push_back(rng() % 11 == 0 ? DatetimeColumn::kMissing
                                       : 1'600'000'000'000 + std::int64_t(rng() % 100'000'000));
        cat.push_back(rng() % 13 == 0 ? std::nullopt
                                      : std::optional(std::string(1, char('a' + rng() % 5))));
        txt.push_back(std::to_string(rng() % (rows / 2 + 1)));
    }
    return Table({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                  QStringLiteral("flag"), QStringLiteral("when"), QStringLiteral("cat"),
                  QStringLiteral("txt")},
                 {numeric(a), numeric(b), numeric(c), std::make_shared<const BooleanColumn>(flag),
                  std::make_shared<const DatetimeColumn>(when), categorical(cat), text(txt)});
}

QJsonObject readFixture(const QString &dataset)
{
    QFile f(QStringLiteral(FLOWLINE_TEST_DATA_DIR "/reference/profile_%1.json").arg(dataset));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

double jsonNumber(const QJsonValue &v)
{
    return v.isNull() ? NaN : v.toDouble();
}

} // namespace

class TestProfiler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numericStatistics();
    void emptyColumns();
    void allMissing();
    void singleValue();
    void constantColumn();
    void negativeZero();
    void infinities();
    void booleans();
    void datetimes();
    void categoricalTopWithTies();
    void textTopWithTies();
    void distinctBeyondLimit();
    void histogramMatchesNumpy();
    void histogramCappedAtMaxBins();
    void correlationsPairwiseComplete();
    void correlationsLargeMatchDirect();
    void correlationsKeepPrecision();
    void cancel();
    void sameResultWithOneOrTwoThreads();
    void datasets_data();
    void datasets();
};

void TestProfiler::numericStatistics()
{
    // Expected values: pandas 1.5.3 / numpy 1.24.2 (/usr/bin/python3) on the same values:
    // s.mean(), s.std(), s.quantile(...), s.skew(), s.nunique(), np.histogram(bins="auto").
    const auto p = Profiler::profileColumn(
        QStringLiteral("x"),
        *numeric({2.5, -1.0, 4.0, NaN, 4.0, 10.0, 0.0, 3.25, 7.5, NaN, -0.0, 12.0}));
    QCOMPARE(p.name, QStringLiteral("x"));
    QCOMPARE(p.kind, ColumnKind::Numeric);
    QCOMPARE(p.count, 10);
    QCOMPARE(p.missing, 2);
    QCOMPARE(p.distinct, 8); // 4.0 twice, 0.0 and -0.0 are one value
    QVERIFY(p.distinctExact);
    QCOMPARE(p.zeros, 2);
    CLOSE(p.mean, 4.225);
    CLOSE(p.std, 4.365982770872504);
    QCOMPARE(p.min, -1.0);
    CLOSE(p.q1, 0.625);
    CLOSE(p.median, 3.625);
    CLOSE(p.q3, 6.625);
    QCOMPARE(p.max, 12.0);
    CLOSE(p.skewness, 0.6644819204566883);
    QCOMPARE(p.histogram.edges,
             (std::vector<double>{-1.0, 1.6, 4.2, 6.800000000000001, 9.4, 12.0}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{3, 4, 0, 1, 2}));
    QVERIFY(p.top.empty());
}

void TestProfiler::emptyColumns()
{
    const std::vector<ColumnPtr> columns = {
        numeric({}), categorical({}), text({}),
        std::make_shared<const DatetimeColumn>(std::vector<std::int64_t>{}),
        std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{})};
    for (const auto &column : columns) {
        const auto p = Profiler::profileColumn(QStringLiteral("e"), *column);
        QCOMPARE(p.kind, column->kind());
        QCOMPARE(p.count, 0);
        QCOMPARE(p.missing, 0);
        QCOMPARE(p.distinct, 0);
        QVERIFY(p.distinctExact);
        QVERIFY(std::isnan(p.mean) && std::isnan(p.std) && std::isnan(p.min));
        QVERIFY(std::isnan(p.median) && std::isnan(p.max) && std::isnan(p.skewness));
        QCOMPARE(p.zeros, 0);
        QVERIFY(p.histogram.edges.empty() && p.histogram.counts.empty());
        QVERIFY(p.top.empty());
    }
    // A table without rows still profiles, with undefined correlations.
    JobContext ctx;
    const auto r = Profiler::profile(
        Table({QStringLiteral("a"), QStringLiteral("b")}, {numeric({}), numeric({})}), {}, ctx);
    QVERIFY(r.ok());
    QCOMPARE(r->rows, 0);
    QCOMPARE(r->pearson.rows(), 2);
    QVERIFY(r->pearson.array().isNaN().all());
    QVERIFY(r->spearman.array().isNaN().all());
}

void TestProfiler::allMissing()
{
    const std::vector<ColumnPtr> columns = {
        numeric({NaN, NaN, NaN}), categorical({std::nullopt, std::nullopt, std::nullopt}, {"x"}),
        text({std::nullopt, std::nullopt, std::nullopt}),
        std::make_shared<const DatetimeColumn>(
            std::vector<std::int64_t>(3, DatetimeColumn::kMissing)),
        std::make_shared<const BooleanColumn>(
            std::vector<std::int8_t>(3, BooleanColumn::kMissing))};
    for (const auto &column : columns) {
        const auto p = Profiler::profileColumn(QStringLiteral("m"), *column);
        QCOMPARE(p.count, 0);
        QCOMPARE(p.missing, 3);
        QCOMPARE(p.distinct, 0);
        QVERIFY(std::isnan(p.mean) && std::isnan(p.std) && std::isnan(p.q1));
        QVERIFY(p.histogram.counts.empty());
        QVERIFY(p.top.empty());
        QCOMPARE(p.minTime, 0);
        QCOMPARE(p.maxTime, 0);
    }
}

void TestProfiler::singleValue()
{
    const auto p = Profiler::profileColumn(QStringLiteral("one"), *numeric({NaN, 3.5}));
    QCOMPARE(p.count, 1);
    QCOMPARE(p.distinct, 1);
    QCOMPARE(p.mean, 3.5);
    QVERIFY(std::isnan(p.std));      // pandas: NaN with one value (ddof = 1)
    QVERIFY(std::isnan(p.skewness)); // pandas: NaN below three values
    QCOMPARE(p.min, 3.5);
    QCOMPARE(p.q1, 3.5);
    QCOMPARE(p.median, 3.5);
    QCOMPARE(p.q3, 3.5);
    QCOMPARE(p.max, 3.5);
    // numpy: one bin of width 1 around a single value.
    QCOMPARE(p.histogram.edges, (std::vector<double>{3.0, 4.0}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{1}));

    const auto two = Profiler::profileColumn(QStringLiteral("two"), *numeric({1.0, 2.0}));
    CLOSE(two.std, 0.7071067811865476);
    QVERIFY(std::isnan(two.skewness));
    QCOMPARE(two.q1, 1.25);
}

void TestProfiler::constantColumn()
{
    // pandas gives mean 0.10000000000000002, std 1.6996749443881478e-17 and skew 0 for
    // [0.1] * 3: rounding noise. The profiler recognises a constant column and reports its value
    // exactly, std 0 and skewness 0 (as pandas' skew does for constant columns).
    const auto p = Profiler::profileColumn(QStringLiteral("c"), *numeric({0.1, 0.1, NaN, 0.1}));
    QCOMPARE(p.count, 3);
    QCOMPARE(p.distinct, 1);
    QCOMPARE(p.mean, 0.1);
    QCOMPARE(p.std, 0.0);
    QCOMPARE(p.skewness, 0.0);
    QCOMPARE(p.median, 0.1);
    QCOMPARE(p.histogram.edges, (std::vector<double>{0.1 - 0.5, 0.1 + 0.5}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{3}));

    const auto two = Profiler::profileColumn(QStringLiteral("c"), *numeric({5.0, 5.0}));
    QCOMPARE(two.std, 0.0);
    QVERIFY(std::isnan(two.skewness)); // fewer than three values
}

void TestProfiler::negativeZero()
{
    // pandas: nunique 2, skew 1.732050807568878, quantiles 0, 0, 0.5.
    const auto p = Profiler::profileColumn(QStringLiteral("z"), *numeric({-0.0, 0.0, 1.0}));
    QCOMPARE(p.distinct, 2);
    QCOMPARE(p.zeros, 2);
    CLOSE(p.skewness, 1.732050807568878);
    QCOMPARE(p.q1, 0.0);
    QCOMPARE(p.median, 0.0);
    QCOMPARE(p.q3, 0.5);
}

void TestProfiler::infinities()
{
    // Infinities are values (as in pandas) but stay out of the histogram and the correlations.
    const double inf = std::numeric_limits<double>::infinity();
    const auto p =
        Profiler::profileColumn(QStringLiteral("i"), *numeric({1.0, inf, 2.0, -inf, 3.0}));
    QCOMPARE(p.count, 5);
    QCOMPARE(p.distinct, 5);
    QCOMPARE(p.min, -inf);
    QCOMPARE(p.max, inf);
    QCOMPARE(p.median, 2.0);
    QVERIFY(std::isnan(p.mean)); // inf - inf
    std::int64_t histogrammed = 0;
    for (auto c : p.histogram.counts)
        histogrammed += c;
    QCOMPARE(histogrammed, 3);
    QCOMPARE(p.histogram.edges.front(), 1.0);
    QCOMPARE(p.histogram.edges.back(), 3.0);
}

void TestProfiler::booleans()
{
    // pandas on [1, 0, 1, 1, NaN] as floats: mean 0.75, std 0.5, skew -1.9999999999999998,
    // quantiles 0.75, 1, 1.
    const auto column = std::make_shared<const BooleanColumn>(
        std::vector<std::int8_t>{1, 0, 1, 1, BooleanColumn::kMissing});
    const auto p = Profiler::profileColumn(QStringLiteral("b"), *column);
    QCOMPARE(p.kind, ColumnKind::Boolean);
    QCOMPARE(p.count, 4);
    QCOMPARE(p.missing, 1);
    QCOMPARE(p.distinct, 2);
    QCOMPARE(p.zeros, 1);
    QCOMPARE(p.mean, 0.75);
    CLOSE(p.std, 0.5);
    CLOSE(p.skewness, -1.9999999999999998);
    QCOMPARE(p.min, 0.0);
    QCOMPARE(p.q1, 0.75);
    QCOMPARE(p.median, 1.0);
    QCOMPARE(p.max, 1.0);
    QCOMPARE(p.top, top({{"true", 3}, {"false", 1}}));
    QVERIFY(p.histogram.counts.empty());

    const auto tie = Profiler::profileColumn(
        QStringLiteral("t"),
        *std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{1, 0}));
    QCOMPARE(tie.top, top({{"false", 1}, {"true", 1}}));
    const auto onlyFalse = Profiler::profileColumn(
        QStringLiteral("f"),
        *std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{0, 0}));
    QCOMPARE(onlyFalse.top, top({{"false", 2}}));
    QCOMPARE(onlyFalse.distinct, 1);
}

void TestProfiler::datetimes()
{
    // numpy: np.histogram(np.array(ms, dtype=float), bins="auto") on the present values.
    const auto column = std::make_shared<const DatetimeColumn>(
        std::vector<std::int64_t>{1704067200000, 1704153600000, DatetimeColumn::kMissing,
                                  1706745600000, 1704067200000, 1717200000000, 1710000000123});
    const auto p = Profiler::profileColumn(QStringLiteral("d"), *column);
    QCOMPARE(p.kind, ColumnKind::Datetime);
    QCOMPARE(p.count, 6);
    QCOMPARE(p.missing, 1);
    QCOMPARE(p.distinct, 5);
    QCOMPARE(p.minTime, 1704067200000);
    QCOMPARE(p.maxTime, 1717200000000);
    QVERIFY(std::isnan(p.mean) && std::isnan(p.median));
    QCOMPARE(p.histogram.edges,
             (std::vector<double>{1704067200000.0, 1707350400000.0, 1710633600000.0,
                                  1713916800000.0, 1717200000000.0}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{4, 1, 0, 1}));
    QVERIFY(p.top.empty());
}

void TestProfiler::categoricalTopWithTies()
{
    // "Zebra" < "apple" < "Äpfel" in UTF-8 byte order; "unused" is in the dictionary only.
    const auto column = categorical({"apple", "Äpfel", "Zebra", std::nullopt, "apple", "Äpfel",
                                     "Zebra", "kiwi", "kiwi", "kiwi", "fig"},
                                    {"unused"});
    ProfileOptions options;
    const auto p = Profiler::profileColumn(QStringLiteral("c"), *column, options);
    QCOMPARE(p.kind, ColumnKind::Categorical);
    QCOMPARE(p.count, 10);
    QCOMPARE(p.missing, 1);
    QCOMPARE(p.distinct, 5);
    QCOMPARE(p.top, top({{"kiwi", 3}, {"Zebra", 2}, {"apple", 2}, {"Äpfel", 2}, {"fig", 1}}));
    QVERIFY(std::isnan(p.mean));

    options.topValues = 2;
    QCOMPARE(Profiler::profileColumn(QStringLiteral("c"), *column, options).top,
             top({{"kiwi", 3}, {"Zebra", 2}}));
    options.topValues = 0;
    QVERIFY(Profiler::profileColumn(QStringLiteral("c"), *column, options).top.empty());
}

void TestProfiler::textTopWithTies()
{
    const auto column = text({"b", "a", std::nullopt, "ü", "b", "a", "", "c", "ü", "",
                              "long value "
                              "that crosses eight-byte words",
                              "long value that crosses eight-byte "
                              "words"});
    const auto p = Profiler::profileColumn(QStringLiteral("t"), *column);
    QCOMPARE(p.kind, ColumnKind::Text);
    QCOMPARE(p.count, 11);
    QCOMPARE(p.missing, 1);
    QCOMPARE(p.distinct, 6); // the empty string is a value in a text column
    QVERIFY(p.distinctExact);
    QCOMPARE(p.top, top({{"", 2},
                         {"a", 2},
                         {"b", 2},
                         {"long value that crosses eight-byte words", 2},
                         {"ü", 2},
                         {"c", 1}}));
}

void TestProfiler::distinctBeyondLimit()
{
    ProfileOptions options;
    options.exactDistinctLimit = 1000;

    // Text: 100 000 distinct values, each twice.
    std::vector<std::optional<std::string>> values;
    for (int i = 0; i < 200000; ++i)
        values.push_back("value-" + std::to_string(i % 100000));
    auto p = Profiler::profileColumn(QStringLiteral("t"), *text(values), options);
    QVERIFY(!p.distinctExact);
    QVERIFY2(std::abs(p.distinct - 100000) < 3000, qPrintable(QString::number(p.distinct)));
    QCOMPARE(p.count, 200000);
    // The values seen before the limit keep exact counts.
    QCOMPARE(p.top.front().second, 2);

    // Numeric: 50 000 distinct values.
    std::vector<double> x;
    for (int i = 0; i < 50000; ++i)
        x.push_back(i * 0.37);
    p = Profiler::profileColumn(QStringLiteral("x"), *numeric(x), options);
    QVERIFY(!p.distinctExact);
    QVERIFY2(std::abs(p.distinct - 50000) < 1500, qPrintable(QString::number(p.distinct)));

    // Datetime: 20 000 distinct values.
    std::vector<std::int64_t> ms;
    for (int i = 0; i < 20000; ++i)
        ms.push_back(1'600'000'000'000 + std::int64_t(i) * 86'400'000);
    p = Profiler::profileColumn(QStringLiteral("d"), *std::make_shared<const DatetimeColumn>(ms),
                                options);
    QVERIFY(!p.distinctExact);
    QVERIFY2(std::abs(p.distinct - 20000) < 600, qPrintable(QString::number(p.distinct)));

    // At the limit the count is still exact.
    values.clear();
    for (int i = 0; i < 1000; ++i)
        values.push_back(std::to_string(i));
    p = Profiler::profileColumn(QStringLiteral("t"), *text(values), options);
    QVERIFY(p.distinctExact);
    QCOMPARE(p.distinct, 1000);
    x.assign(1000, 0.0);
    for (int i = 0; i < 1000; ++i)
        x[static_cast<std::size_t>(i)] = i;
    p = Profiler::profileColumn(QStringLiteral("x"), *numeric(x), options);
    QVERIFY(p.distinctExact);
    QCOMPARE(p.distinct, 1000);
}

void TestProfiler::histogramMatchesNumpy()
{
    // numpy 1.24.2: np.histogram([((i*37) % 101) / 7.0 + (i % 3) * 0.5 for i in range(200)],
    // bins="auto") -> 9 bins with these edges (repr) and counts.
    std::vector<double> x;
    for (int i = 0; i < 200; ++i)
        x.push_back(((i * 37) % 101) / 7.0 + (i % 3) * 0.5);
    const auto p = Profiler::profileColumn(QStringLiteral("h"), *numeric(x));
    QCOMPARE(p.histogram.edges,
             (std::vector<double>{0.0, 1.6984126984126986, 3.396825396825397, 5.095238095238096,
                                  6.793650793650794, 8.492063492063494, 10.190476190476192,
                                  11.88888888888889, 13.587301587301589, 15.285714285714286}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{18, 20, 25, 26, 25, 23, 20, 23, 20}));
}

void TestProfiler::histogramCappedAtMaxBins()
{
    // With an outlier numpy's "auto" rule wants 4021 bins; capped at 5 the histogram is numpy's
    // np.histogram(x, bins=5): edges 0, 2000, ..., 10000 and counts 200, 0, 0, 0, 1.
    std::vector<double> x;
    for (int i = 0; i < 200; ++i)
        x.push_back(((i * 37) % 101) / 7.0 + (i % 3) * 0.5);
    x.push_back(1e4);
    ProfileOptions options;
    options.maxHistogramBins = 5;
    auto p = Profiler::profileColumn(QStringLiteral("h"), *numeric(x), options);
    QCOMPARE(p.histogram.edges,
             (std::vector<double>{0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10000.0}));
    QCOMPARE(p.histogram.counts, (std::vector<std::int64_t>{200, 0, 0, 0, 1}));

    options.maxHistogramBins = 100000;
    p = Profiler::profileColumn(QStringLiteral("h"), *numeric(x), options);
    QCOMPARE(p.histogram.counts.size(), std::size_t(4021));
    QCOMPARE(p.histogram.edges.size(), std::size_t(4022));
}

void TestProfiler::correlationsPairwiseComplete()
{
    // pandas 1.5.3: DataFrame(...).corr("pearson") and .corr("spearman") on the numeric columns
    // below (the text column is left out). Each pair uses the rows where both have values; d is
    // constant and e has a single value, so their rows and columns are NaN (diagonal included).
    const Table table(
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("label"), QStringLiteral("c"),
         QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f")},
        {numeric({1, 2, 3, 4, 5, 6, 7, 8}), numeric({2, 1, 4, 3, NaN, 8, 7, 6}),
         text({"x", "y", "x", "y", "x", "y", "x", "y"}), numeric({1, 1, 2, 2, 3, NaN, 3, 1}),
         numeric({5, 5, 5, 5, 5, 5, 5, 5}), numeric({NaN, NaN, NaN, NaN, NaN, NaN, 1, NaN}),
         numeric({0.5, NaN, 0.25, 1e-3, 8, 9, NaN, 2})});
    const double pearson[6][6] = {
        {1.0, 0.856164383561644, 0.38195106429459186, NaN, NaN, 0.4486835354919823},
        {0.856164383561644, 1.0, 0.5991712703227051, NaN, NaN, 0.8732425714276171},
        {0.38195106429459186, 0.5991712703227051, 1.0, NaN, NaN, 0.6800568366893861},
        {NaN, NaN, NaN, NaN, NaN, NaN},
        {NaN, NaN, NaN, NaN, NaN, NaN},
        {0.4486835354919823, 0.8732425714276171, 0.6800568366893861, NaN, NaN, 1.0}};
    const double spearman[6][6] = {
        {1.0, 0.7857142857142857, 0.41576092031014994, NaN, NaN, 0.6},
        {0.7857142857142857, 1.0, 0.6172133998483676, NaN, NaN, 0.7},
        {0.41576092031014994, 0.6172133998483676, 1.0, NaN, NaN, 0.10540925533894598},
        {NaN, NaN, NaN, NaN, NaN, NaN},
        {NaN, NaN, NaN, NaN, NaN, NaN},
        {0.6, 0.7, 0.10540925533894598, NaN, NaN, 1.0}};

    JobContext ctx;
    const auto r = Profiler::profile(table, {}, ctx);
    QVERIFY(r.ok());
    QCOMPARE(r->correlationColumns,
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f")}));
    QCOMPARE(r->pearson.rows(), 6);
    QCOMPARE(r->spearman.cols(), 6);
    for (int i = 0; i < 6; ++i) {
        for (int j = 0; j < 6; ++j) {
            CLOSE(r->pearson(i, j), pearson[i][j]);
            CLOSE(r->spearman(i, j), spearman[i][j]);
        }
    }

    ProfileOptions noCorrelations;
    noCorrelations.correlations = false;
    const auto without = Profiler::profile(table, noCorrelations, ctx);
    QVERIFY(without.ok());
    QCOMPARE(without->pearson.size(), 0);
    QVERIFY(without->correlationColumns.isEmpty());
    QCOMPARE(without->columns.size(), std::size_t(7));
}

void TestProfiler::correlationsLargeMatchDirect()
{
    // Over several row chunks and with missing values in different rows, the blocked products
    // must agree with a plain two-pass computation (and ranks with a sort-based ranking).
    const std::int64_t rows = 150000;
    const Table table = mixedTable(rows);
    JobContext ctx;
    ctx.setThreads(2);
    const auto r = Profiler::profile(table, {}, ctx);
    QVERIFY(r.ok());
    QCOMPARE(r->correlationColumns,
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));

    const auto values = [&](int c) -> const std::vector<double> & {
        return table.numeric(c)->values();
    };
    const auto pearson = [&](int i, int j) {
        std::vector<double> x, y;
        for (std::int64_t k = 0; k < rows; ++k) {
            const double u = values(i)[std::size_t(k)], v = values(j)[std::size_t(k)];
            if (!std::isnan(u) && !std::isnan(v)) {
                x.push_back(u);
                y.push_back(v);
            }
        }
        long double mx = 0, my = 0;
        for (std::size_t k = 0; k < x.size(); ++k) {
            mx += x[k];
            my += y[k];
        }
        mx /= x.size();
        my /= y.size();
        long double sxy = 0, sxx = 0, syy = 0;
        for (std::size_t k = 0; k < x.size(); ++k) {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
        }
        return std::make_tuple(x, y, double(sxy / std::sqrt(sxx * syy)));
    };
    const auto ranks = [](const std::vector<double> &v) {
        std::vector<std::size_t> order(v.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
        std::vector<double> rank(v.size());
        for (std::size_t s = 0; s < order.size();) {
            std::size_t e = s;
            while (e < order.size() && v[order[e]] == v[order[s]])
                ++e;
            for (std::size_t k = s; k < e; ++k)
                rank[order[k]] = (s + 1 + e) / 2.0;
            s = e;
        }
        return rank;
    };
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j <= i; ++j) {
            const auto [x, y, expected] = pearson(i, j);
            CLOSE(r->pearson(i, j), expected);
            const auto rx = ranks(x), ry = ranks(y);
            long double sxy = 0, sxx = 0, syy = 0;
            const long double centre = (rx.size() + 1) / 2.0L;
            for (std::size_t k = 0; k < rx.size(); ++k) {
                sxy += (rx[k] - centre) * (ry[k] - centre);
                sxx += (rx[k] - centre) * (rx[k] - centre);
                syy += (ry[k] - centre) * (ry[k] - centre);
            }
            CLOSE(r->spearman(i, j), double(sxy / std::sqrt(sxx * syy)));
            QCOMPARE(r->spearman(i, j), r->spearman(j, i));
        }
    }
}

void TestProfiler::correlationsKeepPrecision()
{
    // Where y has values (the last 300 rows), x sits near 1e8 with a spread of 3, far from the
    // middle of x (near 0.5): sums around that middle would lose the digits, so the pair is
    // computed again from its own means. Over the same rows z is constant (0.1, which no shift
    // represents exactly): NaN, not rounding noise. Expected: pandas 1.5.3, DataFrame.corr().
    std::vector<double> x, y, z;
    for (int i = 0; i < 1000; ++i) {
        x.push_back(i < 700 ? i * 0.001 : 1e8 + (i % 7) * 0.5);
        y.push_back(i < 700 ? NaN : (i % 7) + (i % 3) * 0.25);
        z.push_back(i < 700 ? double(i) : 0.1);
    }
    JobContext ctx;
    const auto r =
        Profiler::profile(Table({QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")},
                                {numeric(x), numeric(y), numeric(z)}),
                          {}, ctx);
    QVERIFY(r.ok());
    const double pearson[3][3] = {{1.0, 0.9948061967021412, -0.6876258369417321},
                                  {0.9948061967021412, 1.0, NaN},
                                  {-0.6876258369417321, NaN, 1.0}};
    const double spearman[3][3] = {{1.0, 0.9908687475200404, -0.287934695342635},
                                   {0.9908687475200404, 1.0, NaN},
                                   {-0.287934695342635, NaN, 1.0}};
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            CLOSE(r->pearson(i, j), pearson[i][j]);
            CLOSE(r->spearman(i, j), spearman[i][j]);
        }
    }
}

void TestProfiler::cancel()
{
    {
        JobContext ctx;
        ctx.cancel();
        const Table table = mixedTable(2000);
        const auto r = Profiler::profile(table, {}, ctx);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("canceled"));
    }
    // Canceled from the progress callback in the middle of the work: first while profiling the
    // columns (the first 70% of the progress), then while correlating. The callback is called at
    // most every 50 ms, so it sleeps 60 ms each time to see every later report.
    const Table table = mixedTable(3000);
    for (const double cancelAbove : {0.0, 0.71}) {
        for (const int threads : {1, 2}) {
            JobContext ctx;
            ctx.setThreads(threads);
            std::mutex mutex;
            double canceledAt = -1.0;
            ctx.setProgressCallback([&](double fraction, const QString &) {
                {
                    std::lock_guard lock(mutex);
                    if (fraction > cancelAbove && canceledAt < 0.0) {
                        canceledAt = fraction;
                        ctx.cancel();
                    }
                }
                QThread::msleep(60);
            });
            const auto r = Profiler::profile(table, {}, ctx);
            QVERIFY2(canceledAt > cancelAbove && canceledAt < 1.0,
                     qPrintable(QString::number(canceledAt)));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().message, QStringLiteral("canceled"));
        }
    }
    {
        JobContext ctx;
        ctx.setThreads(1); // with more, two workers may report out of order
        QList<double> reported;
        ctx.setProgressCallback(
            [&reported](double fraction, const QString &) { reported << fraction; });
        const auto r = Profiler::profile(table, {}, ctx);
        QVERIFY(r.ok());
        QCOMPARE(ctx.progress(), 1.0);
        QCOMPARE(reported.last(), 1.0);
        QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    }
}

void TestProfiler::sameResultWithOneOrTwoThreads()
{
    const Table table = mixedTable(200000); // several correlation chunks
    JobContext one, two;
    one.setThreads(1);
    two.setThreads(2);
    const auto a = Profiler::profile(table, {}, one);
    const auto b = Profiler::profile(table, {}, two);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->columns.size(), b->columns.size());
    for (std::size_t c = 0; c < a->columns.size(); ++c)
        QVERIFY2(sameProfile(a->columns[c], b->columns[c]), qPrintable(a->columns[c].name));
    QVERIFY(sameMatrix(a->pearson, b->pearson));
    QVERIFY(sameMatrix(a->spearman, b->spearman));
    QCOMPARE(a->correlationColumns, b->correlationColumns);
    // And the same as each column profiled on its own.
    for (int c = 0; c < table.columnCount(); ++c)
        QVERIFY(sameProfile(a->columns[std::size_t(c)],
                            Profiler::profileColumn(table.columnName(c), *table.column(c))));
}

void TestProfiler::datasets_data()
{
    QTest::addColumn<QString>("dataset");
    for (const char *name : {"iris", "breast_cancer", "wine", "diabetes", "customer_churn"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestProfiler::datasets()
{
    QFETCH(QString, dataset);
    const QJsonObject fixture = readFixture(dataset);
    QVERIFY2(!fixture.isEmpty(),
             "missing fixture: run tests/data/reference/make_profile_reference.py");

    const auto read = CsvReader::readFile(
        QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/%1.csv").arg(dataset));
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
    const Table &table = read->table;

    ProfileOptions options;
    options.topValues = 1'000'000;        // every value, to compare with value_counts()
    options.maxHistogramBins = 1'000'000; // numpy's "auto" has no cap
    JobContext ctx;
    ctx.setThreads(2);
    const auto result = Profiler::profile(table, options, ctx);
    QVERIFY(result.ok());
    const TableProfile &profile = *result;

    QCOMPARE(profile.rows, fixture[QStringLiteral("rows")].toInteger());
    const QJsonArray columns = fixture[QStringLiteral("columns")].toArray();
    QCOMPARE(profile.columns.size(), std::size_t(columns.size()));

    const auto compareHistogram = [](const Histogram &h, const QJsonObject &expected) {
        const QJsonArray edges = expected[QStringLiteral("edges")].toArray();
        const QJsonArray counts = expected[QStringLiteral("counts")].toArray();
        if (h.edges.size() != std::size_t(edges.size()) ||
            h.counts.size() != std::size_t(counts.size()))
            return false;
        for (qsizetype i = 0; i < edges.size(); ++i) {
            if (!close(h.edges[std::size_t(i)], edges[i].toDouble()))
                return false;
        }
        for (qsizetype i = 0; i < counts.size(); ++i) {
            if (h.counts[std::size_t(i)] != counts[i].toInteger())
                return false;
        }
        return true;
    };

    for (qsizetype c = 0; c < columns.size(); ++c) {
        const QJsonObject e = columns[c].toObject();
        const ColumnProfile &p = profile.columns[std::size_t(c)];
        const QString name = e[QStringLiteral("name")].toString();
        const QString dtype = e[QStringLiteral("dtype")].toString();
        const QByteArray where = (dataset + QLatin1Char('.') + name).toUtf8();
        QVERIFY2(p.name == name, where.constData());
        QVERIFY2(p.count == e[QStringLiteral("count")].toInteger(), where.constData());
        QVERIFY2(p.missing == e[QStringLiteral("missing")].toInteger(), where.constData());
        QVERIFY2(p.distinct == e[QStringLiteral("distinct")].toInteger(), where.constData());
        QVERIFY2(p.distinctExact, where.constData());

        if (dtype == QLatin1String("float64") || dtype == QLatin1String("int64")) {
            QVERIFY2(p.kind == ColumnKind::Numeric, where.constData());
            const std::pair<double, const char *> stats[] = {
                {p.mean, "mean"},     {p.std, "std"}, {p.min, "min"}, {p.q1, "q1"},
                {p.median, "median"}, {p.q3, "q3"},   {p.max, "max"}, {p.skewness, "skewness"}};
            for (const auto &[actual, key] : stats) {
                const double expected = jsonNumber(e[QLatin1String(key)]);
                QVERIFY2(close(actual, expected),
                         qPrintable(QStringLiteral("%1.%2: %3, pandas %4")
                                        .arg(QString::fromUtf8(where), QLatin1String(key))
                                        .arg(actual, 0, 'g', 17)
                                        .arg(expected, 0, 'g', 17)));
            }
            QVERIFY2(p.zeros == e[QStringLiteral("zeros")].toInteger(), where.constData());
            QVERIFY2(compareHistogram(p.histogram, e[QStringLiteral("histogram")].toObject()),
                     where.constData());
        } else if (dtype == QLatin1String("datetime")) {
            QVERIFY2(p.kind == ColumnKind::Datetime, where.constData());
            QVERIFY2(p.minTime == e[QStringLiteral("min_ms")].toInteger(), where.constData());
            QVERIFY2(p.maxTime == e[QStringLiteral("max_ms")].toInteger(), where.constData());
            QVERIFY2(compareHistogram(p.histogram, e[QStringLiteral("histogram")].toObject()),
                     where.constData());
        } else {
            // Strings: every value with its count (pandas' order among ties is not relied on).
            QVERIFY2(p.kind == ColumnKind::Categorical || p.kind == ColumnKind::Text ||
                         p.kind == ColumnKind::Boolean,
                     where.constData());
            const QJsonArray counts = e[QStringLiteral("value_counts")].toArray();
            QVERIFY2(p.top.size() == std::size_t(counts.size()), where.constData());
            if (p.kind == ColumnKind::Boolean) {
                // Yes / No read as booleans: the same counts, under true / false.
                std::multiset<std::int64_t> expected, actual;
                for (const auto &vc : counts)
                    expected.insert(vc.toArray()[1].toInteger());
                for (const auto &[value, count] : p.top)
                    actual.insert(count);
                QVERIFY2(expected == actual, where.constData());
            } else {
                std::map<QString, std::int64_t> expected;
                for (const auto &vc : counts)
                    expected[vc.toArray()[0].toString()] = vc.toArray()[1].toInteger();
                std::map<QString, std::int64_t> actual(p.top.begin(), p.top.end());
                QVERIFY2(expected == actual, where.constData());
            }
            for (std::size_t i = 1; i < p.top.size(); ++i) {
                const auto &a = p.top[i - 1], &b = p.top[i];
                QVERIFY2(a.second > b.second ||
                             (a.second == b.second && a.first.toUtf8() < b.first.toUtf8()),
                         where.constData());
            }
        }
    }

    // Kinds the reader is expected to give, and what the profile then says.
    const auto kindOf = [&](const char *column) {
        const int index = table.indexOf(QLatin1String(column));
        return index < 0 ? std::optional<ColumnKind>() : std::optional(table.kind(index));
    };
    if (dataset == QLatin1String("iris"))
        QCOMPARE(kindOf("species"), std::optional(ColumnKind::Categorical));
    if (dataset == QLatin1String("customer_churn")) {
        QCOMPARE(kindOf("customer_id"), std::optional(ColumnKind::Text));
        QCOMPARE(kindOf("signup_date"), std::optional(ColumnKind::Datetime));
        QCOMPARE(kindOf("region"), std::optional(ColumnKind::Categorical));
        QCOMPARE(kindOf("monthly_charges"), std::optional(ColumnKind::Numeric));
        QCOMPARE(profile.columns[std::size_t(table.indexOf(QStringLiteral("region")))].missing,
                 184);
        QCOMPARE(
            profile.columns[std::size_t(table.indexOf(QStringLiteral("monthly_charges")))].missing,
            91);
    }

    // Correlations over the numeric columns, in table order.
    QStringList expectedColumns;
    for (const auto &v : fixture[QStringLiteral("correlation_columns")].toArray())
        expectedColumns << v.toString();
    QCOMPARE(profile.correlationColumns, expectedColumns);
    for (const char *method : {"pearson", "spearman"}) {
        const QJsonArray rows = fixture[QLatin1String(method)].toArray();
        const Eigen::MatrixXd &m =
            QByteArray(method) == "pearson" ? profile.pearson : profile.spearman;
        QCOMPARE(m.rows(), Eigen::Index(rows.size()));
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonArray row = rows[i].toArray();
            for (qsizetype j = 0; j < row.size(); ++j) {
                QVERIFY2(close(m(i, j), jsonNumber(row[j])),
                         qPrintable(QStringLiteral("%1 %2 (%3, %4): %5, pandas %6")
                                        .arg(dataset, QLatin1String(method), expectedColumns[i],
                                             expectedColumns[j])
                                        .arg(m(i, j), 0, 'g', 17)
                                        .arg(jsonNumber(row[j]), 0, 'g', 17)));
            }
        }
    }
}

QTEST_GUILESS_MAIN(TestProfiler)
#include "tst_profiler.moc"

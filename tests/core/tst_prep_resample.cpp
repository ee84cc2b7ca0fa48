// Rebalancing classes: sizes per class, determinism, where SMOTE puts its rows, bad input.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "prep/Resample.h"
#include "table/NumericColumn.h"

#include <QTest>

#include <map>
#include <numeric>

using namespace flowline::core;
using namespace flowline::core::prep;

namespace {

// Iris with the classes made uneven: 50 setosa, 50 versicolor, 10 virginica.
Table unevenIris()
{
    JobContext ctx;
    auto r = CsvReader::readFile(QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/iris.csv"), {},
                                 ctx);
    if (!r)
        return {};
    std::vector<std::int64_t> rows(110);
    std::iota(rows.begin(), rows.end(), 0);
    return r->table.take(rows);
}

std::map<QString, int> counts(const Table &t)
{
    std::map<QString, int> c;
    const auto &species = t.column(t.indexOf(QStringLiteral("species")));
    for (std::int64_t r = 0; r < t.rowCount(); ++r)
        ++c[species->displayValue(r)];
    return c;
}

const QStringList kFeatures{QStringLiteral("sepal_length"), QStringLiteral("sepal_width"),
                            QStringLiteral("petal_length"), QStringLiteral("petal_width")};

} // namespace

class TestPrepResample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void undersampleAndOversampleEvenTheClasses()
    {
        const Table t = unevenIris();
        QCOMPARE(counts(t)[QStringLiteral("virginica")], 10);
        JobContext ctx;
        ResampleSpec spec;
        spec.target = QStringLiteral("species");
        spec.method = ResampleMethod::Undersample;
        auto under = resample(t, spec, ctx);
        QVERIFY(under);
        for (const auto &[cls, n] : counts(*under))
            QCOMPARE(n, 10);
        spec.method = ResampleMethod::Oversample;
        auto over = resample(t, spec, ctx);
        QVERIFY(over);
        for (const auto &[cls, n] : counts(*over))
            QCOMPARE(n, 50);
        // Oversampling keeps every original row first, then repeats existing rows.
        QCOMPARE(over->rowCount(), std::int64_t(150));
        const auto *x = over->numeric(0);
        for (std::int64_t r = 0; r < t.rowCount(); ++r)
            QCOMPARE(x->value(r), t.numeric(0)->value(r));
    }

    void smoteRowsLieBetweenNearNeighboursOfTheirClass()
    {
        const Table t = unevenIris();
        JobContext ctx;
        ResampleSpec spec;
        spec.target = QStringLiteral("species");
        spec.neighbours = 3;
        spec.seed = 11;
        auto out = resample(t, spec, ctx);
        QVERIFY2(out, qPrintable(out ? QString() : out.error().message));
        for (const auto &[cls, n] : counts(*out))
            QCOMPARE(n, 50);
        // The 10 original virginica rows.
        std::vector<std::array<double, 4>> originals;
        for (std::int64_t r = 100; r < 110; ++r) {
            std::array<double, 4> p{};
            for (int j = 0; j < 4; ++j)
                p[static_cast<std::size_t>(j)] = t.numeric(t.indexOf(kFeatures[j]))->value(r);
            originals.push_back(p);
        }
        const auto dist2 = [](const std::array<double, 4> &a, const std::array<double, 4> &b) {
            double s = 0;
            for (std::size_t j = 0; j < 4; ++j)
                s += (a[j] - b[j]) * (a[j] - b[j]);
            return s;
        };
        // Every synthetic row is a + u (b - a), b one of the 3 nearest neighbours of a.
        for (std::int64_t r = t.rowCount(); r < out->rowCount(); ++r) {
            std::array<double, 4> p{};
            for (int j = 0; j < 4; ++j)
                p[static_cast<std::size_t>(j)] = out->numeric(out->indexOf(kFeatures[j]))->value(r);
            bool explained = false;
            for (std::size_t a = 0; a < originals.size() && !explained; ++a) {
                std::vector<std::size_t> order(originals.size());
                std::iota(order.begin(), order.end(), 0);
                order.erase(order.begin() + static_cast<std::ptrdiff_t>(a));
                std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
                    const double di = dist2(originals[a], originals[i]);
                    const double dj = dist2(originals[a], originals[j]);
                    return di != dj ? di < dj : i < j;
                });
                for (std::size_t k = 0; k < 3 && !explained; ++k) {
                    const auto &A = originals[a], &B = originals[order[k]];
                    double u = -1;
                    bool onSegment = true;
                    for (std::size_t j = 0; j < 4 && onSegment; ++j) {
                        const double span = B[j] - A[j];
                        if (std::abs(span) < 1e-12) {
                            onSegment = std::abs(p[j] - A[j]) < 1e-12;
                        } else {
                            const double uj = (p[j] - A[j]) / span;
                            onSegment = uj >= -1e-12 && uj < 1 + 1e-12 &&
                                        (u < 0 || std::abs(uj - u) < 1e-9);
                            u = uj;
                        }
                    }
                    explained = onSegment;
                }
            }
            QVERIFY2(explained, qPrintable(QStringLiteral("synthetic row %1").arg(r)));
        }
    }

    void sameSeedSameRowsWhateverTheThreads()
    {
        const Table t = unevenIris();
        ResampleSpec spec;
        spec.target = QStringLiteral("species");
        JobContext one, two;
        one.setThreads(1);
        two.setThreads(2);
        auto a = resample(t, spec, one);
        auto b = resample(t, spec, two);
        QVERIFY(a && b);
        QCOMPARE(a->rowCount(), b->rowCount());
        for (int c = 0; c < 4; ++c)
            QVERIFY(a->numeric(c)->vector() == b->numeric(c)->vector());
        spec.seed = 43;
        auto other = resample(t, spec, one);
        QVERIFY(!(other->numeric(0)->vector() == a->numeric(0)->vector()));
    }

    void badInputIsAClearError()
    {
        const Table t = unevenIris();
        JobContext ctx;
        ResampleSpec spec;
        QVERIFY(!resample(t, spec, ctx)); // no class column
        spec.target = QStringLiteral("nope");
        auto missing = resample(t, spec, ctx);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("nope")));
        spec.target = QStringLiteral("species");
        auto oneClass = resample(t.slice(0, 50), spec, ctx);
        QVERIFY(!oneClass);
        QVERIFY(oneClass.error().message.contains(QStringLiteral("two classes")));
        // A feature with a missing value is refused, naming it.
        std::vector<double> withGap(static_cast<std::size_t>(t.rowCount()), 1.0);
        withGap[3] = std::nan("");
        const Table gappy =
            t.withColumn(QStringLiteral("gap"), std::make_shared<NumericColumn>(withGap));
        auto refused = resample(gappy, spec, ctx);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("'gap'")));
        // A class with a single row has no neighbour to interpolate towards.
        std::vector<std::int64_t> rows(101);
        std::iota(rows.begin(), rows.end(), 0);
        auto lonely = resample(t.take(rows), spec, ctx);
        QVERIFY(!lonely);
        QVERIFY(lonely.error().message.contains(QStringLiteral("single row")));
    }
};

QTEST_GUILESS_MAIN(TestPrepResample)
#include "tst_prep_resample.moc"

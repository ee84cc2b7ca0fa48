// The value parsers behind type inference: numbers bit-exact with from_chars, dates, booleans,
// missing tokens.

#include "io/csv/ValueParsers.h"

#include <QRandomGenerator>
#include <QtTest>

#include <charconv>
#include <cmath>
#include <cstring>

using namespace flowline::core::csv;

namespace {

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

double reference(const std::string &s)
{
    double v = 0;
    const char *first = s.data();
    if (*first == '+')
        ++first;
    std::from_chars(first, s.data() + s.size(), v);
    return v;
}

} // namespace

class TestValueParsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbersMatchFromCharsBitForBit()
    {
        // The fast path must round exactly like from_chars for every spelling it accepts.
        QRandomGenerator rng(2026);
        const NumberSyntax plain;
        char buf[64];
        for (int i = 0; i < 200000; ++i) {
            const double magnitude = std::pow(10.0, rng.bounded(-30, 30));
            const double v = (rng.generateDouble() * 2 - 1) * magnitude;
            std::string s;
            switch (i % 4) {
            case 0: { // shortest round trip
                const auto r = std::to_chars(buf, buf + sizeof buf, v);
                s.assign(buf, r.ptr);
                break;
            }
            case 1: { // fixed, some decimals
                const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed,
                                             rng.bounded(0, 12));
                s.assign(buf, r.ptr);
                break;
            }
            case 2: { // scientific
                const auto r = std::to_chars(buf, buf + sizeof buf, v,
                                             std::chars_format::scientific, rng.bounded(0, 17));
                s.assign(buf, r.ptr);
                break;
            }
            default: { // random digit strings, up to 25 digits, with a point somewhere
                const int n = rng.bounded(1, 26);
                const int point = rng.bounded(2) ? rng.bounded(n + 1) : -1;
                if (rng.bounded(2))
                    s.push_back(rng.bounded(2) ? '-' : '+');
                for (int k = 0; k < n; ++k) {
                    if (k == point)
                        s.push_back('.');
                    s.push_back(static_cast<char>('0' + rng.bounded(10)));
                }
                if (point == n)
                    s.push_back('.');
            }
            }
            double got = 0;
            QVERIFY2(parseNumber(s, plain, got), s.c_str());
            QVERIFY2(sameBits(got, reference(s)), s.c_str());
        }
    }

    void numberSpellings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("value");
        QTest::newRow("int") << "42" << true << 42.0;
        QTest::newRow("spaces") << "  -3.5 " << true << -3.5;
        QTest::newRow("plus") << "+7" << true << 7.0;
        QTest::newRow("leading point") << ".25" << true << 0.25;
        QTest::newRow("trailing point") << "5." << true << 5.0;
        QTest::newRow("exponent") << "1.5E-3" << true << 0.0015;
        QTest::newRow("leading zeros") << "007" << true << 7.0;
        QTest::newRow("many leading zeros") << "0000000000000000000000012.5" << true << 12.5;
        QTest::newRow("inf") << "INF" << true << qInf();
        QTest::newRow("-infinity") << "-Infinity" << true << -qInf();
        QTest::newRow("empty") << "" << false << 0.0;
        QTest::newRow("sign only") << "-" << false << 0.0;
        QTest::newRow("double sign") << "+-1" << false << 0.0;
        QTest::newRow("exponent without digits") << "1e" << false << 0.0;
        QTest::newRow("hex") << "0x10" << false << 0.0;
        QTest::newRow("percent") << "95%" << false << 0.0;
        QTest::newRow("currency") << "$4.00" << false << 0.0;
        QTest::newRow("two points") << "1.2.3" << false << 0.0;
        QTest::newRow("comma") << "1,5" << false << 0.0;
        QTest::newRow("inner space") << "1 000" << false << 0.0;
    }

    void numberSpellings()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(double, value);
        double v = 0;
        const std::string s = text.toStdString();
        QCOMPARE(parseNumber(s, NumberSyntax{}, v), ok);
        if (ok)
            QCOMPARE(v, value);
    }

    void decimalCommaAndThousands()
    {
        double v = 0;
        QVERIFY(parseNumber("1.234.567,89", NumberSyntax{true, '.'}, v));
        QCOMPARE(v, 1234567.89);
        QVERIFY(parseNumber("3,5", NumberSyntax{true, 0}, v));
        QCOMPARE(v, 3.5);
        QVERIFY(!parseNumber("3.5", NumberSyntax{true, 0}, v));
        QVERIFY(parseNumber("1 000 000", NumberSyntax{false, ' '}, v));
        QCOMPARE(v, 1e6);
    }

    void booleans()
    {
        std::int8_t b = -1;
        QVERIFY(parseBoolean("TRUE", b) && b == 1);
        QVERIFY(parseBoolean("false", b) && b == 0);
        QVERIFY(parseBoolean("False", b) && b == 0);
        QVERIFY(!parseBoolean("yes", b));
        QVERIFY(!parseBoolean("1", b));
    }

    void dates()
    {
        std::int64_t ms = 0;
        QVERIFY(parseDatetime("1970-01-01", DateLayout::Iso, ms));
        QCOMPARE(ms, 0);
        QVERIFY(parseDatetime("2000-02-29T23:59:59.5", DateLayout::Iso, ms));
        QCOMPARE(
            ms, QDateTime(QDate(2000, 2, 29), QTime(23, 59, 59, 500), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(parseDatetime("2024-06-01T12:00:00+02:00", DateLayout::Iso, ms));
        QCOMPARE(ms, QDateTime(QDate(2024, 6, 1), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(parseDatetime("1969-12-31 23:00", DateLayout::Iso, ms));
        QCOMPARE(ms, -3'600'000);
        QVERIFY(parseDatetime("1600-03-01", DateLayout::Iso, ms));
        QCOMPARE(ms, QDateTime(QDate(1600, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(!parseDatetime("1900-02-29", DateLayout::Iso, ms)); // not a leap year
        QVERIFY(!parseDatetime("2024-13-01", DateLayout::Iso, ms));
        QVERIFY(!parseDatetime("2024-01-01T25:00", DateLayout::Iso, ms));
        QVERIFY(!parseDatetime("2024-01-01 10:00 junk", DateLayout::Iso, ms));
        QVERIFY(parseDatetime("12/31/1999", DateLayout::Mdy, ms));
        QVERIFY(!parseDatetime("31/12/1999", DateLayout::Mdy, ms));
        QVERIFY(parseDatetime("31/12/1999", DateLayout::Dmy, ms));
        QVERIFY(parseDatetime("31.12.1999", DateLayout::DmyDot, ms));
        QVERIFY(parseDatetime("1999/12/31 08:15:00", DateLayout::YmdSlash, ms));
        QCOMPARE(daysFromCivil(2000, 3, 1), std::int64_t(11017));
    }

    void missingTokens()
    {
        const MissingTokens t({QString(), QStringLiteral("NA"), QStringLiteral("n/a")});
        QVERIFY(t.matches(""));
        QVERIFY(t.matches("NA"));
        QVERIFY(t.matches("n/a"));
        QVERIFY(!t.matches("na"));
        QVERIFY(!t.matches("NAN"));
        QVERIFY(!t.matches("N"));
        const MissingTokens none({QStringLiteral("-")});
        QVERIFY(!none.matches(""));
        QVERIFY(none.matches("-"));
    }
};

QTEST_GUILESS_MAIN(TestValueParsers)
#include "tst_valueparsers.moc"

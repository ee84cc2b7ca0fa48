// A CSV file whose table would not fit in memory is refused before parsing, with the estimate
// in the message; the automatic limit (the memory available) lets ordinary files through.

#include "io/CsvReader.h"
#include "jobs/JobContext.h"

#include <QRegularExpression>
#include <QtTest>

#include <cmath>

using namespace flowline::core;

namespace {

// 40,000 rows × 5 numeric columns, about 1.3 MB.
QByteArray numbers()
{
    QByteArray csv = "a,b,c,d,e\n";
    for (int i = 0; i < 40000; ++i)
        csv += QByteArray::number(i) + ",1.25,-3.5," + QByteArray::number(i * 7) + ",0.001\n";
    return csv;
}

} // namespace

class TestCsvMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusedEarlyWithTheEstimate()
    {
        CsvOptions options;
        options.memoryLimitBytes = 512 * 1024; // the table needs 40,000 × 5 × 8 = 1.6 MB
        JobContext ctx;
        auto read = CsvReader::readBytes(numbers(), options, ctx, QStringLiteral("big.csv"));
        QVERIFY(!read);
        const QString message = read.error().toString();
        QVERIFY2(message.startsWith(QStringLiteral("big.csv")), qPrintable(message));
        // "the table would need about 1.5 MiB of memory (about 40074 rows × 5 columns), more
        // than the 0.5 MiB allowed; ..." — the rows estimated from the first MiB, within 1 %.
        const QRegularExpression shape(QStringLiteral(
            R"(the table would need about ([0-9.]+) MiB of memory \(about ([0-9]+) rows × 5 )"
            R"(columns\), more than the 0.5 MiB allowed)"));
        const auto match = shape.match(message);
        QVERIFY2(match.hasMatch(), qPrintable(message));
        QVERIFY2(std::abs(match.captured(2).toDouble() - 40000) < 400, qPrintable(message));
        QVERIFY2(std::abs(match.captured(1).toDouble() - 1.5) < 0.1, qPrintable(message));
        // Nothing was parsed: no progress beyond the header.
        QVERIFY(ctx.progress() < 0.5);
    }

    void aPartFitsAndNoLimitReadsAll()
    {
        JobContext ctx;
        CsvOptions options;
        options.memoryLimitBytes = 512 * 1024;
        options.maxRows = 1000; // 1000 × 5 × 8 bytes: well under the limit
        auto part = CsvReader::readBytes(numbers(), options, ctx, QStringLiteral("big.csv"));
        QVERIFY2(part, part ? "" : qPrintable(part.error().toString()));
        QCOMPARE(part->table.rowCount(), 1000);
        options.maxRows = -1;
        options.memoryLimitBytes = 0; // no check
        auto all = CsvReader::readBytes(numbers(), options, ctx, QStringLiteral("big.csv"));
        QVERIFY(all);
        QCOMPARE(all->table.rowCount(), 40000);
        options.memoryLimitBytes = -1; // the memory available: plenty for 1.6 MB
        auto automatic = CsvReader::readBytes(numbers(), options, ctx, QStringLiteral("big.csv"));
        QVERIFY(automatic);
        QCOMPARE(automatic->table.rowCount(), 40000);
    }
};

QTEST_GUILESS_MAIN(TestCsvMemory)
#include "tst_csv_memory.moc"

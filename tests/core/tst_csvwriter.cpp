// CsvWriter: what it writes reads back to the same Table; saving is atomic.

#include "TestTables.h"
#include "io/CsvReader.h"
#include "io/CsvWriter.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace flowline::core;
using flowline::tests::sameTable;

namespace {

Table awkward()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto num = std::make_shared<const NumericColumn>(
        std::vector<double>{0.1, 1e300, -2.5e-308, nan, 123456789012345678.0, -0.0, 1.0 / 3.0});
    auto dict = std::make_shared<const CategoricalColumn::Dictionary>(
        CategoricalColumn::Dictionary{"", "NA", "a,b", "say \"hi\"", "two\nlines", " padded "});
    auto cat = std::make_shared<const CategoricalColumn>(
        std::vector<std::int32_t>{0, 1, 2, 3, 4, 5, -1}, dict);
    TextColumnBuilder tb;
    for (const char *s :
         {"plain", "", "comma, inside", "quote \" inside", "crlf\r\ninside", "日本語のテキスト"})
        tb.append(s);
    tb.appendMissing();
    auto when = std::make_shared<const DatetimeColumn>(
        std::vector<std::int64_t>{0, 1'700'000'000'000, 1'700'000'000'123, DatetimeColumn::kMissing,
                                  -86'400'000, 86'400'000, 951'782'400'000});
    auto flag =
        std::make_shared<const BooleanColumn>(std::vector<std::int8_t>{1, 0, -1, 1, 1, 0, 0});
    return Table({"num", "cat", "text, with comma", "when", "flag"},
                 {num, cat, tb.finish(), when, flag});
}

CsvOptions kindsOf(const Table &t)
{
    CsvOptions o;
    for (int c = 0; c < t.columnCount(); ++c)
        o.columnKinds[t.columnName(c)] = t.kind(c);
    return o;
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsAwkwardValues()
    {
        const Table t = awkward();
        for (bool crlf : {false, true}) {
            CsvWriteOptions w;
            w.crlf = crlf;
            const QByteArray bytes = CsvWriter::toBytes(t, w);
            auto r = CsvReader::readBytes(bytes, kindsOf(t));
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            QString why;
            QVERIFY2(sameTable(t, r->table, &why), qPrintable(why));
        }
    }

    void roundTripsWithInferenceOnTypicalData()
    {
        // Without telling the reader the kinds, inference gets them back too.
        auto r = CsvReader::readFile(
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/customer_churn.csv"));
        QVERIFY(r.ok());
        const QByteArray bytes = CsvWriter::toBytes(r->table);
        auto back = CsvReader::readBytes(bytes);
        QVERIFY(back.ok());
        QString why;
        QVERIFY2(sameTable(r->table, back->table, &why), qPrintable(why));
    }

    void otherDelimiterAndMissingText()
    {
        CsvWriteOptions w;
        w.delimiter = ';';
        w.missing = QStringLiteral("NA");
        const QByteArray bytes = CsvWriter::toBytes(awkward(), w);
        QVERIFY(bytes.startsWith(
            "num;cat;text, with comma;when;flag\n0.1;\"\";plain;1970-01-01;true\n"));
        QVERIFY(bytes.contains("\n1e+300;\"NA\";"));         // the category "NA" is quoted
        QVERIFY(bytes.contains("\nNA;\"say \"\"hi\"\"\";")); // the missing number is not
        CsvOptions o = kindsOf(awkward());
        auto r = CsvReader::readBytes(bytes, o);
        QVERIFY(r.ok());
        QCOMPARE(r->delimiter, ';');
        QString why;
        QVERIFY2(sameTable(awkward(), r->table, &why), qPrintable(why));
    }

    void saveIsAtomic()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QVERIFY(CsvWriter::writeFile(path, awkward()).ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), CsvWriter::toBytes(awkward()));
        f.close();
        // A directory that does not exist: an error, and nothing is left behind.
        const QString bad = dir.filePath(QStringLiteral("no/such/dir/out.csv"));
        auto r = CsvWriter::writeFile(bad, awkward());
        QVERIFY(!r.ok());
        QVERIFY(r.error().toString().startsWith(bad + QStringLiteral(": cannot write the file")));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("out.csv")});
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"

// CsvReader: dialects, inference, options, and every kind of bad input.

#include "TestTables.h"
#include "io/CsvReader.h"
#include "jobs/JobContext.h"
#include "table/CategoricalColumn.h"
#include "table/DatetimeColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline::core;
using flowline::tests::kinds;
using flowline::tests::sameTable;
using flowline::tests::tableRows;

namespace {

CsvReadResult readOk(const QByteArray &bytes, const CsvOptions &options = {})
{
    auto r = CsvReader::readBytes(bytes, options);
    if (!r.ok())
        qWarning("unexpected error: %s", qPrintable(r.error().toString()));
    return r.ok() ? r.value() : CsvReadResult{};
}

QString readError(const QByteArray &bytes, const CsvOptions &options = {})
{
    auto r = CsvReader::readBytes(bytes, options);
    return r.ok() ? QStringLiteral("<no error>") : r.error().toString();
}

CsvOptions smallChunks(std::int64_t bytes = 1024)
{
    CsvOptions o;
    o.chunkBytes = bytes;
    return o;
}

// A deterministic mixed table as CSV text, with quotes and line breaks inside fields.
QByteArray generatedCsv(int rows, bool withQuotes, const char *eol = "\n")
{
    QByteArray out = "id,x,label,note,when,flag";
    out += eol;
    QRandomGenerator rng(42);
    for (int i = 0; i < rows; ++i) {
        out += QByteArray::number(i) + ',';
        if (rng.bounded(20) == 0)
            out += "NA";
        else
            out += QByteArray::number(rng.generateDouble() * 1000 - 500, 'g', 17);
        out += ',';
        out += QByteArray("abcde").mid(rng.bounded(5), 1);
        out += ',';
        if (withQuotes && i % 7 == 0)
            out += "\"line one\nline \"\"two\"\", end\"";
        else
            out += "note " + QByteArray::number(rng.bounded(100000));
        out += ',';
        out += QStringLiteral("2024-%1-%2")
                   .arg(1 + i % 12, 2, 10, QLatin1Char('0'))
                   .arg(1 + i % 28, 2, 10, QLatin1Char('0'))
                   .toUtf8();
        out += ',';
        out += (i % 3 == 0) ? "true" : "false";
        out += eol;
    }
    return out;
}

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void infersKinds()
    {
        const auto r =
            readOk("a,b,c,d,e\n1,x,true,2024-01-02,hello world\n2.5,y,false,2024-02-03 10:20:30,"
                   "other text\n-3e2,x,TRUE,,third\n");
        QCOMPARE(r.table.rowCount(), 3);
        // Three distinct strings in three rows: few enough to be categories.
        QCOMPARE(kinds(r.table),
                 QStringLiteral("numeric,categorical,boolean,datetime,categorical"));
        QCOMPARE(r.table.numeric(0)->value(2), -300.0);
        const auto &when = static_cast<const DatetimeColumn &>(*r.table.column(3));
        QCOMPARE(when.value(0),
                 QDateTime(QDate(2024, 1, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(when.value(1),
                 QDateTime(QDate(2024, 2, 3), QTime(10, 20, 30), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(when.isMissing(2));
        QCOMPARE(r.delimiter, ',');
        QVERIFY(r.hasHeader);
    }

    void numericColumnIsAnEigenMapWithoutCopy()
    {
        const auto r = readOk("v\n1\n2\n3\n");
        const auto *col = r.table.numeric(0);
        QVERIFY(col);
        QCOMPARE(col->vector().data(), col->data());
        QCOMPARE(col->vector().sum(), 6.0);
    }

    void quoting_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QStringList>("rows");
        QTest::newRow("delimiter in quotes")
            << QByteArray("a,b\n\"x,y\",z\n") << QStringList{"a|b", "x,y|z"};
        QTest::newRow("doubled quotes")
            << QByteArray("a,b\n\"say \"\"hi\"\"\",z\n") << QStringList{"a|b", "say \"hi\"|z"};
        QTest::newRow("newline in quotes")
            << QByteArray("a,b\n\"1\n2\",z\n") << QStringList{"a|b", "1\n2|z"};
        QTest::newRow("crlf in quotes")
            << QByteArray("a,b\r\n\"1\r\n2\",z\r\n") << QStringList{"a|b", "1\r\n2|z"};
        QTest::newRow("quoted empty is text")
            << QByteArray("a,b\n\"\",z\nq,w\n") << QStringList{"a|b", "|z", "q|w"};
        QTest::newRow("quoted NA is text")
            << QByteArray("a,b\n\"NA\",z\nNA,w\n") << QStringList{"a|b", "NA|z", "<NA>|w"};
        QTest::newRow("quote inside unquoted field")
            << QByteArray("a,b\n5'10\",z\n") << QStringList{"a|b", "5'10\"|z"};
        QTest::newRow("text after closing quote")
            << QByteArray("a,b\n\"ab\"cd,z\n") << QStringList{"a|b", "abcd|z"};
        QTest::newRow("no final newline") << QByteArray("a,b\n1,2") << QStringList{"a|b", "1|2"};
        QTest::newRow("trailing empty field")
            << QByteArray("a,b\n1,\n") << QStringList{"a|b", "1|<NA>"};
    }

    void quoting()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, rows);
        QCOMPARE(tableRows(readOk(csv).table), rows);
    }

    void lineEndings()
    {
        const auto lf = readOk("a,b\n1,x\n2,y\n").table;
        QString why;
        QVERIFY2(sameTable(lf, readOk("a,b\r\n1,x\r\n2,y\r\n").table, &why), qPrintable(why));
        QVERIFY2(sameTable(lf, readOk("a,b\r1,x\r2,y\r").table, &why), qPrintable(why));
        QVERIFY2(sameTable(lf, readOk("a,b\r\n1,x\n2,y\r").table, &why), qPrintable(why));
    }

    void encodings()
    {
        const QByteArray text = "name,city\nJosé,Zürich\n李,東京\n";
        const auto plain = readOk(text).table;
        QCOMPARE(plain.column(0)->displayValue(1), QStringLiteral("李"));
        QString why;
        const auto bom = readOk("\xEF\xBB\xBF" + text);
        QVERIFY2(sameTable(plain, bom.table, &why), qPrintable(why));
        QCOMPARE(bom.table.columnName(0), QStringLiteral("name"));

        const QString s = QString::fromUtf8(text);
        QByteArray le("\xFF\xFE", 2), be("\xFE\xFF", 2);
        for (QChar ch : s) {
            const ushort u = ch.unicode();
            le.append(char(u & 0xFF)).append(char(u >> 8));
            be.append(char(u >> 8)).append(char(u & 0xFF));
        }
        const auto rle = readOk(le);
        QVERIFY2(sameTable(plain, rle.table, &why), qPrintable(why));
        QCOMPARE(rle.encoding, QStringLiteral("UTF-16LE"));
        QVERIFY2(sameTable(plain, readOk(be).table, &why), qPrintable(why));

        QVERIFY(readError(QByteArray("\xFF\xFE\x00\x00"
                                     "a\x00\x00\x00",
                                     8))
                    .contains(QStringLiteral("UTF-32")));
        QVERIFY(readError(QByteArray("\xFF\xFE"
                                     "a\x00b",
                                     5))
                    .contains(QStringLiteral("UTF-16")));
    }

    void invalidUtf8NamesLineAndColumn()
    {
        QCOMPARE(readError("a,b\n1,ok\n2,caf\xE9\n"),
                 QStringLiteral("<memory>:3:6: invalid UTF-8 (byte 0xE9); if the file is Latin-1, "
                                "read it with that encoding"));
        CsvOptions latin1;
        latin1.encoding = TextEncoding::Latin1;
        QCOMPARE(readOk("a,b\n1,ok\n2,caf\xE9\n", latin1).table.column(1)->displayValue(1),
                 QStringLiteral("café"));
        // Overlong encodings and surrogates are invalid too.
        QVERIFY(readError("a\n\xC0\xAF\n").contains(QStringLiteral("invalid UTF-8")));
        QVERIFY(readError("a\n\xED\xA0\x80\n").contains(QStringLiteral("invalid UTF-8")));
        // Truncated at the end of the file.
        QVERIFY(readError("a\nx\xE6\x9D").contains(QStringLiteral(":2:2: invalid UTF-8")));
        // Deep in a file read in parallel chunks, after valid multi-byte text: exact position.
        QByteArray big = "id,name\n";
        for (int i = 0; i < 3000; ++i)
            big += QByteArray::number(i) + ",caf\xC3\xA9 \xE6\x9D\xB1\n";
        big += "3000,ok\xFFthen\n";
        QCOMPARE(
            readError(big, smallChunks()),
            QStringLiteral("<memory>:3002:8: invalid UTF-8 (byte 0xFF); if the file is Latin-1, "
                           "read it with that encoding"));
    }

    void nulBytes()
    {
        const QString e = readError(QByteArray("a,b\n1,2\n3,\0\n", 12));
        QVERIFY2(e.startsWith(QStringLiteral("<memory>:3:3: NUL byte")), qPrintable(e));
        // The same deep in a file read in parallel chunks.
        QByteArray big = generatedCsv(3000, false);
        big[big.size() - 10] = '\0';
        QVERIFY(readError(big, smallChunks()).contains(QStringLiteral("NUL byte")));
    }

    void delimiterSniffing_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<char>("delimiter");
        QTest::newRow("comma") << QByteArray("a,b,c\n1,2,3\n") << ',';
        QTest::newRow("semicolon") << QByteArray("a;b;c\n1,5;2;3\n4;5;6\n") << ';';
        QTest::newRow("tab") << QByteArray("a\tb\n1\t2\n") << '\t';
        QTest::newRow("pipe") << QByteArray("a|b|c\nx|y|z\n") << '|';
        QTest::newRow("comma in quotes, semicolons outside")
            << QByteArray("a;b\n\"1,2\";3\n\"4,5\";6\n") << ';';
        QTest::newRow("single column") << QByteArray("value\n1\n2\n") << ',';
    }

    void delimiterSniffing()
    {
        QFETCH(QByteArray, csv);
        QFETCH(char, delimiter);
        QCOMPARE(readOk(csv).delimiter, delimiter);
    }

    void delimiterOverride()
    {
        CsvOptions o;
        o.delimiter = ':';
        const auto r = readOk("a:b\n1:2\n", o);
        QCOMPARE(r.table.columnCount(), 2);
    }

    void headerSniffing()
    {
        QVERIFY(readOk("name,age\nann,31\nbob,40\n").hasHeader);
        QVERIFY(!readOk("ann,31\nbob,40\n").hasHeader);
        QVERIFY(readOk("city,region\nParis,IDF\nLyon,ARA\n").hasHeader); // nothing tells: yes
        const auto none = readOk("1,2\n3,4\n");
        QVERIFY(!none.hasHeader);
        QCOMPARE(none.table.columnNames(), (QStringList{"column_1", "column_2"}));
        QCOMPARE(none.table.rowCount(), 2);
        CsvOptions yes;
        yes.header = HeaderMode::Yes;
        QCOMPARE(readOk("1,2\n3,4\n", yes).table.columnNames(), (QStringList{"1", "2"}));
        CsvOptions no;
        no.header = HeaderMode::No;
        QCOMPARE(readOk("name,age\nann,31\n", no).table.rowCount(), 2);
    }

    void emptyAndDuplicateHeaderNames()
    {
        const auto r = readOk("id,,name,id,id\n1,2,3,4,5\n");
        QCOMPARE(r.table.columnNames(), (QStringList{"id", "column_2", "name", "id_2", "id_3"}));
        QCOMPARE(r.warnings.size(), 3);
        QVERIFY(r.warnings[0].startsWith(QStringLiteral("<memory>:1: column 2 has no name")));
        QVERIFY(r.warnings[1].contains(QStringLiteral("repeats the name 'id'")));
    }

    void missingTokens()
    {
        const auto r = readOk("a,b\n1,x\nNA,N/A\nnull,?\nNaN,y\n,z\n");
        QCOMPARE(r.table.column(0)->missingCount(), 4);
        QCOMPARE(r.table.column(1)->missingCount(), 2);
        CsvOptions o;
        o.missingTokens = {QStringLiteral("-"), QStringLiteral("")};
        const auto custom = readOk("a\n1\n-\nNA\n", o);
        QCOMPARE(custom.table.kind(0), ColumnKind::Categorical); // "NA" is now a value
        QCOMPARE(custom.table.column(0)->missingCount(), 1);
    }

    void decimalCommaAndThousands()
    {
        CsvOptions o;
        o.decimalComma = true;
        o.thousandsSeparator = '.';
        const auto r = readOk("a;b\n1.234,5;2\n-0,25;3\n", o);
        QCOMPARE(r.delimiter, ';');
        QCOMPARE(r.table.numeric(0)->value(0), 1234.5);
        QCOMPARE(r.table.numeric(0)->value(1), -0.25);
        CsvOptions t;
        t.thousandsSeparator = ',';
        t.delimiter = ';';
        QCOMPARE(readOk("a\n\"1,000,000.5\"\n", t).table.numeric(0)->value(0), 1000000.5);
    }

    void dateLayouts()
    {
        const auto r = readOk("iso,us,eu,dots,zone\n2024-03-01,03/01/2024,13/01/"
                              "2024,01.03.2024,2024-03-01T12:00:00+02:00\n"
                              "2024-03-02,12/31/2024,01/02/2024,31.12.2024,2024-03-01T10:00:00Z\n");
        QCOMPARE(kinds(r.table), QStringLiteral("datetime,datetime,datetime,datetime,datetime"));
        QCOMPARE(r.table.column(1)->displayValue(0), QStringLiteral("2024-03-01"));
        QCOMPARE(r.table.column(2)->displayValue(0), QStringLiteral("2024-01-13"));
        QCOMPARE(r.table.column(2)->displayValue(1), QStringLiteral("2024-02-01"));
        QCOMPARE(r.table.column(3)->displayValue(1), QStringLiteral("2024-12-31"));
        QCOMPARE(r.table.column(4)->displayValue(0), r.table.column(4)->displayValue(1));
        CsvOptions dayFirst;
        dayFirst.dayFirst = true;
        QCOMPARE(readOk("d\n03/04/2024\n", dayFirst).table.column(0)->displayValue(0),
                 QStringLiteral("2024-04-03"));
        // Not a date: 2023-02-29 does not exist.
        QCOMPARE(readOk("d\n2023-02-29\n2023-02-28\n").table.kind(0), ColumnKind::Categorical);
    }

    void kindOverrides()
    {
        CsvOptions o;
        o.columnKinds[QStringLiteral("zip")] = ColumnKind::Categorical;
        o.columnKinds[QStringLiteral("n")] = ColumnKind::Text;
        const auto r = readOk("zip,n\n01234,1\n99999,2\n", o);
        QCOMPARE(kinds(r.table), QStringLiteral("categorical,text"));
        QCOMPARE(r.table.column(0)->displayValue(0), QStringLiteral("01234"));

        CsvOptions strict;
        strict.columnKinds[QStringLiteral("v")] = ColumnKind::Numeric;
        QCOMPARE(readError("k,v\na,1\nb,two\n", strict),
                 QStringLiteral("<memory>:3:3: column 'v': cannot read \"two\" as a number"));
        CsvOptions unknown;
        unknown.columnKinds[QStringLiteral("nope")] = ColumnKind::Numeric;
        QVERIFY(readError("a\n1\n", unknown).contains(QStringLiteral("no such column")));
    }

    void categoricalVersusText()
    {
        QByteArray few = "c\n", many = "c\n";
        for (int i = 0; i < 1000; ++i) {
            few += "level" + QByteArray::number(i % 7) + "\n";
            many += "id" + QByteArray::number(i) + "\n";
        }
        const auto f = readOk(few).table;
        QCOMPARE(f.kind(0), ColumnKind::Categorical);
        const auto &cat = static_cast<const CategoricalColumn &>(*f.column(0));
        QCOMPARE(cat.categoryCount(), 7);
        QCOMPARE(QByteArray(cat.category(0).data(), 6), QByteArray("level0")); // sorted dictionary
        QCOMPARE(readOk(many).table.kind(0), ColumnKind::Text);
    }

    void raggedRows()
    {
        QCOMPARE(readError("a,b,c\n1,2,3\n4,5,6,7\n"),
                 QStringLiteral("<memory>:3:7: expected 3 fields, found 4"));
        QCOMPARE(readError("a,b,c\n1,2,3\n4,5\n"),
                 QStringLiteral("<memory>:3:4: expected 3 fields, found 2"));
        CsvOptions pad;
        pad.ragged = RaggedRows::Pad;
        const auto p = readOk("a,b,c\n1,2\n4,5,6,7\n", pad);
        QCOMPARE(tableRows(p.table), (QStringList{"a|b|c", "1|2|<NA>", "4|5|6"}));
        QCOMPARE(p.warnings.size(), 2);
        QVERIFY(p.warnings[0].startsWith(QStringLiteral("<memory>:2: 1 rows had fewer fields")));
        CsvOptions skip;
        skip.ragged = RaggedRows::Skip;
        const auto s = readOk("a,b,c\n1,2\n4,5,6\n7,8,9,0\n", skip);
        QCOMPARE(tableRows(s.table), (QStringList{"a|b|c", "4|5|6"}));
        QVERIFY(s.warnings.value(0).contains(QStringLiteral("2 rows")));
        // Deep in a file read in parallel: the line number is still exact.
        QByteArray big = generatedCsv(5000, true);
        big += "1,2\n";
        const int lines = big.count('\n');
        QCOMPARE(readError(big, smallChunks()),
                 QStringLiteral("<memory>:%1:4: expected 6 fields, found 2").arg(lines));
    }

    void unterminatedQuoteNamesWhereItOpened()
    {
        QCOMPARE(readError("a,b\n1,2\n3,\"open\n4,5\n6,7\n"),
                 QStringLiteral("<memory>:3:3: unterminated quoted field: the quote opened here is "
                                "never closed"));
        QByteArray big = generatedCsv(4000, true);
        const int line = big.count('\n') + 1;
        big += "9,\"never closed\n1,2,3\n";
        for (int i = 0; i < 2000; ++i)
            big += "more,lines,here\n";
        QCOMPARE(
            readError(big, smallChunks()),
            QStringLiteral("<memory>:%1:3: unterminated quoted field: the quote opened here is "
                           "never closed")
                .arg(line));
    }

    void emptyAndHeaderOnlyFiles()
    {
        QCOMPARE(
            readError(""),
            QStringLiteral("<memory>:1:1: the file is empty: expected a header or a first row"));
        QCOMPARE(
            readError("\xEF\xBB\xBF"),
            QStringLiteral("<memory>:1:1: the file is empty: expected a header or a first row"));
        QVERIFY(readError("\n\n\r\n").contains(QStringLiteral("only blank or comment lines")));
        const auto header = readOk("a,b,c\n");
        QCOMPARE(header.table.columnNames(), (QStringList{"a", "b", "c"}));
        QCOMPARE(header.table.rowCount(), 0);
        QCOMPARE(readOk("a,b,c").table.columnCount(), 3);
    }

    void hugeField()
    {
        QByteArray big(10 * 1024 * 1024, 'x');
        const auto r = readOk("a,b\n1,\"" + big + "\"\n2,y\n");
        QCOMPARE(r.table.rowCount(), 2);
        QCOMPARE(r.table.column(1)->displayValue(0).size(), big.size());
        CsvOptions limited;
        limited.maxFieldBytes = 1024 * 1024;
        QCOMPARE(readError("a,b\n1,\"" + big + "\"\n", limited),
                 QStringLiteral("<memory>:2:3: field is longer than the limit of 1048576 bytes"));
        QVERIFY(readError("a,b\n1," + big + "\n", limited)
                    .contains(QStringLiteral("longer than the limit")));
    }

    void hostileShapes()
    {
        // Very wide, one enormous line, only quotes, only delimiters: defined results, no hang.
        QByteArray wide;
        for (int i = 0; i < 100000; ++i)
            wide += (i ? "," : "") + QByteArray::number(i);
        wide += "\n";
        const auto w = readOk(wide + wide);
        QCOMPARE(w.table.columnCount(), 100000);
        QCOMPARE(
            readError(QByteArray(1 << 20, ',')),
            QStringLiteral(
                "<memory>:1:1: the first row has 1048577 fields; the limit is 100000 columns"));
        QVERIFY(readError(QByteArray(100001, '"')).contains(QStringLiteral("unterminated")));
        QCOMPARE(readOk(QByteArray(100000, '"')).table.columnCount(), 1);
        // Random bytes: an error or a table, never a crash.
        QRandomGenerator rng(7);
        for (int round = 0; round < 200; ++round) {
            QByteArray junk(rng.bounded(1, 4000), Qt::Uninitialized);
            for (auto &ch : junk)
                ch = "a,\"\n\r;1.\xC3\xA9\t|x"[rng.bounded(14)];
            auto r = CsvReader::readBytes(junk, smallChunks());
            if (!r.ok())
                QVERIFY(!r.error().message.isEmpty());
        }
    }

    void truncatedFiles()
    {
        const QByteArray full = generatedCsv(200, true);
        // Cut inside a quoted field, and mid-row.
        const int quoted = full.indexOf("line one") + 3;
        QVERIFY(readError(full.left(quoted)).contains(QStringLiteral("unterminated quoted field")));
        const int midRow = full.indexOf('\n', full.size() / 2) + 5;
        const QString e = readError(full.left(midRow));
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^<memory>:\\d+:\\d+: expected 6 fields, found [1-5]$"))
                     .match(e)
                     .hasMatch(),
                 qPrintable(e));
    }

    void commentsEscapesAndTrimming()
    {
        CsvOptions o;
        o.comment = '#';
        QCOMPARE(tableRows(readOk("# comment\na,b\n1,2\n# another\n3,4\n", o).table),
                 (QStringList{"a|b", "1|2", "3|4"}));
        CsvOptions e;
        e.escape = '\\';
        QCOMPARE(readOk("a,b\n\"say \\\"hi\\\"\",2\n", e).table.column(0)->displayValue(0),
                 QStringLiteral("say \"hi\""));
        CsvOptions t;
        t.trimSpaces = true;
        QCOMPARE(tableRows(readOk("a , b\n x ,  \"y\" \n", t).table), (QStringList{"a|b", "x|y"}));
    }

    void parallelEqualsSequential_data()
    {
        QTest::addColumn<QByteArray>("eol");
        QTest::addColumn<bool>("quotes");
        QTest::newRow("lf") << QByteArray("\n") << false;
        QTest::newRow("lf quoted newlines") << QByteArray("\n") << true;
        QTest::newRow("crlf quoted newlines") << QByteArray("\r\n") << true;
        QTest::newRow("cr") << QByteArray("\r") << false;
    }

    void parallelEqualsSequential()
    {
        QFETCH(QByteArray, eol);
        QFETCH(bool, quotes);
        const QByteArray csv = generatedCsv(20000, quotes, eol.constData());
        CsvOptions one;
        one.chunkBytes = 1 << 30;
        const auto whole = readOk(csv, one);
        QCOMPARE(whole.table.rowCount(), 20000);
        QCOMPARE(kinds(whole.table),
                 QStringLiteral("numeric,numeric,categorical,text,datetime,boolean"));
        for (std::int64_t chunk : {1024, 4096, 65536}) {
            for (int threads : {1, 2, 3}) {
                JobContext ctx;
                ctx.setThreads(threads);
                auto r = CsvReader::readBytes(csv, smallChunks(chunk), ctx);
                QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
                QString why;
                QVERIFY2(sameTable(whole.table, r->table, &why), qPrintable(why));
            }
        }
    }

    void lenientQuotesFallBackToSequential()
    {
        // Stray quotes inside unquoted fields break the quote-parity split; the reader notices
        // and reads on sequentially, with the same result.
        QByteArray csv = "h,w\n";
        for (int i = 0; i < 5000; ++i)
            csv += QByteArray::number(i) + "," + (i % 3 ? "5'10\"" : "6'") + "\n";
        const auto a = readOk(csv, smallChunks(1024));
        CsvOptions one;
        one.chunkBytes = 1 << 30;
        const auto b = readOk(csv, one);
        QCOMPARE(a.table.rowCount(), 5000);
        QString why;
        QVERIFY2(sameTable(a.table, b.table, &why), qPrintable(why));
    }

    void kindsWidenAcrossChunks()
    {
        // Numbers for thousands of rows, then text: the column is text, and the early values
        // keep their exact spelling ("1.50" stays "1.50").
        QByteArray csv = "v,d\n";
        for (int i = 0; i < 5000; ++i)
            csv += QByteArray::number(i) + ".50,01/02/2024\n";
        csv += "n/a-ish,13/02/2024\n";
        const auto r = readOk(csv, smallChunks(1024));
        QCOMPARE(r.table.kind(0), ColumnKind::Text);
        QCOMPARE(r.table.column(0)->displayValue(1), QStringLiteral("1.50"));
        QCOMPARE(r.table.column(0)->displayValue(5000), QStringLiteral("n/a-ish"));
        // Dates read month-first until a day over 12 says day-first.
        QCOMPARE(r.table.kind(1), ColumnKind::Datetime);
        QCOMPARE(r.table.column(1)->displayValue(0), QStringLiteral("2024-02-01"));
        QCOMPARE(r.table.column(1)->displayValue(5000), QStringLiteral("2024-02-13"));
        // A column missing for many chunks takes the kind of its first values.
        QByteArray late = "a,b\n";
        for (int i = 0; i < 3000; ++i)
            late += QByteArray::number(i) + ",\n";
        late += "1,2.5\n";
        const auto l = readOk(late, smallChunks(1024)).table;
        QCOMPARE(l.kind(1), ColumnKind::Numeric);
        QCOMPARE(l.column(1)->missingCount(), 3000);
    }

    void maxRows()
    {
        CsvOptions o;
        o.maxRows = 5;
        const auto r = readOk(generatedCsv(1000, true), o);
        QCOMPARE(r.table.rowCount(), 5);
    }

    void maxRowsWhenAColumnWidensLate()
    {
        // Found by fuzz_csvreader: the limit falls inside a later chunk whose text widens a
        // numeric column; reading the chunks again must stop at the limit too (it threw
        // "Table: columns differ in length").
        QByteArray csv = "v,w\n";
        for (int i = 0; i < 1000; ++i)
            csv += QByteArray::number(i) + (i == 550 ? ",x\n" : ",1\n");
        for (const auto ragged : {RaggedRows::Error, RaggedRows::Skip}) {
            CsvOptions o = smallChunks(1024);
            o.maxRows = 560;
            o.ragged = ragged;
            const auto r = readOk(csv, o);
            QCOMPARE(r.table.rowCount(), 560);
            QCOMPARE(r.table.column(1)->displayValue(550), QStringLiteral("x"));
            QCOMPARE(r.table.column(1)->displayValue(559), QStringLiteral("1"));
        }
    }

    void progressAndCancel()
    {
        const QByteArray csv = generatedCsv(50000, false);
        JobContext ctx;
        double last = 0;
        int calls = 0;
        ctx.setProgressCallback([&](double f, const QString &) {
            last = f;
            ++calls;
        });
        QVERIFY(CsvReader::readBytes(csv, smallChunks(65536), ctx).ok());
        QCOMPARE(last, 1.0);
        QVERIFY(calls >= 1);

        JobContext canceled;
        canceled.cancel();
        auto r = CsvReader::readBytes(csv, smallChunks(65536), canceled);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("canceled"));

        // Cancel from the progress callback, midway.
        JobContext midway;
        midway.setProgressCallback([&](double f, const QString &) {
            if (f > 0.2)
                midway.cancel();
        });
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 20; ++i)
            f.write(i == 0 ? csv : csv.mid(csv.indexOf('\n') + 1));
        f.close();
        auto m = CsvReader::readFile(path, smallChunks(65536), midway);
        QVERIFY(!m.ok());
        QCOMPARE(m.error().message, QStringLiteral("canceled"));
    }

    void fileErrors()
    {
        QCOMPARE(CsvReader::readFile(QStringLiteral("/nonexistent/x.csv")).error().toString(),
                 QStringLiteral("/nonexistent/x.csv: no such file"));
        QTemporaryDir dir;
        QCOMPARE(CsvReader::readFile(dir.path()).error().message,
                 QStringLiteral("not a regular file"));
        const QString path = dir.filePath(QStringLiteral("t.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3\n");
        f.close();
        QCOMPARE(CsvReader::readFile(path).error().toString(),
                 path + QStringLiteral(":3:2: expected 2 fields, found 1"));
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"

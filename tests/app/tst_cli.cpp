// flowline-cli, run as a real process: exit codes, stdout, stderr.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FLOWLINE_CLI), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const QString kData = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/");

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(bytes);
        return path;
    }

private Q_SLOTS:
    void versionAndHelp()
    {
        const auto v = cli({QStringLiteral("--version")});
        QCOMPARE(v.code, 0);
        QCOMPARE(v.out, QByteArray("flowline-cli " FLOWLINE_VERSION "\n"));
        const auto h = cli({QStringLiteral("--help")});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("profile FILE"));
        QVERIFY(h.out.contains("head FILE"));
        const auto ph = cli({QStringLiteral("profile"), QStringLiteral("--help")});
        QCOMPARE(ph.code, 0);
        QVERIFY(ph.out.contains("--delimiter"));
    }

    void usageErrorsExitTwo()
    {
        QCOMPARE(cli({}).code, 2);
        const auto unknown = cli({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains("unknown command 'frobnicate'"));
        QCOMPARE(cli({QStringLiteral("profile")}).code, 2);
        QCOMPARE(cli({QStringLiteral("profile"), QStringLiteral("--bogus"),
                      kData + QStringLiteral("iris.csv")})
                     .code,
                 2);
        const auto badDelim = cli({QStringLiteral("head"), QStringLiteral("--delimiter"),
                                   QStringLiteral("ab"), kData + QStringLiteral("iris.csv")});
        QCOMPARE(badDelim.code, 2);
        QVERIFY(badDelim.err.contains("--delimiter takes one ASCII character"));
        QCOMPARE(cli({QStringLiteral("head"), QStringLiteral("-n"), QStringLiteral("-3"),
                      kData + QStringLiteral("iris.csv")})
                     .code,
                 2);
        QCOMPARE(cli({QStringLiteral("head"), QStringLiteral("--type"), QStringLiteral("x=float"),
                      kData + QStringLiteral("iris.csv")})
                     .code,
                 2);
    }

    void readErrorsExitOneWithLocation()
    {
        const QString bad = write(QStringLiteral("bad.csv"), "a,b\n1,2\n3,4,5\n");
        const auto r = cli({QStringLiteral("profile"), bad});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, (bad + QStringLiteral(":3:5: expected 2 fields, found 3\n")).toUtf8());
        QVERIFY(r.out.isEmpty());
        const auto missing =
            cli({QStringLiteral("head"), m_dir.filePath(QStringLiteral("nope.csv"))});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.endsWith("nope.csv: no such file\n"));
    }

    void profileJson()
    {
        const auto r = cli({QStringLiteral("profile"), QStringLiteral("--json"),
                            kData + QStringLiteral("iris.csv")});
        QCOMPARE(r.code, 0);
        QJsonParseError e;
        const auto doc = QJsonDocument::fromJson(r.out, &e);
        QVERIFY2(e.error == QJsonParseError::NoError, qPrintable(e.errorString()));
        const auto o = doc.object();
        QCOMPARE(o.value(QStringLiteral("rows")).toInt(), 150);
        const auto cols = o.value(QStringLiteral("columns")).toArray();
        QCOMPARE(cols.size(), 5);
        const auto first = cols.at(0).toObject();
        for (const auto &key : {"name", "kind", "count", "missing", "distinct", "mean", "std",
                                "min", "q1", "median", "q3", "max", "top"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("sepal_length"));
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("numeric"));
        QCOMPARE(first.value(QStringLiteral("count")).toInt(), 150);
        QCOMPARE(first.value(QStringLiteral("min")).toDouble(), 4.3);
        QCOMPARE(first.value(QStringLiteral("median")).toDouble(), 5.8);
        const auto species = cols.at(4).toObject();
        QCOMPARE(species.value(QStringLiteral("kind")).toString(), QStringLiteral("categorical"));
        QVERIFY(species.value(QStringLiteral("mean")).isNull());
        const auto top = species.value(QStringLiteral("top")).toArray();
        QCOMPARE(top.size(), 3);
        QCOMPARE(top.at(0).toArray().at(1).toInt(), 50);
        const auto corr = o.value(QStringLiteral("correlation")).toObject();
        const auto pearson = corr.value(QStringLiteral("pearson")).toObject();
        QCOMPARE(pearson.keys().size(), 4);
        QCOMPARE(pearson.value(QStringLiteral("sepal_length"))
                     .toObject()
                     .value(QStringLiteral("sepal_length"))
                     .toDouble(),
                 1.0);
        QVERIFY(corr.value(QStringLiteral("spearman"))
                    .toObject()
                    .contains(QStringLiteral("petal_width")));
    }

    void profileText()
    {
        const auto r =
            cli({QStringLiteral("profile"), kData + QStringLiteral("customer_churn.csv")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("5000 rows x 11 columns"));
        QVERIFY(r.out.contains("monthly_charges"));
        QVERIFY(r.out.contains("strongest correlations"));
    }

    void profileReadingOptions()
    {
        const QString f = write(QStringLiteral("semi.csv"), "1;2,5\n3;4,5\n");
        const auto r = cli({QStringLiteral("profile"), QStringLiteral("--json"),
                            QStringLiteral("--no-header"), QStringLiteral("--delimiter"),
                            QStringLiteral(";"), QStringLiteral("--decimal-comma"), f});
        QCOMPARE(r.code, 0);
        const auto cols =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("columns")).toArray();
        QCOMPARE(cols.size(), 2);
        QCOMPARE(cols.at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("column_1"));
        QCOMPARE(cols.at(1).toObject().value(QStringLiteral("mean")).toDouble(), 3.5);
    }

    void headTable()
    {
        const auto r = cli({QStringLiteral("head"), QStringLiteral("-n"), QStringLiteral("3"),
                            kData + QStringLiteral("iris.csv")});
        QCOMPARE(r.code, 0);
        const auto lines = r.out.split('\n');
        QCOMPARE(lines.size(), 3 + 3 + 1); // names, kinds, rule, 3 rows, trailing newline
        QVERIFY(lines[0].startsWith("sepal_length"));
        QVERIFY(lines[1].startsWith("numeric"));
        QVERIFY(lines[2].startsWith("---"));
        QVERIFY(lines[3].contains("setosa"));
        QVERIFY(lines[3].contains("5.1"));
    }

    void headJsonIsTyped()
    {
        const QString f =
            write(QStringLiteral("typed.csv"),
                  "n,flag,when,label,empty\n1.5,true,2024-01-02,x,\nNA,false,,\"y, z\",\n");
        const auto r = cli({QStringLiteral("head"), QStringLiteral("--json"), f});
        QCOMPARE(r.code, 0);
        const auto rows = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(rows.size(), 2);
        const auto a = rows.at(0).toObject(), b = rows.at(1).toObject();
        QVERIFY(a.value(QStringLiteral("n")).isDouble());
        QCOMPARE(a.value(QStringLiteral("n")).toDouble(), 1.5);
        QCOMPARE(a.value(QStringLiteral("flag")), QJsonValue(true));
        QCOMPARE(a.value(QStringLiteral("when")).toString(), QStringLiteral("2024-01-02"));
        QCOMPARE(b.value(QStringLiteral("label")).toString(), QStringLiteral("y, z"));
        QVERIFY(b.value(QStringLiteral("n")).isNull());
        QVERIFY(b.value(QStringLiteral("when")).isNull());
        QVERIFY(a.value(QStringLiteral("empty")).isNull());
        // Keys keep the file's column order.
        QVERIFY(r.out.indexOf("\"n\"") < r.out.indexOf("\"flag\""));
        QVERIFY(r.out.indexOf("\"when\"") < r.out.indexOf("\"label\""));
    }

    void headAllRows()
    {
        const auto r = cli({QStringLiteral("head"), QStringLiteral("-n"), QStringLiteral("0"),
                            QStringLiteral("--json"), kData + QStringLiteral("iris.csv")});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 150);
        const auto ten = cli(
            {QStringLiteral("head"), QStringLiteral("--json"), kData + QStringLiteral("iris.csv")});
        QCOMPARE(QJsonDocument::fromJson(ten.out).array().size(), 10);
    }

    void warningsGoToStderr()
    {
        const QString f = write(QStringLiteral("dup.csv"), "a,a\n1,2\n");
        const auto r = cli({QStringLiteral("head"), f});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.startsWith("warning: "));
        QVERIFY(r.err.contains("repeats the name 'a'"));
        QVERIFY(r.out.startsWith("a "));
        QVERIFY(r.out.contains(" a_2\n"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

// flowline-cli, run as a real process: exit codes, stdout, stderr.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "CliProcess.h"

using flowline::tests::cli;
using flowline::tests::kData;
using Run = flowline::tests::CliRun;

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

    void runExampleFlow()
    {
        const QString flow =
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples/churn_explore.flow");
        const auto r = cli({QStringLiteral("run"), flow});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("import            done"));
        // Each node executed gives the process's peak memory while it ran.
        QVERIFY2(QRegularExpression(
                     QStringLiteral(R"(\nimport +done +\d+\.\d{3} s  peak \d+\.\d [MG]iB\n)"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
        QVERIFY(r.out.contains("profile.report:"));
        QVERIFY(r.out.contains("profile of 5000 rows x 11 columns"));
        QVERIFY(r.out.contains("sample.table:"));
        QVERIFY(r.err.isEmpty());
    }

    void everyExampleFlowRuns()
    {
        const QDir examples(QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples"));
        const auto flows = examples.entryList({QStringLiteral("*.flow")}, QDir::Files);
        QVERIFY(flows.size() >= 2);
        for (const auto &f : flows) {
            const auto r =
                cli({QStringLiteral("run"), QStringLiteral("--json"), examples.filePath(f)});
            QVERIFY2(r.code == 0, qPrintable(f + QStringLiteral(": ") + QString::fromUtf8(r.err)));
            QCOMPARE(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("ok")).toBool(),
                     true);
        }
    }

    void runJsonUntilAndSet()
    {
        const QString flow =
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples/churn_explore.flow");
        const auto r = cli({QStringLiteral("run"), QStringLiteral("--json"),
                            QStringLiteral("--until"), QStringLiteral("sample"),
                            QStringLiteral("--set"), QStringLiteral("sample.fraction=0.5"), flow});
        QCOMPARE(r.code, 0);
        const auto o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("ok")).toBool(), true);
        const auto nodes = o.value(QStringLiteral("nodes")).toArray();
        QStringList ids;
        for (const auto &n : nodes)
            ids << n.toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(ids.size(), 4); // import, select, filter, sample: not the profile
        QVERIFY(!ids.contains(QStringLiteral("profile")));
        QHash<QString, int> rows;
        for (const auto &n : nodes) {
            const auto node = n.toObject();
            QCOMPARE(node.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
            const auto memory = node.value(QStringLiteral("memory")).toObject();
            const double start = memory.value(QStringLiteral("start_bytes")).toDouble();
            const double peak = memory.value(QStringLiteral("peak_bytes")).toDouble();
            QVERIFY(start > 0 && peak >= start &&
                    peak >= memory.value(QStringLiteral("end_bytes")).toDouble());
            const auto value = node.value(QStringLiteral("outputs"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("value"))
                                   .toObject();
            rows.insert(node.value(QStringLiteral("id")).toString(),
                        value.value(QStringLiteral("rows")).toInt());
            QCOMPARE(node.value(QStringLiteral("terminal")).toBool(),
                     node.value(QStringLiteral("id")).toString() == QStringLiteral("sample"));
        }
        QCOMPARE(rows.value(QStringLiteral("import")), 5000);
        QVERIFY(rows.value(QStringLiteral("filter")) > 1000 &&
                rows.value(QStringLiteral("filter")) < 5000);
        QCOMPARE(rows.value(QStringLiteral("sample")),
                 qRound(rows.value(QStringLiteral("filter")) * 0.5));
    }

    void runRefusesBadSettings()
    {
        const QString flow =
            QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/examples/churn_explore.flow");
        const auto range = cli({QStringLiteral("run"), QStringLiteral("--set"),
                                QStringLiteral("sample.fraction=3"), flow});
        QCOMPARE(range.code, 2);
        QVERIFY(range.err.contains("3 is above the maximum 1"));
        const auto unknownNode =
            cli({QStringLiteral("run"), QStringLiteral("--set"), QStringLiteral("nope.x=1"), flow});
        QCOMPARE(unknownNode.code, 2);
        QVERIFY(unknownNode.err.contains("the flow has no node 'nope'"));
        const auto unknownParam = cli({QStringLiteral("run"), QStringLiteral("--set"),
                                       QStringLiteral("sample.frac=1"), flow});
        QCOMPARE(unknownParam.code, 2);
        QVERIFY(unknownParam.err.contains("has no parameter 'frac'"));
        QCOMPARE(
            cli({QStringLiteral("run"), QStringLiteral("--until"), QStringLiteral("nope"), flow})
                .code,
            2);
    }

    void runReportsAFailingNode()
    {
        const QString csv = write(QStringLiteral("ragged.csv"), "a,b\n1,2\n3\n");
        const QString flow = write(QStringLiteral("bad.flow"), R"({"format": 1, "nodes": [
            {"id": "import", "type": "data.csv_import", "params": {"file": "ragged.csv"}, "position": [0, 0], "label": ""},
            {"id": "profile", "type": "explore.profile", "params": {}, "position": [200, 0], "label": ""}],
          "links": [{"fromNode": "import", "fromPort": "table", "toNode": "profile", "toPort": "table"}],
          "annotations": []})");
        const auto r = cli({QStringLiteral("run"), flow});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.err.contains(
                ("node 'import' failed: " + csv + ":3:2: expected 2 fields, found 1").toUtf8()),
            r.err.constData());
        QVERIFY(r.out.contains("not run: 'import' failed"));
        const auto missing =
            cli({QStringLiteral("run"), m_dir.filePath(QStringLiteral("none.flow"))});
        QCOMPARE(missing.code, 1);
        const auto garbage =
            cli({QStringLiteral("run"), write(QStringLiteral("garbage.flow"), "{not json")});
        QCOMPARE(garbage.code, 1);
        QVERIFY(garbage.err.contains("garbage.flow:1:"));
    }

    void nodesListsTypes()
    {
        const auto text = cli({QStringLiteral("nodes")});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("data.csv_import"));
        const auto r = cli({QStringLiteral("nodes"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const auto types = QJsonDocument::fromJson(r.out).array();
        QVERIFY(types.size() >= 4);
        bool sawSample = false;
        for (const auto &t : types) {
            const auto o = t.toObject();
            if (o.value(QStringLiteral("id")).toString() != QStringLiteral("data.sample"))
                continue;
            sawSample = true;
            QCOMPARE(o.value(QStringLiteral("inputs"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QStringLiteral("type"))
                         .toString(),
                     QStringLiteral("Table"));
            const auto params = o.value(QStringLiteral("params")).toArray();
            QJsonObject fraction;
            for (const auto &p : params)
                if (p.toObject().value(QStringLiteral("key")).toString() ==
                    QStringLiteral("fraction"))
                    fraction = p.toObject();
            QCOMPARE(fraction.value(QStringLiteral("type")).toString(), QStringLiteral("double"));
            QCOMPARE(fraction.value(QStringLiteral("default")).toDouble(), 0.1);
            QCOMPARE(fraction.value(QStringLiteral("max")).toDouble(), 1.0);
        }
        QVERIFY(sawSample);
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

// The built-in node types, run through the executor on the bundled datasets.

#include "Executor.h"
#include "FlowDocument.h"
#include "NodeRegistry.h"
#include "jobs/JobContext.h"
#include "prep/Recipe.h"
#include "table/NumericColumn.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace flowline;
using namespace flowline::flows;

namespace {

const QString kData = QStringLiteral(FLOWLINE_SOURCE_DIR "/resources/data/");

bool runAndWait(Executor &e, const QStringList &targets = {})
{
    QSignalSpy done(&e, &Executor::runFinished);
    if (!e.run(targets))
        return false;
    return done.count() > 0 || done.wait(20000);
}

const core::Table *tableOf(const Executor &e, const QString &node)
{
    const auto out = e.output(node);
    return out && out->type() == PortType::Table ? &static_cast<const TableValue &>(*out).table()
                                                 : nullptr;
}

// import -> <node under test>, with `params` for the node under test.
struct Pipeline
{
    FlowDocument doc;
    Executor executor{doc};

    Pipeline(const QString &file, const QString &type, const QVariantMap &params,
             QVariantMap importParams = {})
    {
        importParams.insert(QStringLiteral("file"), kData + file);
        doc.addNode(QStringLiteral("data.csv_import"), {}, importParams, QStringLiteral("import"));
        auto added = doc.addNode(type, {}, params, QStringLiteral("node"));
        if (!added)
            qWarning("%s", qPrintable(added.error().message));
        const NodeType *t = doc.typeOf(QStringLiteral("node"));
        doc.connect(Link{QStringLiteral("import"), QStringLiteral("table"), QStringLiteral("node"),
                         t->inputs[0].key});
    }
};

} // namespace

class TestBuiltinNodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registryIsWellFormed()
    {
        const auto &r = NodeRegistry::builtin();
        for (const auto *t : r.types()) {
            QVERIFY(!t->displayName.isEmpty());
            QVERIFY(!t->category.isEmpty());
            QVERIFY(!t->help.isEmpty());
            for (const auto &p : t->params) {
                QVERIFY2(!p.help.isEmpty(), qPrintable(t->id + QLatin1Char('.') + p.key));
                QVERIFY2(p.required || p.coerce(p.defaultValue).ok(),
                         qPrintable(t->id + QLatin1Char('.') + p.key));
            }
        }
        for (const auto &id :
             {"data.csv_import", "explore.profile", "data.select_columns", "data.sample"})
            QVERIFY2(r.find(QString::fromLatin1(id)), id);
    }

    void csvImportReadsWithOptions()
    {
        Pipeline p(QStringLiteral("customer_churn.csv"), QStringLiteral("data.select_columns"),
                   {{QStringLiteral("columns"), QStringList{QStringLiteral("customer_id")}}},
                   {{QStringLiteral("column_types"), QStringLiteral("support_calls=categorical")}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *t = tableOf(p.executor, QStringLiteral("import"));
        QVERIFY(t);
        QCOMPARE(t->rowCount(), 5000);
        QCOMPARE(t->kind(t->indexOf(QStringLiteral("support_calls"))),
                 core::ColumnKind::Categorical);
        QCOMPARE(t->kind(t->indexOf(QStringLiteral("signup_date"))), core::ColumnKind::Datetime);
    }

    void csvImportErrorsNameTheFileAndLine()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("bad.csv")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3\n");
        f.close();
        FlowDocument doc;
        QVERIFY(doc.addNode(QStringLiteral("data.csv_import"), {},
                            {{QStringLiteral("file"), QStringLiteral("bad.csv")}},
                            QStringLiteral("import"))
                    .ok());
        Executor e(doc);
        e.setFlowDir(dir.path());
        QVERIFY(runAndWait(e));
        QCOMPARE(e.state(QStringLiteral("import")), NodeState::Failed);
        QCOMPARE(e.message(QStringLiteral("import")),
                 dir.filePath(QStringLiteral("bad.csv")) +
                     QStringLiteral(":3:2: expected 2 fields, found 1"));
        QVERIFY(doc.setParam(QStringLiteral("import"), QStringLiteral("column_types"),
                             QStringLiteral("a=float"))
                    .ok());
        QVERIFY(runAndWait(e));
        QVERIFY(e.message(QStringLiteral("import"))
                    .startsWith(
                        QStringLiteral("parameter 'column_types': 'a=float' is not COLUMN=KIND")));
        // The model refuses to clear a required parameter; a new node has none yet.
        QCOMPARE(doc.setParam(QStringLiteral("import"), QStringLiteral("file"), QString())
                     .error()
                     .message,
                 QStringLiteral("node 'import': parameter 'file': must not be empty"));
        QVERIFY(
            doc.addNode(QStringLiteral("data.csv_import"), {}, {}, QStringLiteral("fresh")).ok());
        QVERIFY(runAndWait(e, {QStringLiteral("fresh")}));
        QCOMPARE(e.message(QStringLiteral("fresh")),
                 QStringLiteral("parameter 'file': no file chosen"));
    }

    void selectColumnsKeepsAndDropsWithoutCopying()
    {
        Pipeline keep(QStringLiteral("iris.csv"), QStringLiteral("data.select_columns"),
                      {{QStringLiteral("columns"),
                        QStringList{QStringLiteral("species"), QStringLiteral("petal_width")}}});
        QVERIFY(runAndWait(keep.executor));
        const core::Table *in = tableOf(keep.executor, QStringLiteral("import"));
        const core::Table *out = tableOf(keep.executor, QStringLiteral("node"));
        QCOMPARE(out->columnNames(),
                 (QStringList{QStringLiteral("species"), QStringLiteral("petal_width")}));
        QCOMPARE(out->column(1).get(), in->column(3).get());

        Pipeline drop(QStringLiteral("iris.csv"), QStringLiteral("data.select_columns"),
                      {{QStringLiteral("columns"), QStringList{QStringLiteral("species")}},
                       {QStringLiteral("mode"), QStringLiteral("drop")}});
        QVERIFY(runAndWait(drop.executor));
        QCOMPARE(tableOf(drop.executor, QStringLiteral("node"))->columnCount(), 4);

        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("data.select_columns"),
                     {{QStringLiteral("columns"), QStringList{QStringLiteral("sepal")}}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(bad.executor.message(QStringLiteral("node"))
                    .startsWith(
                        QStringLiteral("parameter 'columns': the table has no column 'sepal'")));
    }

    void standardizeFitsOnItsInputAndRecordsTheStep()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("prep.standardize"),
                   {{QStringLiteral("columns"),
                     QStringList{QStringLiteral("sepal_length"), QStringLiteral("petal_width")}}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *in = tableOf(p.executor, QStringLiteral("import"));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        const auto x = out->numeric(out->indexOf(QStringLiteral("sepal_length")))->vector();
        QVERIFY(std::abs(x.mean()) < 1e-12);
        QVERIFY(std::abs((x.array() * x.array()).mean() - 1.0) < 1e-12);
        // Untouched columns are shared; the step is in the output's recipe, not the input's.
        QCOMPARE(out->column(1).get(), in->column(1).get());
        QVERIFY(!in->recipe());
        QVERIFY(out->recipe());
        QCOMPARE(out->recipe()->steps().size(), std::size_t(1));
        QCOMPARE(out->recipe()->steps().front()->kind(), QStringLiteral("standardize"));
        QVERIFY(p.doc.typeOf(QStringLiteral("node"))->learnsFromData);

        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("prep.standardize"),
                     {{QStringLiteral("columns"), QStringList{QStringLiteral("species")}}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("species")));
    }

    void sampleIsSeededAndKeepsOrder()
    {
        const auto sampled = [](const QVariantMap &params) {
            Pipeline p(QStringLiteral("breast_cancer.csv"), QStringLiteral("data.sample"), params);
            runAndWait(p.executor);
            const core::Table *t = tableOf(p.executor, QStringLiteral("node"));
            std::vector<double> v;
            if (t)
                v.assign(t->numeric(0)->values().begin(), t->numeric(0)->values().end());
            return v;
        };
        const auto a = sampled({{QStringLiteral("fraction"), 0.25}, {QStringLiteral("seed"), 7}});
        const auto b = sampled({{QStringLiteral("fraction"), 0.25}, {QStringLiteral("seed"), 7}});
        const auto c = sampled({{QStringLiteral("fraction"), 0.25}, {QStringLiteral("seed"), 8}});
        QCOMPARE(a.size(), std::size_t(142)); // round(0.25 * 569)
        QCOMPARE(a, b);
        QVERIFY(a != c);
        QCOMPARE(sampled({{QStringLiteral("mode"), QStringLiteral("count")},
                          {QStringLiteral("count"), 10000}})
                     .size(),
                 std::size_t(569));
        QCOMPARE(sampled({{QStringLiteral("mode"), QStringLiteral("count")},
                          {QStringLiteral("count"), 1000},
                          {QStringLiteral("replace"), true}})
                     .size(),
                 std::size_t(1000));
        QCOMPARE(sampled({{QStringLiteral("fraction"), 0.0}}).size(), std::size_t(0));
        // Rows keep the file's order: the sample of the first column is a subsequence.
        Pipeline p(QStringLiteral("breast_cancer.csv"), QStringLiteral("data.sample"),
                   {{QStringLiteral("fraction"), 0.5}});
        QVERIFY(runAndWait(p.executor));
        const auto &all = tableOf(p.executor, QStringLiteral("import"))->numeric(0)->values();
        const auto &part = tableOf(p.executor, QStringLiteral("node"))->numeric(0)->values();
        std::size_t j = 0;
        for (std::size_t i = 0; i < all.size() && j < part.size(); ++i)
            j += all[i] == part[j] ? 1 : 0;
        QCOMPARE(j, part.size());
    }

    void filterRowsKeepsWhereTheFormulaHolds()
    {
        Pipeline p(QStringLiteral("customer_churn.csv"), QStringLiteral("data.filter_rows"),
                   {{QStringLiteral("formula"),
                     QStringLiteral("tenure_months >= 24 and plan == \"premium\"")}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *in = tableOf(p.executor, QStringLiteral("import"));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        // Count by hand.
        const auto *tenure = in->numeric(in->indexOf(QStringLiteral("tenure_months")));
        const auto &plan = *in->column(in->indexOf(QStringLiteral("plan")));
        std::int64_t expected = 0;
        for (std::int64_t r = 0; r < in->rowCount(); ++r)
            expected +=
                tenure->value(r) >= 24 && plan.displayValue(r) == QStringLiteral("premium") ? 1 : 0;
        QVERIFY(expected > 0);
        QCOMPARE(out->rowCount(), expected);

        // Missing values: a comparison with a missing value is false; 'is missing' finds them.
        Pipeline missing(QStringLiteral("customer_churn.csv"), QStringLiteral("data.filter_rows"),
                         {{QStringLiteral("formula"), QStringLiteral("region is missing")}});
        QVERIFY(runAndWait(missing.executor));
        QCOMPARE(tableOf(missing.executor, QStringLiteral("node"))->rowCount(), 184);

        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("data.filter_rows"),
                     {{QStringLiteral("formula"), QStringLiteral("petal_lenght > 1")}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        const QString message = bad.executor.message(QStringLiteral("node"));
        QVERIFY2(message.startsWith(QStringLiteral(
                     "parameter 'formula', column 1: unknown column 'petal_lenght'")) &&
                     message.contains(QStringLiteral("did you mean 'petal_length'")),
                 qPrintable(message));

        Pipeline notBoolean(QStringLiteral("iris.csv"), QStringLiteral("data.filter_rows"),
                            {{QStringLiteral("formula"), QStringLiteral("petal_length * 2")}});
        QVERIFY(runAndWait(notBoolean.executor));
        QCOMPARE(notBoolean.executor.state(QStringLiteral("node")), NodeState::Failed);
    }

    void profileReports()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("explore.profile"),
                   {{QStringLiteral("top_values"), 2}});
        QVERIFY(runAndWait(p.executor));
        const auto out = p.executor.output(QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->type(), PortType::Report);
        const auto &profile = static_cast<const ProfileReportValue &>(*out).profile();
        QCOMPARE(profile.rows, 150);
        QCOMPARE(profile.columns.size(), std::size_t(5));
        QCOMPARE(profile.columns[4].top.size(), std::size_t(2));
        QCOMPARE(profile.columns[0].min, 4.3);
        QCOMPARE(profile.correlationColumns.size(), 4);
        QVERIFY(out->summary().startsWith(QStringLiteral("profile of 150 rows x 5 columns")));
    }
};

QTEST_GUILESS_MAIN(TestBuiltinNodes)
#include "tst_builtinnodes.moc"

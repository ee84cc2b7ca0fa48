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

#include <algorithm>

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

// One import per file (absolute paths) -> <node under test>: import i feeds the node's input
// port ports[i] (a port may take several links, in this order).
struct MultiPipeline
{
    FlowDocument doc;
    Executor executor{doc};

    MultiPipeline(const QStringList &files, const QStringList &ports, const QString &type,
                  const QVariantMap &params)
    {
        doc.addNode(type, {}, params, QStringLiteral("node"));
        for (qsizetype i = 0; i < files.size(); ++i) {
            const QString id = QStringLiteral("import%1").arg(i);
            doc.addNode(QStringLiteral("data.csv_import"), {}, {{QStringLiteral("file"), files[i]}},
                        id);
            auto linked =
                doc.connect(Link{id, QStringLiteral("table"), QStringLiteral("node"), ports[i]});
            if (!linked)
                qWarning("%s", qPrintable(linked.error().message));
        }
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

    void splitNodesShareRowsOut()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("split.train_test"),
                   {{QStringLiteral("method"), QStringLiteral("stratified")},
                    {QStringLiteral("stratify_by"), QStringLiteral("species")}});
        QVERIFY(runAndWait(p.executor));
        QCOMPARE(p.executor.state(QStringLiteral("node")), NodeState::Done);
        const auto test = p.executor.output(QStringLiteral("node"), 1);
        QVERIFY(test);
        QCOMPARE(tableOf(p.executor, QStringLiteral("node"))->rowCount(), std::int64_t(120));
        QCOMPARE(static_cast<const TableValue &>(*test).table().rowCount(), std::int64_t(30));
        QCOMPARE(p.doc.typeOf(QStringLiteral("node"))->trainingOutputs,
                 QStringList{QStringLiteral("train")});

        Pipeline three(QStringLiteral("iris.csv"), QStringLiteral("split.train_validation_test"),
                       {});
        QVERIFY(runAndWait(three.executor));
        QCOMPARE(tableOf(three.executor, QStringLiteral("node"))->rowCount(), std::int64_t(120));
        QCOMPARE(static_cast<const TableValue &>(*three.executor.output(QStringLiteral("node"), 1))
                     .table()
                     .rowCount(),
                 std::int64_t(15));

        Pipeline folds(QStringLiteral("iris.csv"), QStringLiteral("split.kfold"),
                       {{QStringLiteral("folds"), 3}});
        QVERIFY(runAndWait(folds.executor));
        const core::Table *withFolds = tableOf(folds.executor, QStringLiteral("node"));
        QCOMPARE(withFolds->columnName(withFolds->columnCount() - 1), QStringLiteral("fold"));

        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("split.train_test"),
                     {{QStringLiteral("method"), QStringLiteral("stratified")}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(
            bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("stratify_by")));
    }

    void numericPrepNodesFitOnTheirInputAndRecordTheirStep_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QVariantMap>("params");
        QTest::newRow("impute") << QStringLiteral("prep.impute") << QStringLiteral("impute")
                                << QVariantMap{{QStringLiteral("add_indicator"), true}};
        QTest::newRow("minmax") << QStringLiteral("prep.minmax") << QStringLiteral("minmax")
                                << QVariantMap{{QStringLiteral("low"), -1.0}};
        QTest::newRow("robust_scale") << QStringLiteral("prep.robust_scale")
                                      << QStringLiteral("robust_scale") << QVariantMap{};
        QTest::newRow("log") << QStringLiteral("prep.log") << QStringLiteral("log")
                             << QVariantMap{{QStringLiteral("plus_one"), true}};
        QTest::newRow("yeo_johnson")
            << QStringLiteral("prep.yeo_johnson") << QStringLiteral("yeo_johnson") << QVariantMap{};
    }
    // On customer_churn (monthly_charges has missing values): the step is fitted on the node's
    // input, changes monthly_charges as documented and is the one step of the output's recipe.
    void numericPrepNodesFitOnTheirInputAndRecordTheirStep()
    {
        QFETCH(QString, type);
        QFETCH(QString, kind);
        QFETCH(QVariantMap, params);
        Pipeline p(QStringLiteral("customer_churn.csv"), type, params);
        QVERIFY(runAndWait(p.executor));
        QCOMPARE(p.executor.state(QStringLiteral("node")), NodeState::Done);
        const core::Table *in = tableOf(p.executor, QStringLiteral("import"));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(in && out);
        const QString name = QStringLiteral("monthly_charges");
        const auto x = in->numeric(in->indexOf(name))->values();
        const auto y = out->numeric(out->indexOf(name))->values();
        const qsizetype missingIn =
            std::count_if(x.begin(), x.end(), [](double v) { return std::isnan(v); });
        const qsizetype missingOut =
            std::count_if(y.begin(), y.end(), [](double v) { return std::isnan(v); });
        QVERIFY(missingIn > 0);
        if (kind == QLatin1String("impute")) {
            QCOMPARE(missingOut, qsizetype(0));
            QVERIFY(out->indexOf(QStringLiteral("monthly_charges_missing")) >= 0);
        } else {
            QCOMPARE(missingOut, missingIn); // missing values stay missing
        }
        if (kind == QLatin1String("minmax")) {
            double low = 0, high = 0;
            for (double v : y) {
                low = std::isnan(v) ? low : std::min(low, v);
                high = std::isnan(v) ? high : std::max(high, v);
            }
            QCOMPARE(low, -1.0);
            QCOMPARE(high, 1.0);
        }
        if (kind == QLatin1String("log"))
            QCOMPARE(y[0], std::log1p(x[0]));
        QVERIFY(y != x);
        QVERIFY(!in->recipe());
        QVERIFY(out->recipe());
        QCOMPARE(out->recipe()->steps().size(), std::size_t(1));
        QCOMPARE(out->recipe()->steps().front()->kind(), kind);
        QCOMPARE(p.doc.typeOf(QStringLiteral("node"))->learnsFromData,
                 kind != QLatin1String("log"));

        // A column of the wrong kind fails the node with a message naming it.
        Pipeline bad(QStringLiteral("customer_churn.csv"), type,
                     {{QStringLiteral("columns"), QStringList{QStringLiteral("plan")}}});
        QVERIFY(runAndWait(bad.executor)); // plan is categorical (impute: mean needs numbers)
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("plan")));
    }

    void sampleCanBeStratified()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("data.sample"),
                   {{QStringLiteral("fraction"), 0.2},
                    {QStringLiteral("stratify_by"), QStringLiteral("species")}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->rowCount(), std::int64_t(30));
        QMap<QString, int> perClass;
        const auto &species = out->column(out->indexOf(QStringLiteral("species")));
        for (std::int64_t r = 0; r < out->rowCount(); ++r)
            ++perClass[species->displayValue(r)];
        QCOMPARE(perClass.size(), 3);
        for (int count : perClass)
            QCOMPARE(count, 10);
        // With replacement, more rows than the table has, still in proportion.
        Pipeline boot(QStringLiteral("iris.csv"), QStringLiteral("data.sample"),
                      {{QStringLiteral("fraction"), 1.0},
                       {QStringLiteral("replace"), true},
                       {QStringLiteral("stratify_by"), QStringLiteral("species")}});
        QVERIFY(runAndWait(boot.executor));
        QCOMPARE(tableOf(boot.executor, QStringLiteral("node"))->rowCount(), std::int64_t(150));
        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("data.sample"),
                     {{QStringLiteral("stratify_by"), QStringLiteral("nope")}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("nope")));
    }

    void rowStepNodesRun()
    {
        Pipeline sorted(QStringLiteral("iris.csv"), QStringLiteral("data.sort"),
                        {{QStringLiteral("by"), QStringList{QStringLiteral("petal_length")}},
                         {QStringLiteral("direction"), QStringLiteral("descending")}});
        QVERIFY(runAndWait(sorted.executor));
        const core::Table *s = tableOf(sorted.executor, QStringLiteral("node"));
        const auto x = s->numeric(s->indexOf(QStringLiteral("petal_length")))->vector();
        for (Eigen::Index i = 1; i < x.size(); ++i)
            QVERIFY(x[i - 1] >= x[i]);
        Pipeline distinct(QStringLiteral("iris.csv"), QStringLiteral("data.drop_duplicates"),
                          {{QStringLiteral("columns"), QStringList{QStringLiteral("species")}}});
        QVERIFY(runAndWait(distinct.executor));
        QCOMPARE(tableOf(distinct.executor, QStringLiteral("node"))->rowCount(), std::int64_t(3));
        Pipeline complete(QStringLiteral("customer_churn.csv"), QStringLiteral("data.drop_missing"),
                          {});
        QVERIFY(runAndWait(complete.executor));
        const core::Table *c = tableOf(complete.executor, QStringLiteral("node"));
        for (int col = 0; col < c->columnCount(); ++col)
            QCOMPARE(c->column(col)->missingCount(), std::int64_t(0));
        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("data.sort"),
                     {{QStringLiteral("by"), QStringList{QStringLiteral("nope")}}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
    }

    void categoricalStepsFitOnTheirInputAndRecordTheStep()
    {
        Pipeline oneHot(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.one_hot"),
                        {{QStringLiteral("columns"),
                          QStringList{QStringLiteral("plan"), QStringLiteral("region")}},
                         {QStringLiteral("missing"), QStringLiteral("own_column")}});
        QVERIFY(runAndWait(oneHot.executor));
        const core::Table *in = tableOf(oneHot.executor, QStringLiteral("import"));
        const core::Table *out = tableOf(oneHot.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->indexOf(QStringLiteral("plan")), -1);
        const int basic = out->indexOf(QStringLiteral("plan=basic"));
        QCOMPARE(basic, in->indexOf(QStringLiteral("plan")));
        // Exactly one 1 per row across a column's outputs (region's missing rows included).
        for (std::int64_t r = 0; r < out->rowCount(); ++r) {
            double sum = 0;
            for (const char *c :
                 {"region=east", "region=north", "region=south", "region=west", "region=(missing)"})
                sum += out->numeric(out->indexOf(QString::fromLatin1(c)))->value(r);
            QCOMPARE(sum, 1.0);
        }
        QCOMPARE(out->recipe()->steps().front()->kind(), QStringLiteral("one_hot"));
        QVERIFY(oneHot.doc.typeOf(QStringLiteral("node"))->learnsFromData);

        Pipeline ordinal(
            QStringLiteral("customer_churn.csv"), QStringLiteral("prep.ordinal"),
            {{QStringLiteral("order"), QStringLiteral("plan: basic, standard, premium")}});
        QVERIFY(runAndWait(ordinal.executor));
        out = tableOf(ordinal.executor, QStringLiteral("node"));
        QVERIFY(out);
        const auto *plan = out->numeric(out->indexOf(QStringLiteral("plan")));
        QVERIFY(plan);
        QCOMPARE(plan->value(0), 1.0);                                  // row 1 is "standard"
        QCOMPARE(plan->value(1), 0.0);                                  // "basic"
        QVERIFY(out->numeric(out->indexOf(QStringLiteral("churned")))); // every categorical

        Pipeline rare(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.rare_categories"),
                      {{QStringLiteral("columns"), QStringList{QStringLiteral("last_feedback")}},
                       {QStringLiteral("min_share"), 0.1},
                       {QStringLiteral("other"), QStringLiteral("rare")}});
        QVERIFY(runAndWait(rare.executor));
        out = tableOf(rare.executor, QStringLiteral("node"));
        QVERIFY(out);
        const auto &grouped = *out->column(out->indexOf(QStringLiteral("last_feedback")));
        QCOMPARE(grouped.displayValue(2), QStringLiteral("rare")); // "considering other..."
        QCOMPARE(grouped.displayValue(0), QStringLiteral("great service"));

        Pipeline target(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.target_encode"),
                        {{QStringLiteral("columns"), QStringList{QStringLiteral("plan")}},
                         {QStringLiteral("target"), QStringLiteral("churned")},
                         {QStringLiteral("seed"), 3}});
        QVERIFY(runAndWait(target.executor));
        in = tableOf(target.executor, QStringLiteral("import"));
        out = tableOf(target.executor, QStringLiteral("node"));
        QVERIFY(out);
        QVERIFY(out->recipe());
        // The node's output is out of fold: not what the recorded step gives on the same rows.
        core::JobContext ctx;
        auto full = out->recipe()->apply(*in, ctx);
        QVERIFY(full);
        const auto oof = out->numeric(out->indexOf(QStringLiteral("plan")))->vector();
        const auto all = full->numeric(full->indexOf(QStringLiteral("plan")))->vector();
        QVERIFY(oof != all);
        QVERIFY(std::abs(oof.mean() - all.mean()) < 0.01);

        Pipeline bad(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.one_hot"),
                     {{QStringLiteral("columns"), QStringList{QStringLiteral("tenure_months")}}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(
            bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("tenure_months")));
        Pipeline badOrder(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.ordinal"),
                          {{QStringLiteral("order"), QStringLiteral("plan: basic, standard")},
                           {QStringLiteral("unseen"), QStringLiteral("error")}});
        QVERIFY(runAndWait(badOrder.executor));
        QCOMPARE(badOrder.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(
            badOrder.executor.message(QStringLiteral("node")).contains(QStringLiteral("premium")));
    }

    void resamplingRunsOnTrainingAndIsRefusedOnTest()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("split.train_test"), {});
        QVERIFY(p.doc.addNode(QStringLiteral("prep.resample"), {},
                              {{QStringLiteral("target"), QStringLiteral("species")},
                               {QStringLiteral("method"), QStringLiteral("oversample")}},
                              QStringLiteral("onTrain")));
        QVERIFY(p.doc.addNode(QStringLiteral("prep.resample"), {},
                              {{QStringLiteral("target"), QStringLiteral("species")}},
                              QStringLiteral("onTest")));
        QVERIFY(p.doc.connect(Link{QStringLiteral("node"), QStringLiteral("train"),
                                   QStringLiteral("onTrain"), QStringLiteral("table")}));
        QVERIFY(p.doc.connect(Link{QStringLiteral("node"), QStringLiteral("test"),
                                   QStringLiteral("onTest"), QStringLiteral("table")}));
        QVERIFY(runAndWait(p.executor));
        QCOMPARE(p.executor.state(QStringLiteral("onTrain")), NodeState::Done);
        const core::Table *balanced = tableOf(p.executor, QStringLiteral("onTrain"));
        QVERIFY(balanced->rowCount() >= 120);
        QCOMPARE(p.executor.state(QStringLiteral("onTest")), NodeState::Failed);
        QVERIFY(p.executor.message(QStringLiteral("onTest")).contains(QStringLiteral("refused")));
    }

    void binOutliersAndPolynomialNodesRun()
    {
        Pipeline bin(QStringLiteral("iris.csv"), QStringLiteral("prep.bin"),
                     {{QStringLiteral("bins"), 4}});
        QVERIFY(runAndWait(bin.executor));
        const core::Table *binned = tableOf(bin.executor, QStringLiteral("node"));
        QVERIFY(binned);
        std::vector<int> counts(4, 0);
        for (double v :
             binned->numeric(binned->indexOf(QStringLiteral("petal_length")))->values()) {
            QVERIFY(v == 0 || v == 1 || v == 2 || v == 3);
            ++counts[static_cast<std::size_t>(v)];
        }
        QVERIFY(*std::min_element(counts.begin(), counts.end()) >= 30); // equal frequency
        QCOMPARE(binned->recipe()->steps().front()->kind(), QStringLiteral("bin"));

        Pipeline flag(QStringLiteral("breast_cancer.csv"), QStringLiteral("prep.outliers"), {});
        QVERIFY(runAndWait(flag.executor));
        const core::Table *flagged = tableOf(flag.executor, QStringLiteral("node"));
        QVERIFY(flagged);
        const int f = flagged->indexOf(QStringLiteral("area_error_outlier"));
        QVERIFY(f >= 0);
        QCOMPARE(flagged->kind(f), core::ColumnKind::Boolean);
        QCOMPARE(flagged->recipe()->steps().front()->kind(), QStringLiteral("outliers"));

        // Drop is a row step: fewer rows, nothing recorded in the recipe.
        Pipeline drop(
            QStringLiteral("breast_cancer.csv"), QStringLiteral("prep.outliers"),
            {{QStringLiteral("action"), QStringLiteral("drop")}, {QStringLiteral("k"), 3.0}});
        QVERIFY(runAndWait(drop.executor));
        const core::Table *in = tableOf(drop.executor, QStringLiteral("import"));
        const core::Table *dropped = tableOf(drop.executor, QStringLiteral("node"));
        QVERIFY(in && dropped);
        QVERIFY(dropped->rowCount() < in->rowCount());
        QVERIFY(dropped->rowCount() > in->rowCount() / 2);
        QVERIFY(!dropped->recipe() || dropped->recipe()->isEmpty());

        Pipeline poly(QStringLiteral("iris.csv"), QStringLiteral("prep.polynomial"),
                      {{QStringLiteral("interaction_only"), true}});
        QVERIFY(runAndWait(poly.executor));
        const core::Table *expanded = tableOf(poly.executor, QStringLiteral("node"));
        QVERIFY(expanded);
        QCOMPARE(expanded->columnCount(), 5 + 6);
        const auto a = expanded->numeric(0)->values(), b = expanded->numeric(1)->values();
        const auto ab =
            expanded->numeric(expanded->indexOf(QStringLiteral("sepal_length sepal_width")))
                ->values();
        QCOMPARE(ab[7], a[7] * b[7]);
        QVERIFY(!poly.doc.typeOf(QStringLiteral("node"))->learnsFromData);

        Pipeline bad(QStringLiteral("iris.csv"), QStringLiteral("prep.bin"),
                     {{QStringLiteral("columns"), QStringList{QStringLiteral("species")}}});
        QVERIFY(runAndWait(bad.executor));
        QCOMPARE(bad.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(bad.executor.message(QStringLiteral("node")).contains(QStringLiteral("species")));
    }

    void pcaReportsItsComponents()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("prep.pca"),
                   {{QStringLiteral("components"), 2}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->columnNames(), (QStringList{QStringLiteral("pc1"), QStringLiteral("pc2"),
                                                  QStringLiteral("species")}));
        QCOMPARE(p.executor.log(QStringLiteral("node")).size(), 2);
        QVERIFY(p.executor.log(QStringLiteral("node"))
                    .front()
                    .contains(QStringLiteral("pc1 explains")));
        QCOMPARE(out->recipe()->steps().front()->kind(), QStringLiteral("pca"));
    }

    void columnStepNodesRunAndRecordTheirSteps()
    {
        Pipeline select(QStringLiteral("customer_churn.csv"), QStringLiteral("data.select_columns"),
                        {{QStringLiteral("columns"),
                          QStringList{QStringLiteral("plan"), QStringLiteral("tenure_months")}},
                         {QStringLiteral("rename"), QStringLiteral("tenure_months=tenure")}});
        QVERIFY(runAndWait(select.executor));
        const core::Table *out = tableOf(select.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->columnNames(),
                 (QStringList{QStringLiteral("plan"), QStringLiteral("tenure")}));
        QVERIFY(out->recipe());
        QCOMPARE(out->recipe()->steps().front()->kind(), QStringLiteral("select"));

        Pipeline cast(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.cast"),
                      {{QStringLiteral("columns"), QStringList{QStringLiteral("region")}},
                       {QStringLiteral("to"), QStringLiteral("numeric")}});
        QVERIFY(runAndWait(cast.executor));
        QCOMPARE(cast.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(cast.executor.message(QStringLiteral("node"))
                    .contains(QStringLiteral("column 'region' row 1: 'east'")));

        Pipeline derive(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.derive"),
                        {{QStringLiteral("name"), QStringLiteral("spend")},
                         {QStringLiteral("formula"), QStringLiteral("monthly_charges * (")}});
        QVERIFY(runAndWait(derive.executor));
        QCOMPARE(derive.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(derive.executor.message(QStringLiteral("node")).contains(QStringLiteral("column")));
        QVERIFY(derive.executor.message(QStringLiteral("node")).contains(QStringLiteral("spend")));

        Pipeline dates(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.date_parts"),
                       {{QStringLiteral("column"), QStringLiteral("signup_date")}});
        QVERIFY(runAndWait(dates.executor));
        out = tableOf(dates.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->numeric(out->indexOf(QStringLiteral("signup_date_year")))->value(0), 2024.0);
        QCOMPARE(out->numeric(out->indexOf(QStringLiteral("signup_date_weekday")))->value(0),
                 0.0); // 2024-07-15 was a Monday

        Pipeline split(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.split_text"),
                       {{QStringLiteral("column"), QStringLiteral("last_feedback")},
                        {QStringLiteral("delimiter"), QStringLiteral(" ")}});
        QVERIFY(runAndWait(split.executor));
        out = tableOf(split.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->column(out->indexOf(QStringLiteral("last_feedback_4")))->displayValue(3),
                 QString()); // "considering other providers" has three words

        Pipeline role(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.set_role"),
                      {{QStringLiteral("columns"), QStringList{QStringLiteral("churned")}}});
        QVERIFY(runAndWait(role.executor));
        out = tableOf(role.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->columnsWithRole(core::ColumnRole::Target),
                 std::vector<int>{out->indexOf(QStringLiteral("churned"))});
    }

    void selectFeaturesKeepsTheBest()
    {
        Pipeline p(QStringLiteral("iris.csv"), QStringLiteral("prep.select_features"),
                   {{QStringLiteral("rule"), QStringLiteral("anova_f")},
                    {QStringLiteral("k"), 2},
                    {QStringLiteral("target"), QStringLiteral("species")}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        // The petal measurements separate iris species best.
        QCOMPARE(out->columnNames(),
                 (QStringList{QStringLiteral("petal_length"), QStringLiteral("petal_width"),
                              QStringLiteral("species")}));
        QVERIFY(p.doc.typeOf(QStringLiteral("node"))->learnsFromData);

        // Mutual information (wine: the two best agree with scikit-learn with or without its
        // tie-breaking noise; iris is too tied for the deterministic estimate, see MutualInfo.h).
        Pipeline mi(QStringLiteral("wine.csv"), QStringLiteral("prep.select_features"),
                    {{QStringLiteral("rule"), QStringLiteral("mutual_info")},
                     {QStringLiteral("k"), 2},
                     {QStringLiteral("target"), QStringLiteral("cultivar")}});
        QVERIFY(runAndWait(mi.executor));
        out = tableOf(mi.executor, QStringLiteral("node"));
        QVERIFY(out);
        QCOMPARE(out->columnNames(),
                 (QStringList{QStringLiteral("flavanoids"), QStringLiteral("proline"),
                              QStringLiteral("cultivar")}));
    }

    void textVectorizeMakesTermColumns()
    {
        Pipeline p(QStringLiteral("customer_churn.csv"), QStringLiteral("prep.text_vectorize"),
                   {{QStringLiteral("column"), QStringLiteral("last_feedback")},
                    {QStringLiteral("weighting"), QStringLiteral("tfidf")}});
        QVERIFY(runAndWait(p.executor));
        const core::Table *out = tableOf(p.executor, QStringLiteral("node"));
        QVERIFY(out);
        const int support = out->indexOf(QStringLiteral("last_feedback:support"));
        QVERIFY(support >= 0);
        QCOMPARE(out->indexOf(QStringLiteral("last_feedback")), -1);
        QCOMPARE(out->recipe()->steps().front()->kind(), QStringLiteral("text_vectorize"));
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

    void combineNodesRunWithSeveralInputs()
    {
        QTemporaryDir dir;
        const QString lookup = dir.filePath(QStringLiteral("lookup.csv"));
        QFile f(lookup);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("kind,family,size\nvirginica,B,2\nsetosa,A,1\nsetosa,A2,3\n");
        f.close();
        const QString iris = kData + QStringLiteral("iris.csv");
        const QStringList leftRight{QStringLiteral("left"), QStringLiteral("right")};

        MultiPipeline join({iris, lookup}, leftRight, QStringLiteral("data.join"),
                           {{QStringLiteral("how"), QStringLiteral("left")},
                            {QStringLiteral("left_on"), QStringList{QStringLiteral("species")}},
                            {QStringLiteral("right_on"), QStringList{QStringLiteral("kind")}}});
        QVERIFY(runAndWait(join.executor));
        const core::Table *joined = tableOf(join.executor, QStringLiteral("node"));
        QVERIFY2(joined, qPrintable(join.executor.message(QStringLiteral("node"))));
        // 50 setosa rows match twice, 50 versicolor rows not at all, 50 virginica once.
        QCOMPARE(joined->rowCount(), 200);
        QCOMPARE(joined->columnNames().mid(4), (QStringList{"species", "family", "size"}));
        QCOMPARE(joined->column(5)->displayValue(0), QStringLiteral("A"));
        QCOMPARE(joined->column(5)->displayValue(1), QStringLiteral("A2"));
        QVERIFY(joined->column(5)->isMissing(100)); // the first versicolor row

        MultiPipeline badJoin({iris, lookup}, leftRight, QStringLiteral("data.join"),
                              {{QStringLiteral("left_on"), QStringList{QStringLiteral("species")}},
                               {QStringLiteral("right_on"), QStringList{QStringLiteral("size")}}});
        QVERIFY(runAndWait(badJoin.executor));
        QCOMPARE(badJoin.executor.state(QStringLiteral("node")), NodeState::Failed);
        const QString why = badJoin.executor.message(QStringLiteral("node"));
        QVERIFY2(why.contains(QStringLiteral("'species'")) &&
                     why.contains(QStringLiteral("'size'")),
                 qPrintable(why));

        MultiPipeline concat(
            {iris, lookup, iris},
            {QStringLiteral("tables"), QStringLiteral("tables"), QStringLiteral("tables")},
            QStringLiteral("data.concat"), {});
        QVERIFY(runAndWait(concat.executor));
        const core::Table *stacked = tableOf(concat.executor, QStringLiteral("node"));
        QVERIFY2(stacked, qPrintable(concat.executor.message(QStringLiteral("node"))));
        QCOMPARE(stacked->rowCount(), 303);
        QCOMPARE(stacked->columnCount(), 8);
        QVERIFY(stacked->column(0)->isMissing(150)); // a lookup row
        QCOMPARE(stacked->column(5)->displayValue(150), QStringLiteral("virginica"));

        MultiPipeline add({iris, iris}, leftRight, QStringLiteral("data.add_columns"), {});
        QVERIFY(runAndWait(add.executor));
        const core::Table *wide = tableOf(add.executor, QStringLiteral("node"));
        QVERIFY2(wide, qPrintable(add.executor.message(QStringLiteral("node"))));
        QCOMPARE(wide->columnCount(), 10);
        QCOMPARE(wide->columnName(0), QStringLiteral("sepal_length_left"));
        QCOMPARE(wide->columnName(9), QStringLiteral("species_right"));

        MultiPipeline badAdd({iris, lookup}, leftRight, QStringLiteral("data.add_columns"), {});
        QVERIFY(runAndWait(badAdd.executor));
        QCOMPARE(badAdd.executor.state(QStringLiteral("node")), NodeState::Failed);
        QVERIFY(badAdd.executor.message(QStringLiteral("node")).contains(QStringLiteral("rows")));
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

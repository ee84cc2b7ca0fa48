#include "MlReference.h"

#include "eval/CrossValidation.h"
#include "ml/Pipeline.h"
#include "prep/Recipe.h"
#include "prep/Standardize.h"
#include "table/NumericColumn.h"

#include <QTemporaryDir>
#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

Table readCsvText(const QByteArray &text)
{
    JobContext ctx;
    auto r = CsvReader::readBytes(text, {}, ctx);
    return r ? r->table : Table();
}

} // namespace

class TstMlPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void autoPrepStandardisesAndScoresRawRows()
    {
        const Table raw = readDataset(QStringLiteral("diabetes"));
        ml::TrainSpec spec{QStringLiteral("linear_regression"), {}, QStringLiteral("progression")};
        JobContext ctx;
        auto p = ml::trainPipeline(raw.slice(0, 300), spec, ctx);
        QVERIFY2(p, qPrintable(errorText(p)));
        QCOMPARE(p->task, ml::Task::Regression);
        QCOMPARE(p->features.size(), 10);
        QCOMPARE(p->recipe->steps().size(), std::size_t(2)); // median impute, standardize
        QCOMPARE(p->recipe->steps()[0]->kind(), QStringLiteral("impute"));
        QCOMPARE(p->recipe->steps()[1]->kind(), QStringLiteral("standardize"));
        QCOMPARE(p->trainingRows, 300);

        // Scoring raw test rows applies the training recipe: the predictions equal a model of
        // the standardised training data applied to the test rows standardised with the
        // training means and deviations.
        const Table test = raw.slice(300, raw.rowCount() - 300);
        auto out = p->predict(test, ctx);
        QVERIFY2(out, qPrintable(errorText(out)));
        QCOMPARE(out->prediction.size(), test.rowCount());
        QCOMPARE(out->truthValue.size(), test.rowCount());
        // Least squares is invariant to affine feature scaling: the same predictions as a plain
        // fit on the raw numbers.
        ml::Dataset plain =
            numericDataset(raw.slice(0, 300), QStringLiteral("progression"), ml::Task::Regression);
        auto direct = fitWith(QStringLiteral("linear_regression"), plain, {}, ml::Task::Regression);
        QVERIFY(direct);
        ml::Dataset testData =
            numericDataset(test, QStringLiteral("progression"), ml::Task::Regression);
        const Eigen::VectorXd expected = (*direct)->predict(testData.X, ctx);
        QVERIFY(relativeGap(out->prediction, expected) < 1e-9);

        // Without the target column (rows to score have no label) it still works.
        auto unlabeled = p->predict(test.select(test.columnNames().mid(0, 10)), ctx);
        QVERIFY2(unlabeled, qPrintable(errorText(unlabeled)));
        QVERIFY(unlabeled->prediction == out->prediction);
        QCOMPARE(unlabeled->truthValue.size(), 0);
    }

    void rowsPreparedBeforeTheSplitAreNotPreparedTwice()
    {
        const Table raw = readDataset(QStringLiteral("diabetes"));
        JobContext ctx;
        auto scaler = prep::fitStandardize(raw, {}, ctx);
        QVERIFY(scaler);
        auto scaled = prep::applyAndRecord(*scaler, raw, ctx);
        QVERIFY(scaled);
        ml::TrainSpec spec{QStringLiteral("linear_regression"), {}, QStringLiteral("progression")};
        spec.autoPrep = false;
        auto p = ml::trainPipeline(scaled->slice(0, 300), spec, ctx);
        QVERIFY2(p, qPrintable(errorText(p)));
        QCOMPARE(p->upstreamSteps, std::size_t(1));
        auto fromPrepared = p->predict(scaled->slice(300, 142), ctx);
        auto fromRaw = p->predict(raw.slice(300, 142), ctx);
        QVERIFY(fromPrepared && fromRaw);
        QVERIFY(relativeGap(fromPrepared->prediction, fromRaw->prediction) < 1e-12);

        // Rows prepared by another fitted step are refused, not silently mis-scaled.
        auto other = prep::fitStandardize(raw.slice(0, 50), {}, ctx);
        QVERIFY(other);
        auto otherScaled = prep::applyAndRecord(*other, raw, ctx);
        QVERIFY(otherScaled);
        auto refused = p->predict(*otherScaled, ctx);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("prepared by other steps")));
    }

    void categoricalFeaturesAreOneHotEncodedAndUnseenOnesAreZero()
    {
        const Table churn = readDataset(QStringLiteral("customer_churn"));
        ml::TrainSpec spec{
            QStringLiteral("linear_regression"), {}, QStringLiteral("monthly_charges")};
        JobContext ctx;
        auto p = ml::trainPipeline(churn, spec, ctx);
        QVERIFY2(p, qPrintable(errorText(p)));
        QVERIFY(p->features.contains(QStringLiteral("plan=standard")));
        QVERIFY(!p->features.contains(QStringLiteral("customer_id")));
        QVERIFY(p->notes.join(QLatin1Char('\n')).contains(QStringLiteral("customer_id")));
        // A small file of new rows: its reader sees 'plan' and 'region' as text or categories
        // by its own counts, a plan never seen in training, and no target column.
        const Table fresh = readCsvText(
            "customer_id,signup_date,plan,region,tenure_months,support_calls,satisfaction,"
            "has_partner,last_feedback,churned\n"
            "X1,2024-01-02,standard,east,12,1,4,Yes,ok,No\n"
            "X2,2024-01-03,platinum-plus,west,30,0,5,No,fine,No\n");
        auto out = p->predict(fresh, ctx);
        QVERIFY2(out, qPrintable(errorText(out)));
        QCOMPARE(out->prediction.size(), 2);
        QVERIFY(std::isfinite(out->prediction[0]) && std::isfinite(out->prediction[1]));
        auto table = p->predictTable(fresh, ctx);
        QVERIFY(table);
        QVERIFY(table->indexOf(QStringLiteral("prediction")) >= 0);
    }

    void saveAndLoadGiveTheSamePredictions()
    {
        const Table churn = readDataset(QStringLiteral("customer_churn"));
        JobContext ctx;
        auto p = ml::trainPipeline(
            churn, {QStringLiteral("linear_regression"), {}, QStringLiteral("tenure_months")}, ctx);
        QVERIFY(p);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.flmodel"));
        auto saved = ml::savePipeline(*p, path);
        QVERIFY2(saved, qPrintable(errorText(saved)));
        auto back = ml::loadPipeline(path);
        QVERIFY2(back, qPrintable(errorText(back)));
        QCOMPARE(back->toJson(), p->toJson());
        auto a = p->predict(churn, ctx);
        auto b = back->predict(churn, ctx);
        QVERIFY(a && b);
        QVERIFY(a->prediction == b->prediction);

        // Hostile files: garbage, truncated, another format, a newer version, too large.
        const auto write = [&](const QByteArray &bytes) {
            QFile f(path);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(bytes);
        };
        QByteArray json = QJsonDocument(p->toJson()).toJson();
        write(json.left(json.size() / 2));
        QVERIFY(!ml::loadPipeline(path));
        write("\x00\x01garbage");
        QVERIFY(!ml::loadPipeline(path));
        write("{\"format\": \"something-else\"}");
        QVERIFY(!ml::loadPipeline(path));
        QJsonObject newer = p->toJson();
        newer.insert(QStringLiteral("version"), 99);
        write(QJsonDocument(newer).toJson());
        auto tooNew = ml::loadPipeline(path);
        QVERIFY(!tooNew);
        QVERIFY(tooNew.error().message.contains(QStringLiteral("newer")));
        write(json);
        QVERIFY(!ml::loadPipeline(path, 100));
        QJsonObject lying = p->toJson();
        lying.insert(QStringLiteral("features"), QJsonArray{QStringLiteral("a")});
        write(QJsonDocument(lying).toJson());
        QVERIFY(!ml::loadPipeline(path));
    }

    void binaryEvaluationsSayWhereToPutTheThreshold()
    {
        const Table cancer = readDataset(QStringLiteral("breast_cancer"));
        JobContext ctx;
        auto p = ml::trainPipeline(
            cancer.slice(0, 400),
            {QStringLiteral("logistic_regression"), {}, QStringLiteral("diagnosis")}, ctx);
        QVERIFY2(p, qPrintable(errorText(p)));
        auto ev = eval::evaluatePipeline(*p, cancer.slice(400, cancer.rowCount() - 400), ctx);
        QVERIFY2(ev, qPrintable(errorText(ev)));
        const double threshold = ev->metric(QStringLiteral("best_f1_threshold"));
        QVERIFY(threshold > 0 && threshold < 1);
        // The best threshold's F1 is at least the F1 at the default 0.5 cut.
        QVERIFY(ev->metric(QStringLiteral("best_f1")) >= ev->metric(QStringLiteral("f1")));
        QVERIFY(std::isfinite(ev->metric(QStringLiteral("youden_threshold"))));
    }

    void clearErrors()
    {
        const Table iris = readDataset(QStringLiteral("iris"));
        JobContext ctx;
        auto unknown = ml::trainPipeline(iris, {QStringLiteral("deep_magic"), {}, {}}, ctx);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("linear_regression")));
        auto noTarget = ml::trainPipeline(
            iris, {QStringLiteral("linear_regression"), {}, QStringLiteral("nope")}, ctx);
        QVERIFY(!noTarget);
        QVERIFY(noTarget.error().message.contains(QStringLiteral("'nope'")));
        auto textTarget = ml::trainPipeline(
            iris, {QStringLiteral("linear_regression"), {}, QStringLiteral("species")}, ctx);
        QVERIFY(!textTarget);
        QVERIFY(textTarget.error().message.contains(QStringLiteral("numeric target")));
        auto badParam =
            ml::trainPipeline(iris,
                              {QStringLiteral("linear_regression"),
                               {{QStringLiteral("fit_intercept"), QStringLiteral("maybe")}},
                               QStringLiteral("sepal_length")},
                              ctx);
        QVERIFY(!badParam);
        QVERIFY(badParam.error().message.contains(QStringLiteral("fit_intercept")));
        ml::TrainSpec raw{
            QStringLiteral("linear_regression"), {}, QStringLiteral("monthly_charges")};
        raw.autoPrep = false;
        auto needsEncoding =
            ml::trainPipeline(readDataset(QStringLiteral("customer_churn")), raw, ctx);
        QVERIFY(!needsEncoding);
        QVERIFY(needsEncoding.error().message.contains(QStringLiteral("encode")));
    }
};

QTEST_GUILESS_MAIN(TstMlPipeline)
#include "tst_ml_pipeline.moc"

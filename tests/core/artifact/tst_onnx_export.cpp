// ONNX exports run in a real runtime: models trained on resources/data (every exportable
// algorithm; raw tables with categories and missing values; hand-made recipes) are exported,
// run on held-out rows in onnxruntime-node (run_onnx.js, installed by the onnxruntime_install
// ctest fixture), and compared with the pipeline's own predictions: probabilities within 1e-5,
// labels equal, regression values within 1e-5 relative. One node process runs every model.

#include "MlReference.h"
#include "artifact/OnnxExport.h"
#include "ml/Pipeline.h"
#include "prep/Impute.h"
#include "prep/MinMaxScale.h"
#include "prep/OneHot.h"
#include "prep/OrdinalEncode.h"
#include "prep/Recipe.h"
#include "prep/RobustScale.h"
#include "table/BooleanColumn.h"
#include "table/CategoricalColumn.h"
#include "table/NumericColumn.h"
#include "table/TextColumn.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace flowline;
using namespace flowline::core;
using flowline::tests::errorText;
using flowline::tests::readDataset;

namespace {

constexpr double kProbabilityTolerance = 1e-5;
constexpr double kRelativeTolerance = 1e-5;

struct Case
{
    QString name;
    QString dataset;
    QString target;
    QString algorithm;
    QVariantMap params;
    bool customRecipe = false; // churn with ordinal, min-max, robust scaling, one-hot steps
};

const std::vector<Case> &cases()
{
    static const std::vector<Case> all = [] {
        std::vector<Case> c;
        const QVariantMap forest{{QStringLiteral("n_estimators"), 15}};
        const QVariantMap boosting{{QStringLiteral("max_iter"), 30}};
        const QVariantMap multinomial{
            {QStringLiteral("distribution"), QStringLiteral("multinomial")}};
        for (const auto &[data, target] :
             {std::pair{QStringLiteral("iris"), QStringLiteral("species")},
              std::pair{QStringLiteral("breast_cancer"), QStringLiteral("diagnosis")},
              std::pair{QStringLiteral("customer_churn"), QStringLiteral("churned")}}) {
            for (const auto &[algo, params] :
                 {std::pair{QStringLiteral("logistic_regression"), QVariantMap()},
                  std::pair{QStringLiteral("linear_svm"), QVariantMap()},
                  std::pair{QStringLiteral("naive_bayes"), QVariantMap()},
                  std::pair{QStringLiteral("decision_tree"), QVariantMap()},
                  std::pair{QStringLiteral("random_forest"), forest},
                  std::pair{QStringLiteral("gradient_boosting"), boosting}})
                c.push_back({data + QLatin1Char('/') + algo, data, target, algo, params});
        }
        // Small networks, few epochs: the point is the forward pass, not the fit.
        const QVariantMap mlp{{QStringLiteral("hidden_layer_sizes"), QStringLiteral("8,4")},
                              {QStringLiteral("max_iter"), 40}};
        const QVariantMap mlpTanh{{QStringLiteral("hidden_layer_sizes"), QStringLiteral("6")},
                                  {QStringLiteral("activation"), QStringLiteral("tanh")},
                                  {QStringLiteral("max_iter"), 40}};
        c.push_back({QStringLiteral("iris/mlp"), QStringLiteral("iris"), QStringLiteral("species"),
                     QStringLiteral("mlp"), mlp});
        c.push_back({QStringLiteral("breast_cancer/mlp tanh"), QStringLiteral("breast_cancer"),
                     QStringLiteral("diagnosis"), QStringLiteral("mlp"), mlpTanh});
        c.push_back({QStringLiteral("customer_churn/mlp"), QStringLiteral("customer_churn"),
                     QStringLiteral("churned"), QStringLiteral("mlp"), mlp});
        c.push_back({QStringLiteral("diabetes/mlp"), QStringLiteral("diabetes"),
                     QStringLiteral("progression"), QStringLiteral("mlp"), mlp});
        // A boolean input (one-hot "false" / "true"; missing: a row of zeros).
        c.push_back({QStringLiteral("iris with a boolean/logistic_regression"),
                     QStringLiteral("iris+boolean"), QStringLiteral("species"),
                     QStringLiteral("logistic_regression"), QVariantMap()});
        c.push_back({QStringLiteral("iris/naive_bayes multinomial"), QStringLiteral("iris"),
                     QStringLiteral("species"), QStringLiteral("naive_bayes"), multinomial});
        for (const auto &[data, target] :
             {std::pair{QStringLiteral("diabetes"), QStringLiteral("progression")},
              std::pair{QStringLiteral("customer_churn"), QStringLiteral("monthly_charges")}}) {
            for (const auto &[algo, params] :
                 {std::pair{QStringLiteral("linear_regression"), QVariantMap()},
                  std::pair{QStringLiteral("ridge"), QVariantMap()},
                  std::pair{QStringLiteral("lasso"), QVariantMap()},
                  std::pair{QStringLiteral("elastic_net"), QVariantMap()},
                  std::pair{QStringLiteral("decision_tree"), QVariantMap()},
                  std::pair{QStringLiteral("random_forest"), forest},
                  std::pair{QStringLiteral("gradient_boosting"), boosting}})
                c.push_back({data + QLatin1Char('/') + algo, data, target, algo, params});
        }
        for (const QString &algo :
             {QStringLiteral("logistic_regression"), QStringLiteral("gradient_boosting"),
              QStringLiteral("random_forest")})
            c.push_back({QStringLiteral("churn recipe/") + algo, QStringLiteral("customer_churn"),
                         QStringLiteral("churned"), algo,
                         algo == QLatin1String("random_forest")       ? forest
                         : algo == QLatin1String("gradient_boosting") ? boosting
                                                                      : QVariantMap(),
                         true});
        return c;
    }();
    return all;
}

// Steps fitted before training, so that every mapped step kind runs in a real runtime:
// ordinal (plan), min-max (monthly_charges, tenure_months), robust scaling (support_calls),
// mean imputation (satisfaction), one-hot with its own column for missing values and unseen
// categories sent to (other) (region).
Result<Table> withRecipe(const Table &raw)
{
    JobContext ctx;
    Table t = raw;
    const auto apply = [&](auto fitted) -> Result<bool> {
        if (!fitted)
            return fitted.error();
        auto out = prep::applyAndRecord(*fitted, t, ctx);
        if (!out)
            return out.error();
        t = std::move(*out);
        return true;
    };
    prep::OrdinalSpec ordinal;
    ordinal.columns = {QStringLiteral("plan")};
    prep::MinMaxSpec minmax;
    minmax.columns = {QStringLiteral("monthly_charges"), QStringLiteral("tenure_months")};
    minmax.low = -1;
    minmax.high = 2;
    prep::RobustScaleSpec robust;
    robust.columns = {QStringLiteral("support_calls")};
    prep::ImputeSpec impute;
    impute.columns = {QStringLiteral("satisfaction")};
    impute.strategy = prep::ImputeStrategy::Mean;
    prep::OneHotSpec onehot;
    onehot.columns = {QStringLiteral("region")};
    onehot.missing = prep::OneHotMissing::OwnColumn;
    onehot.unseen = prep::OneHotUnseen::Other;
    for (auto r : {apply(prep::fitOrdinal(t, ordinal, ctx)), apply(prep::fitMinMax(t, minmax, ctx)),
                   apply(prep::fitRobustScale(t, robust, ctx)),
                   apply(prep::fitImpute(t, impute, ctx)), apply(prep::fitOneHot(t, onehot, ctx))})
        if (!r)
            return r.error();
    return t;
}

// iris plus "wide": sepal_width > 3 as a boolean, missing on every seventh row.
Table withBoolean(const Table &iris)
{
    const NumericColumn *w = iris.numeric(iris.indexOf(QStringLiteral("sepal_width")));
    std::vector<std::int8_t> flags(std::size_t(iris.rowCount()));
    for (std::size_t i = 0; i < flags.size(); ++i)
        flags[i] =
            i % 7 == 3 ? BooleanColumn::kMissing : std::int8_t(w->value(std::int64_t(i)) > 3.0);
    return iris.withColumn(QStringLiteral("wide"),
                           std::make_shared<BooleanColumn>(std::move(flags)));
}

QJsonValue cellJson(const Column &c, std::int64_t row, bool &text)
{
    switch (c.kind()) {
    case ColumnKind::Numeric: {
        text = false;
        const double v = static_cast<const NumericColumn &>(c).value(row);
        return std::isnan(v) ? QJsonValue() : QJsonValue(v);
    }
    case ColumnKind::Categorical: {
        text = true;
        const auto &cat = static_cast<const CategoricalColumn &>(c);
        const auto code = cat.code(row);
        if (code < 0)
            return QString();
        const auto s = cat.category(code);
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    }
    case ColumnKind::Boolean: {
        text = true;
        const auto v = static_cast<const BooleanColumn &>(c).value(row);
        return v < 0 ? QString() : v ? QStringLiteral("true") : QStringLiteral("false");
    }
    case ColumnKind::Text: {
        text = true;
        const auto &t = static_cast<const TextColumn &>(c);
        if (t.isMissing(row))
            return QString();
        const auto s = t.value(row);
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    }
    case ColumnKind::Datetime:
        break;
    }
    text = false;
    return QJsonValue();
}

struct Prepared
{
    Case c;
    ml::PipelinePtr pipeline;
    ml::PipelineOutput ours;
    QJsonObject runtime; // the outputs from onnxruntime
    QString error;
};

} // namespace

class TstOnnxExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::vector<Prepared> m_results;
    double m_maxProbability = 0, m_maxRelative = 0, m_maxScore = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        std::map<QString, Table> tables;
        QJsonArray jobs;
        for (const Case &c : cases()) {
            Prepared p{c, {}, {}, {}, {}};
            if (!tables.count(c.dataset))
                tables[c.dataset] = c.dataset == QLatin1String("iris+boolean")
                                        ? withBoolean(readDataset(QStringLiteral("iris")))
                                        : readDataset(c.dataset);
            Table raw = tables[c.dataset];
            QVERIFY2(raw.rowCount() > 0, qPrintable(c.dataset));
            Table trainOn = raw;
            if (c.customRecipe) {
                auto prepared = withRecipe(raw);
                QVERIFY2(prepared, qPrintable(errorText(prepared)));
                trainOn = *prepared;
            }
            // Every fifth row is held out.
            std::vector<std::int64_t> train, test;
            for (std::int64_t i = 0; i < raw.rowCount(); ++i)
                (i % 5 == 0 ? test : train).push_back(i);
            JobContext ctx;
            ml::TrainSpec spec;
            spec.algorithm = c.algorithm;
            spec.target = c.target;
            spec.params = c.params;
            auto fitted = ml::trainPipeline(trainOn.take(train), spec, ctx);
            QVERIFY2(fitted, qPrintable(c.name + QStringLiteral(": ") + errorText(fitted)));
            p.pipeline = std::make_shared<const ml::Pipeline>(std::move(*fitted));
            const Table held = raw.take(test);
            auto ours = p.pipeline->predict(held, ctx);
            QVERIFY2(ours, qPrintable(c.name + QStringLiteral(": ") + errorText(ours)));
            p.ours = std::move(*ours);

            auto exported = artifact::exportOnnx(*p.pipeline);
            QVERIFY2(exported, qPrintable(c.name + QStringLiteral(": ") + errorText(exported)));
            QVERIFY(!exported->inputs.contains(c.target));
            const QString path = m_dir.filePath(QStringLiteral("m%1.onnx").arg(jobs.size()));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(exported->bytes);
            f.close();
            QJsonObject inputs;
            for (const QString &name : exported->inputs) {
                const int col = held.indexOf(name);
                QVERIFY2(col >= 0, qPrintable(name));
                QJsonArray data;
                bool text = false;
                for (std::int64_t r = 0; r < held.rowCount(); ++r)
                    data.append(cellJson(*held.column(col), r, text));
                inputs.insert(name,
                              QJsonObject{{QStringLiteral("type"), text ? QStringLiteral("string")
                                                                        : QStringLiteral("double")},
                                          {QStringLiteral("data"), data}});
            }
            jobs.append(
                QJsonObject{{QStringLiteral("model"), path}, {QStringLiteral("inputs"), inputs}});
            m_results.push_back(std::move(p));
        }

        const QString jobsPath = m_dir.filePath(QStringLiteral("jobs.json"));
        const QString resultsPath = m_dir.filePath(QStringLiteral("results.json"));
        QFile jf(jobsPath);
        QVERIFY(jf.open(QIODevice::WriteOnly));
        jf.write(QJsonDocument(jobs).toJson(QJsonDocument::Compact));
        jf.close();
        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NODE_PATH"),
                   QStringLiteral(FLOWLINE_ONNXRUNTIME_DIR "/node_modules"));
        node.setProcessEnvironment(env);
        node.start(QStringLiteral(FLOWLINE_NODE),
                   {QStringLiteral(FLOWLINE_RUN_ONNX_JS), jobsPath, resultsPath});
        QVERIFY2(node.waitForStarted(30000),
                 qPrintable(QStringLiteral("cannot start node (%1): %2")
                                .arg(QStringLiteral(FLOWLINE_NODE), node.errorString())));
        QVERIFY2(node.waitForFinished(120000), "node did not finish in 120 s");
        QVERIFY2(
            node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
            qPrintable(
                QStringLiteral(
                    "run_onnx.js failed (is onnxruntime-node installed in " FLOWLINE_ONNXRUNTIME_DIR
                    "? the onnxruntime_install "
                    "test installs it): ") +
                QString::fromUtf8(node.readAllStandardError())));
        QFile rf(resultsPath);
        QVERIFY(rf.open(QIODevice::ReadOnly));
        const QJsonArray results = QJsonDocument::fromJson(rf.readAll()).array();
        QCOMPARE(results.size(), qsizetype(m_results.size()));
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject r = results[i].toObject();
            m_results[std::size_t(i)].error = r.value(QStringLiteral("error")).toString();
            m_results[std::size_t(i)].runtime = r.value(QStringLiteral("outputs")).toObject();
        }
    }

    void matchesOnnxRuntime_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < m_results.size(); ++i)
            QTest::newRow(qPrintable(m_results[i].c.name)) << int(i);
    }

    void matchesOnnxRuntime()
    {
        QFETCH(int, index);
        const Prepared &p = m_results[std::size_t(index)];
        QVERIFY2(p.error.isEmpty(), qPrintable(QStringLiteral("onnxruntime: ") + p.error));
        const auto n = p.ours.prediction.size();
        QVERIFY(n > 10);
        double caseMax = 0;
        // The largest gap of this model, for the record.
        const auto report = qScopeGuard([&] { qInfo("max gap %.3g", caseMax); });
        const auto values = [&](const char *name) {
            return p.runtime.value(QLatin1String(name))
                .toObject()
                .value(QStringLiteral("data"))
                .toArray();
        };
        if (p.pipeline->task == ml::Task::Regression) {
            const QJsonArray pred = values("prediction");
            QCOMPARE(pred.size(), qsizetype(n));
            for (Eigen::Index i = 0; i < n; ++i) {
                const double ours = p.ours.prediction[i], theirs = pred[i].toDouble(NAN);
                const double rel = std::abs(ours - theirs) / std::max(1.0, std::abs(ours));
                m_maxRelative = std::max(m_maxRelative, rel);
                caseMax = std::max(caseMax, rel);
                QVERIFY2(rel <= kRelativeTolerance,
                         qPrintable(QStringLiteral("row %1: ours %2, onnxruntime %3")
                                        .arg(i)
                                        .arg(ours, 0, 'g', 17)
                                        .arg(theirs, 0, 'g', 17)));
            }
            return;
        }
        const QJsonArray label = values("label");
        QCOMPARE(label.size(), qsizetype(n));
        for (Eigen::Index i = 0; i < n; ++i)
            QVERIFY2(label[i].toString() == p.pipeline->classes[int(p.ours.prediction[i])],
                     qPrintable(QStringLiteral("row %1: ours '%2', onnxruntime '%3'")
                                    .arg(i)
                                    .arg(p.pipeline->classes[int(p.ours.prediction[i])],
                                         label[i].toString())));
        const bool margins = p.ours.proba.size() == 0;
        const Eigen::MatrixXd &expected = margins ? p.ours.decision : p.ours.proba;
        const QJsonArray got = values(margins ? "scores" : "probabilities");
        QCOMPARE(got.size(), qsizetype(expected.size()));
        const auto k = expected.cols();
        for (Eigen::Index i = 0; i < n; ++i)
            for (Eigen::Index j = 0; j < k; ++j) {
                const double ours = expected(i, j), theirs = got[i * k + j].toDouble(NAN);
                const double gap = std::abs(ours - theirs);
                const double allowed = margins ? kRelativeTolerance * std::max(1.0, std::abs(ours))
                                               : kProbabilityTolerance;
                (margins ? m_maxScore : m_maxProbability) =
                    std::max(margins ? m_maxScore : m_maxProbability, gap);
                caseMax = std::max(caseMax, gap);
                QVERIFY2(gap <= allowed,
                         qPrintable(QStringLiteral("row %1 class %2: ours %3, onnxruntime %4")
                                        .arg(i)
                                        .arg(j)
                                        .arg(ours, 0, 'g', 17)
                                        .arg(theirs, 0, 'g', 17)));
            }
    }

    void cleanupTestCase()
    {
        // For the record (docs and reviews quote these).
        qInfo(
            "max |probability gap| %.3g, max relative regression gap %.3g, max SVM score gap %.3g",
            m_maxProbability, m_maxRelative, m_maxScore);
    }
};

QTEST_GUILESS_MAIN(TstOnnxExport)
#include "tst_onnx_export.moc"

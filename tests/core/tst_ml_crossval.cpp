// 5-fold cross-validated scores against scikit-learn's (cv_reference.json, made by
// make_cv_reference.py): same folds (stratified / plain k-fold without shuffling), same
// hyperparameters, same default preparation refitted inside every fold. Deterministic
// algorithms must agree to 0.01; randomised ones are averaged over the same number of seeds as
// the reference and must agree to 0.01 too.

#include "MlReference.h"

#include "eval/CrossValidation.h"

#include <QTest>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

struct Case
{
    QString dataset, target, algorithm;
    double reference = 0;
    bool randomised = false;
};

const QStringList kRandomised = {QStringLiteral("decision_tree"), QStringLiteral("random_forest"),
                                 QStringLiteral("gradient_boosting"), QStringLiteral("mlp")};

QString targetOf(const QString &dataset)
{
    if (dataset == QLatin1String("iris"))
        return QStringLiteral("species");
    if (dataset == QLatin1String("wine"))
        return QStringLiteral("cultivar");
    if (dataset == QLatin1String("breast_cancer"))
        return QStringLiteral("diagnosis");
    if (dataset == QLatin1String("diabetes"))
        return QStringLiteral("progression");
    return QStringLiteral("churned");
}

} // namespace

class TstMlCrossVal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesScikitLearn_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<double>("reference");
        QTest::addColumn<int>("seeds");
        const QJsonObject ref = readReference(QStringLiteral("cv_reference.json"));
        QVERIFY(!ref.isEmpty());
        const int seeds = ref.value(QStringLiteral("seeds")).toInt();
        const QJsonObject results = ref.value(QStringLiteral("results")).toObject();
        for (auto d = results.begin(); d != results.end(); ++d) {
            const QJsonObject algos = d.value().toObject();
            for (auto a = algos.begin(); a != algos.end(); ++a) {
                if (!ml::findEstimator(a.key()))
                    continue; // not in the catalog yet
                QTest::newRow(qPrintable(d.key() + QLatin1Char('/') + a.key()))
                    << d.key() << a.key()
                    << a.value().toObject().value(QStringLiteral("mean")).toDouble()
                    << (kRandomised.contains(a.key()) ? seeds : 1);
            }
        }
    }

    void matchesScikitLearn()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, algorithm);
        QFETCH(double, reference);
        QFETCH(int, seeds);
        const Table table = readDataset(dataset);
        QVERIFY(table.rowCount() > 0);
        ml::TrainSpec spec;
        spec.algorithm = algorithm;
        spec.target = targetOf(dataset);
        spec.task =
            dataset == QLatin1String("diabetes") ? ml::Task::Regression : ml::Task::Classification;
        eval::FoldSpec folds;
        folds.scheme = *spec.task == ml::Task::Classification ? eval::FoldScheme::StratifiedKFold
                                                              : eval::FoldScheme::KFold;
        folds.folds = 5;
        folds.shuffle = false;
        const QString metric = *spec.task == ml::Task::Classification ? QStringLiteral("accuracy")
                                                                      : QStringLiteral("r2");
        double sum = 0;
        for (int s = 0; s < seeds; ++s) {
            JobContext ctx;
            ctx.setSeed(std::uint64_t(s));
            ctx.setThreads(2);
            auto cv = eval::crossValidate(table, spec, folds, ctx);
            QVERIFY2(cv, qPrintable(errorText(cv)));
            sum += cv->metricMean(metric);
        }
        const double ours = sum / seeds;
        QVERIFY2(std::abs(ours - reference) <= 0.01,
                 qPrintable(QStringLiteral("%1 %2: ours %3, scikit-learn %4")
                                .arg(dataset, algorithm)
                                .arg(ours, 0, 'f', 4)
                                .arg(reference, 0, 'f', 4)));
    }
};

QTEST_GUILESS_MAIN(TstMlCrossVal)
#include "tst_ml_crossval.moc"

#include "EvalReference.h"

#include "eval/Folds.h"
#include "util/SplitMix64.h"

#include <QTest>

#include <map>

using namespace flowline;
using namespace flowline::core;
using namespace flowline::tests;

namespace {

// Every row tested exactly once per repeat (hold-out: at most once), train = the complement,
// both sorted.
bool isPartition(const std::vector<eval::Fold> &folds, std::int64_t n, int perRepeat,
                 bool holdout = false)
{
    std::map<int, std::vector<int>> tested;
    for (const eval::Fold &f : folds) {
        auto &count = tested[f.repeat];
        count.resize(std::size_t(n), 0);
        if (!std::is_sorted(f.test.begin(), f.test.end()) ||
            !std::is_sorted(f.train.begin(), f.train.end()) ||
            std::int64_t(f.test.size() + f.train.size()) != n)
            return false;
        std::vector<char> inTest(std::size_t(n), 0);
        for (auto i : f.test) {
            ++count[std::size_t(i)];
            inTest[std::size_t(i)] = 1;
        }
        for (auto i : f.train)
            if (inTest[std::size_t(i)])
                return false;
    }
    for (const auto &[repeat, count] : tested)
        for (int c : count)
            if (c != 1 && !(holdout && c == 0))
                return false;
    return folds.size() == tested.size() * std::size_t(perRepeat);
}

Eigen::VectorXi randomClasses(int n, std::uint64_t seed)
{
    SplitMix64 rng{seed};
    Eigen::VectorXi y(n);
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        y[i] = u < 0.6 ? 3 : (u < 0.9 ? 0 : 1);
    }
    return y;
}

} // namespace

class TstEvalFolds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unshuffledMatchScikitLearn_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = refCases(QStringLiteral("metrics_folds.json"));
        QVERIFY(cases.size() >= 8);
        for (int i = 0; i < cases.size(); ++i) {
            const QJsonObject c = cases[i].toObject();
            QTest::newRow(qPrintable(QStringLiteral("%1 %2 n=%3 k=%4")
                                         .arg(c.value(QStringLiteral("scheme")).toString(),
                                              c.value(QStringLiteral("name")).toString())
                                         .arg(c.value(QStringLiteral("n")).toInt())
                                         .arg(c.value(QStringLiteral("k")).toInt())))
                << i;
        }
    }

    // KFold and StratifiedKFold without shuffling give scikit-learn 1.2's folds exactly.
    void unshuffledMatchScikitLearn()
    {
        QFETCH(int, index);
        const QJsonObject c = refCases(QStringLiteral("metrics_folds.json"))[index].toObject();
        const bool stratified = c.value(QStringLiteral("scheme")) == QLatin1String("stratified");
        eval::FoldSpec spec;
        spec.scheme = stratified ? eval::FoldScheme::StratifiedKFold : eval::FoldScheme::KFold;
        spec.folds = c.value(QStringLiteral("k")).toInt();
        spec.shuffle = false;
        const std::int64_t n = c.value(QStringLiteral("n")).toInt();
        const Eigen::VectorXi classes = refInts(c, QStringLiteral("classes"));
        auto folds = eval::makeFolds(n, stratified ? &classes : nullptr, spec);
        QVERIFY2(folds, qPrintable(errorText(folds)));
        QVERIFY(isPartition(*folds, n, spec.folds));
        const Eigen::VectorXi want = refInts(c, QStringLiteral("fold"));
        Eigen::VectorXi got = Eigen::VectorXi::Constant(int(n), -1);
        for (const eval::Fold &f : *folds)
            for (auto i : f.test)
                got[Eigen::Index(i)] = f.index;
        QCOMPARE(got, want);
    }

    // Shuffled stratified folds: a partition, fold sizes and per-class counts within one of
    // each other, the same for the same seed, different for another seed.
    void shuffledStratifiedProperties()
    {
        const Eigen::VectorXi y = randomClasses(203, 5);
        eval::FoldSpec spec;
        spec.folds = 5;
        auto a = eval::makeFolds(203, &y, spec);
        QVERIFY2(a, qPrintable(errorText(a)));
        QVERIFY(isPartition(*a, 203, 5));
        for (int cls : {0, 1, 3}) {
            std::vector<int> perFold;
            for (const eval::Fold &f : *a)
                perFold.push_back(int(std::count_if(f.test.begin(), f.test.end(),
                                                    [&](auto i) { return y[i] == cls; })));
            const auto [lo, hi] = std::minmax_element(perFold.begin(), perFold.end());
            QVERIFY(*hi - *lo <= 1);
        }
        std::size_t smallest = 1000, largest = 0;
        for (const eval::Fold &f : *a) {
            smallest = std::min(smallest, f.test.size());
            largest = std::max(largest, f.test.size());
        }
        QVERIFY(largest - smallest <= 1);
        // Class values are labels, not sizes: a huge one costs nothing.
        Eigen::VectorXi far = y;
        for (Eigen::Index i = 0; i < far.size(); ++i)
            if (far[i] == 3)
                far[i] = std::numeric_limits<int>::max();
        auto farFolds = eval::makeFolds(203, &far, spec);
        QVERIFY2(farFolds, qPrintable(errorText(farFolds)));
        QVERIFY((*farFolds)[1].test == (*a)[1].test);
        auto again = eval::makeFolds(203, &y, spec);
        QVERIFY((*again)[2].test == (*a)[2].test);
        spec.seed = 43;
        auto other = eval::makeFolds(203, &y, spec);
        QVERIFY((*other)[0].test != (*a)[0].test);
        spec.shuffle = false;
        auto plain = eval::makeFolds(203, &y, spec);
        QVERIFY((*plain)[0].test != (*a)[0].test);
    }

    void shuffledKFoldAndRepeats()
    {
        eval::FoldSpec spec;
        spec.scheme = eval::FoldScheme::RepeatedKFold;
        spec.folds = 4;
        spec.repeats = 3;
        auto r = eval::makeFolds(50, nullptr, spec);
        QVERIFY2(r, qPrintable(errorText(r)));
        QCOMPARE(r->size(), std::size_t(12));
        QVERIFY(isPartition(*r, 50, 4));
        QCOMPARE((*r)[4].repeat, 1);
        QCOMPARE((*r)[4].index, 0);
        QVERIFY((*r)[0].test != (*r)[4].test); // another shuffle per repeat
        QVERIFY((*r)[4].test != (*r)[8].test);
        for (const eval::Fold &f : *r)
            QVERIFY(f.test.size() == 13 || f.test.size() == 12);

        const Eigen::VectorXi y = randomClasses(90, 8);
        spec.scheme = eval::FoldScheme::RepeatedStratifiedKFold;
        auto s = eval::makeFolds(90, &y, spec);
        QVERIFY2(s, qPrintable(errorText(s)));
        QVERIFY(isPartition(*s, 90, 4));
        QVERIFY((*s)[1].test != (*s)[5].test);
    }

    void holdout()
    {
        eval::FoldSpec spec;
        spec.scheme = eval::FoldScheme::Holdout;
        spec.testFraction = 0.25;
        spec.shuffle = false;
        auto plain = eval::makeFolds(10, nullptr, spec);
        QVERIFY2(plain, qPrintable(errorText(plain)));
        QCOMPARE(plain->size(), std::size_t(1));
        // train_test_split(shuffle=False): ceil(0.25 * 10) = 3 last rows.
        QCOMPARE((*plain)[0].test, (std::vector<std::int64_t>{7, 8, 9}));
        spec.shuffle = true;
        const Eigen::VectorXi y = randomClasses(200, 2);
        auto strat = eval::makeFolds(200, &y, spec);
        QVERIFY2(strat, qPrintable(errorText(strat)));
        QVERIFY(isPartition(*strat, 200, 1, true));
        QCOMPARE((*strat)[0].test.size(), std::size_t(50));
        for (int cls : {0, 1, 3}) {
            const auto total = (y.array() == cls).count();
            const auto tested = std::count_if((*strat)[0].test.begin(), (*strat)[0].test.end(),
                                              [&](auto i) { return y[i] == cls; });
            QVERIFY(std::abs(double(tested) - 0.25 * double(total)) < 1.0);
        }
        spec.repeats = 2;
        auto twice = eval::makeFolds(200, &y, spec);
        QCOMPARE(twice->size(), std::size_t(2));
        QVERIFY((*twice)[0].test != (*twice)[1].test);
    }

    void badSpecsAreErrors()
    {
        eval::FoldSpec spec;
        const Eigen::VectorXi y = randomClasses(20, 1);
        QVERIFY(!eval::makeFolds(0, &y, spec));
        QVERIFY(!eval::makeFolds(20, nullptr, spec)); // stratified without classes
        Eigen::VectorXi withMissing = y;
        withMissing[3] = -1;
        QVERIFY(!eval::makeFolds(20, &withMissing, spec));
        QVERIFY(!eval::makeFolds(19, &y, spec)); // one class per row
        spec.folds = 1;
        QVERIFY(!eval::makeFolds(20, &y, spec));
        spec.folds = 21;
        spec.scheme = eval::FoldScheme::KFold;
        QVERIFY(!eval::makeFolds(20, nullptr, spec));
        // More folds than rows of any class (sklearn's error).
        spec.scheme = eval::FoldScheme::StratifiedKFold;
        spec.folds = 3;
        const Eigen::VectorXi tiny{{0, 1, 0, 1}};
        QVERIFY(!eval::makeFolds(4, &tiny, spec));
        spec.scheme = eval::FoldScheme::Holdout;
        spec.testFraction = 1.0;
        QVERIFY(!eval::makeFolds(20, nullptr, spec));
        spec.testFraction = 0.99;
        QVERIFY(!eval::makeFolds(20, nullptr, spec)); // no training rows left
    }
};

QTEST_GUILESS_MAIN(TstEvalFolds)
#include "tst_eval_folds.moc"

// flowline-bench-ml: one JSON line per case. Each case fits (or scores) on deterministic
// synthetic data, then ml_peers.py times scikit-learn / xgboost on the very same numbers (the
// matrices are handed over as raw float64 files), and a "<case>_vs_<peer>" line gives
// speedup = peer seconds / our seconds next to the target.
//
//   flowline-bench-ml [--case NAME] [--scale F] [--threads T] [--no-peers]

#include "eval/BinaryRanking.h"
#include "eval/Evaluation.h"
#include "jobs/JobContext.h"
#include "ml/Estimator.h"
#include "util/SplitMix64.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>

#include <cmath>
#include <cstdio>
#include <functional>

#include <unistd.h>

using namespace flowline::core;

namespace {

void emitLine(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

struct Gaussian
{
    SplitMix64 rng;
    bool spare = false;
    double next = 0;
    double operator()()
    {
        if (spare) {
            spare = false;
            return next;
        }
        double u, v, s;
        do {
            u = 2 * rng.uniform() - 1;
            v = 2 * rng.uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2 * std::log(s) / s);
        next = v * f;
        spare = true;
        return u * f;
    }
};

// A binary problem with a non-linear edge (so trees have something to find beyond a plane):
// x ~ N(0, 1); logit = x·w + 0.8·x0·x1 − 0.6·|x2| + noise.
void classification(Eigen::Index n, Eigen::Index p, std::uint64_t seed, Eigen::MatrixXd &X,
                    Eigen::VectorXd &y)
{
    Gaussian g{SplitMix64{seed}};
    X.resize(n, p);
    y.resize(n);
    Eigen::VectorXd w(p);
    for (Eigen::Index j = 0; j < p; ++j)
        w[j] = (j % 3 == 0 ? 1.0 : -0.5) / std::sqrt(double(j + 1));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < p; ++j)
            X(i, j) = g();
    for (Eigen::Index i = 0; i < n; ++i) {
        const double z =
            X.row(i).dot(w) + 0.8 * X(i, 0) * X(i, 1) - 0.6 * std::abs(X(i, 2)) + 0.5 * g();
        y[i] = z > 0 ? 1.0 : 0.0;
    }
}

// Blobs for clustering: k centres in [-10, 10]^p, unit spread.
void blobs(Eigen::Index n, Eigen::Index p, int k, std::uint64_t seed, Eigen::MatrixXd &X)
{
    SplitMix64 rng{seed};
    Gaussian g{SplitMix64{seed + 1}};
    Eigen::MatrixXd centres(k, p);
    for (Eigen::Index c = 0; c < k; ++c)
        for (Eigen::Index j = 0; j < p; ++j)
            centres(c, j) = 20 * rng.uniform() - 10;
    X.resize(n, p);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto c = Eigen::Index(rng.below(std::uint64_t(k)));
        for (Eigen::Index j = 0; j < p; ++j)
            X(i, j) = centres(c, j) + g();
    }
}

bool writeMatrix(const QString &path, const Eigen::MatrixXd &m)
{
    // Row-major float64, as numpy's fromfile(...).reshape(rows, cols) reads it.
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = m;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    const auto bytes = qint64(r.size() * qint64(sizeof(double)));
    if (f.write(reinterpret_cast<const char *>(r.data()), bytes) != bytes || !f.flush())
        return false;
    // On disk before anything is timed: the kernel's write-back of a few hundred megabytes
    // would otherwise run during the next timed fit and take CPU from it.
    return ::fsync(f.handle()) == 0;
}

double rocAuc(const Eigen::VectorXd &score, const Eigen::VectorXd &y)
{
    eval::ClassificationInput in;
    in.truth = y.cast<int>();
    in.predicted = (score.array() > 0.5).cast<int>().matrix();
    in.score = score;
    in.classes = {QStringLiteral("0"), QStringLiteral("1")};
    JobContext ctx;
    return eval::evaluateClassification(in, ctx).metric(QStringLiteral("roc_auc"));
}

struct Bench
{
    QString dir;
    int threads = 2;
    bool peers = true;
    QString python;
    double scale = 1.0;

    Eigen::Index rows(Eigen::Index n) const
    {
        return std::max<Eigen::Index>(1000, Eigen::Index(double(n) * scale));
    }

    QString label(Eigen::Index n, Eigen::Index p) const
    {
        if (n % 1000000 == 0)
            return QStringLiteral("%1Mx%2").arg(n / 1000000).arg(p);
        if (n % 1000 == 0)
            return QStringLiteral("%1kx%2").arg(n / 1000).arg(p);
        return QStringLiteral("%1x%2").arg(n).arg(p);
    }

    // Runs ml_peers.py for one case; its JSON line, or an empty object.
    QJsonObject peer(const QString &peerCase, const QStringList &files, const QStringList &extra)
    {
        if (!peers || python.isEmpty())
            return {};
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(python, QStringList{QStringLiteral(FLOWLINE_BENCH_DIR "/ml_peers.py"),
                                    QStringLiteral("--case"), peerCase} +
                            files + extra);
        if (!p.waitForFinished(-1))
            return {};
        for (const auto &line : p.readAllStandardOutput().split('\n')) {
            const auto doc = QJsonDocument::fromJson(line);
            if (doc.isObject()) {
                emitLine(doc.object());
                return doc.object();
            }
        }
        return {};
    }

    void compare(const QString &ours, double ourSeconds, const QJsonObject &peer,
                 double targetSpeedup)
    {
        if (peer.isEmpty() || !peer.contains(QStringLiteral("seconds")))
            return;
        const double theirs = peer.value(QStringLiteral("seconds")).toDouble();
        emitLine({{QStringLiteral("case"),
                   ours + QStringLiteral("_vs_") + peer.value(QStringLiteral("case")).toString()},
                  {QStringLiteral("speedup"), theirs / ourSeconds},
                  {QStringLiteral("target_speedup"), targetSpeedup},
                  {QStringLiteral("met"), theirs / ourSeconds >= targetSpeedup}});
    }

    // Fits `algorithm`; the fit time and the model (null on failure, reported).
    ml::ModelPtr fit(const QString &caseName, const QString &algorithm, const ml::Dataset &data,
                     const QVariantMap &params, ml::Task task, double &seconds)
    {
        const ml::EstimatorInfo *e = ml::findEstimator(algorithm);
        if (!e) {
            emitLine({{QStringLiteral("case"), caseName},
                      {QStringLiteral("skipped"), QStringLiteral("no estimator ") + algorithm}});
            return nullptr;
        }
        auto p = ml::Params::resolve(e->params, params);
        if (!p) {
            emitLine(
                {{QStringLiteral("case"), caseName}, {QStringLiteral("error"), p.error().message}});
            return nullptr;
        }
        JobContext ctx;
        ctx.setThreads(threads);
        ctx.setSeed(42);
        QElapsedTimer t;
        t.start();
        auto m = e->fit(data, *p, task, ctx);
        seconds = double(t.nsecsElapsed()) / 1e9;
        if (!m) {
            emitLine(
                {{QStringLiteral("case"), caseName}, {QStringLiteral("error"), m.error().message}});
            return nullptr;
        }
        return *m;
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Flowline model benchmarks: one JSON line per case."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("case"), QStringLiteral("Run only cases whose name contains this."),
         QStringLiteral("NAME")},
        {QStringLiteral("scale"), QStringLiteral("Multiply every row count (default 1)."),
         QStringLiteral("F"), QStringLiteral("1")},
        {QStringLiteral("threads"), QStringLiteral("Thread budget (default 2)."),
         QStringLiteral("T"), QStringLiteral("2")},
        {QStringLiteral("no-peers"), QStringLiteral("Do not time scikit-learn / xgboost.")},
    });
    parser.process(app);
    Bench b;
    b.threads = std::max(1, parser.value(QStringLiteral("threads")).toInt());
    b.scale = std::max(1e-6, parser.value(QStringLiteral("scale")).toDouble());
    b.peers = !parser.isSet(QStringLiteral("no-peers"));
    b.dir = QDir::tempPath() + QStringLiteral("/flowline-bench-ml");
    QDir().mkpath(b.dir);
    if (b.peers) {
        QProcess p;
        p.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral("-c"), QStringLiteral("import sklearn")});
        if (p.waitForFinished(60000) && p.exitCode() == 0)
            b.python = QStringLiteral("/usr/bin/python3");
        else
            std::fprintf(stderr, "flowline-bench-ml: no python3-sklearn; peers skipped "
                                 "(installer/bootstrap.sh --reference installs them)\n");
    }
    const QString only = parser.value(QStringLiteral("case"));
    const auto wanted = [&](const QString &name) { return only.isEmpty() || name.contains(only); };

    // Shared data: a binary problem, 1M training rows (+ 200k held out) × 20.
    Eigen::MatrixXd X, Xtest;
    Eigen::VectorXd y, ytest;
    const auto binary = [&](Eigen::Index n, Eigen::Index test, QString &xFile, QString &yFile,
                            QString &xtFile, QString &ytFile) {
        Eigen::MatrixXd all;
        Eigen::VectorXd ally;
        classification(n + test, 20, 7, all, ally);
        X = all.topRows(n);
        y = ally.head(n);
        Xtest = all.bottomRows(test);
        ytest = ally.tail(test);
        const QString tag = b.label(n, 20);
        xFile = b.dir + QStringLiteral("/bin_%1_X.f64").arg(tag);
        yFile = b.dir + QStringLiteral("/bin_%1_y.f64").arg(tag);
        xtFile = b.dir + QStringLiteral("/bin_%1_Xtest.f64").arg(tag);
        ytFile = b.dir + QStringLiteral("/bin_%1_ytest.f64").arg(tag);
        writeMatrix(xFile, X);
        writeMatrix(yFile, y);
        writeMatrix(xtFile, Xtest);
        writeMatrix(ytFile, ytest);
    };
    const auto dataset = [&](const Eigen::MatrixXd &m, const Eigen::VectorXd &t, int classes) {
        ml::Dataset d;
        d.X = m;
        d.y = t;
        d.classCount = classes;
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            d.features << QStringLiteral("x%1").arg(j);
        return d;
    };

    QString xf, yf, xtf, ytf;
    const auto files = [&] {
        return QStringList{QStringLiteral("--x"),      xf,  QStringLiteral("--y"),      yf,
                           QStringLiteral("--x-test"), xtf, QStringLiteral("--y-test"), ytf};
    };
    JobContext scoreCtx;
    scoreCtx.setThreads(b.threads);

    // Logistic regression, 1M × 20: target at most half of scikit-learn's lbfgs time.
    if (wanted(QStringLiteral("logistic_regression")) ||
        wanted(QStringLiteral("gradient_boosting"))) {
        binary(b.rows(1000000), b.rows(200000), xf, yf, xtf, ytf);
        const QString tag = b.label(X.rows(), 20);
        if (wanted(QStringLiteral("logistic_regression"))) {
            const QString name = QStringLiteral("logistic_regression_") + tag;
            double s = 0;
            if (auto m = b.fit(name, QStringLiteral("logistic_regression"), dataset(X, y, 2), {},
                               ml::Task::Classification, s)) {
                const double auc = rocAuc(m->predictProba(Xtest, scoreCtx).col(1), ytest);
                emitLine({{QStringLiteral("case"), name},
                          {QStringLiteral("tool"), QStringLiteral("flowline")},
                          {QStringLiteral("seconds"), s},
                          {QStringLiteral("test_auc"), auc},
                          {QStringLiteral("threads"), b.threads}});
                b.compare(name, s, b.peer(QStringLiteral("sklearn_logistic_lbfgs"), files(), {}),
                          2.0);
            }
        }
        if (wanted(QStringLiteral("gradient_boosting"))) {
            const QString name = QStringLiteral("gradient_boosting_100it_") + tag;
            double s = 0;
            const QVariantMap params{{QStringLiteral("early_stopping"), QStringLiteral("off")}};
            if (auto m = b.fit(name, QStringLiteral("gradient_boosting"), dataset(X, y, 2), params,
                               ml::Task::Classification, s)) {
                const double auc = rocAuc(m->predictProba(Xtest, scoreCtx).col(1), ytest);
                emitLine({{QStringLiteral("case"), name},
                          {QStringLiteral("tool"), QStringLiteral("flowline")},
                          {QStringLiteral("seconds"), s},
                          {QStringLiteral("test_auc"), auc},
                          {QStringLiteral("threads"), b.threads}});
                const QJsonObject xgb = b.peer(QStringLiteral("xgboost_hist"), files(), {});
                b.compare(name, s, xgb, 1.0);
                if (!xgb.isEmpty())
                    emitLine({{QStringLiteral("case"), name + QStringLiteral("_auc_vs_xgboost")},
                              {QStringLiteral("auc_difference"),
                               auc - xgb.value(QStringLiteral("test_auc")).toDouble()},
                              {QStringLiteral("tolerance"), 0.002}});
                b.compare(name, s,
                          b.peer(QStringLiteral("sklearn_hist_gradient_boosting"), files(), {}),
                          1.0);
            }
        }
    }

    // Random forest, 100 trees on 200k × 20: no slower than scikit-learn with n_jobs=2.
    if (wanted(QStringLiteral("random_forest"))) {
        binary(b.rows(200000), b.rows(50000), xf, yf, xtf, ytf);
        const QString name = QStringLiteral("random_forest_100t_") + b.label(X.rows(), 20);
        double s = 0;
        if (auto m = b.fit(name, QStringLiteral("random_forest"), dataset(X, y, 2), {},
                           ml::Task::Classification, s)) {
            const double auc = rocAuc(m->predictProba(Xtest, scoreCtx).col(1), ytest);
            emitLine({{QStringLiteral("case"), name},
                      {QStringLiteral("tool"), QStringLiteral("flowline")},
                      {QStringLiteral("seconds"), s},
                      {QStringLiteral("test_auc"), auc},
                      {QStringLiteral("threads"), b.threads}});
            b.compare(name, s, b.peer(QStringLiteral("sklearn_random_forest"), files(), {}), 1.0);
        }
    }

    // k-NN: 100k training rows × 20, 10k queries, k = 5.
    if (wanted(QStringLiteral("knn"))) {
        binary(b.rows(100000), b.rows(10000), xf, yf, xtf, ytf);
        const QString name = QStringLiteral("knn_predict_") + b.label(X.rows(), 20) +
                             QStringLiteral("_q") + b.label(Xtest.rows(), 20);
        double fitSeconds = 0;
        if (auto m = b.fit(name, QStringLiteral("knn"), dataset(X, y, 2), {},
                           ml::Task::Classification, fitSeconds)) {
            QElapsedTimer t;
            t.start();
            const Eigen::MatrixXd proba = m->predictProba(Xtest, scoreCtx);
            const double s = fitSeconds + double(t.nsecsElapsed()) / 1e9;
            emitLine({{QStringLiteral("case"), name},
                      {QStringLiteral("tool"), QStringLiteral("flowline")},
                      {QStringLiteral("seconds"), s},
                      {QStringLiteral("test_auc"), rocAuc(proba.col(1), ytest)},
                      {QStringLiteral("threads"), b.threads}});
            b.compare(name, s, b.peer(QStringLiteral("sklearn_knn"), files(), {}), 1.0);
        }
    }

    // k-means, k = 8 on 500k × 20 blobs, 10 inits (scikit-learn 1.2's default).
    if (wanted(QStringLiteral("kmeans"))) {
        Eigen::MatrixXd B;
        blobs(b.rows(500000), 20, 8, 11, B);
        xf = b.dir + QStringLiteral("/blobs_%1_X.f64").arg(b.label(B.rows(), 20));
        writeMatrix(xf, B);
        const QString name = QStringLiteral("kmeans_k8_") + b.label(B.rows(), 20);
        double s = 0;
        if (auto m = b.fit(name, QStringLiteral("kmeans"), dataset(B, {}, 0),
                           {{QStringLiteral("n_clusters"), 8}}, ml::Task::Clustering, s)) {
            emitLine(
                {{QStringLiteral("case"), name},
                 {QStringLiteral("tool"), QStringLiteral("flowline")},
                 {QStringLiteral("seconds"), s},
                 {QStringLiteral("inertia"), m->learned().extra.value(QStringLiteral("inertia"))},
                 {QStringLiteral("threads"), b.threads}});
            b.compare(name, s,
                      b.peer(QStringLiteral("sklearn_kmeans"), {QStringLiteral("--x"), xf}, {}),
                      1.0);
        }
    }

    // ROC AUC of 10M scores: at most half of scikit-learn's roc_auc_score time.
    if (wanted(QStringLiteral("roc_auc"))) {
        const Eigen::Index n = b.rows(10000000);
        SplitMix64 rng{5};
        Eigen::VectorXd score(n), truth(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            truth[i] = rng.uniform() < 0.3 ? 1.0 : 0.0;
            // Rounded to 4 decimals, so there are many ties, as real scores have.
            score[i] = std::round((0.35 * truth[i] + 0.65 * rng.uniform()) * 1e4) / 1e4;
        }
        const QString sf = b.dir + QStringLiteral("/auc_score.f64");
        const QString tf = b.dir + QStringLiteral("/auc_truth.f64");
        writeMatrix(sf, score);
        writeMatrix(tf, truth);
        const QString name = QStringLiteral("roc_auc_") + b.label(n, 1).chopped(2);
        const Eigen::VectorXi truth01 = truth.cast<int>();
        JobContext aucCtx;
        aucCtx.setThreads(b.threads);
        double best = 1e300, auc = 0;
        for (int r = 0; r < 3; ++r) {
            QElapsedTimer t;
            t.start();
            auc = eval::rocAucScore(score, truth01, {}, &aucCtx);
            best = std::min(best, double(t.nsecsElapsed()) / 1e9);
        }
        emitLine({{QStringLiteral("case"), name},
                  {QStringLiteral("tool"), QStringLiteral("flowline")},
                  {QStringLiteral("seconds"), best},
                  {QStringLiteral("auc"), auc},
                  {QStringLiteral("threads"), b.threads}});
        // The whole binary evaluation (every metric and curve) of the same scores, for scale.
        QElapsedTimer whole;
        whole.start();
        const double again = rocAuc(score, truth);
        emitLine({{QStringLiteral("case"),
                   QStringLiteral("evaluate_binary_") + b.label(n, 1).chopped(2)},
                  {QStringLiteral("tool"), QStringLiteral("flowline")},
                  {QStringLiteral("seconds"), double(whole.nsecsElapsed()) / 1e9},
                  {QStringLiteral("auc"), again}});
        b.compare(name, best,
                  b.peer(QStringLiteral("sklearn_roc_auc"),
                         {QStringLiteral("--x"), sf, QStringLiteral("--y"), tf}, {}),
                  2.0);
    }
    return 0;
}

// evaluateClassification: scikit-learn 1.2's classification metrics from one confusion matrix
// plus the probability / score based ones (log loss, Brier, ROC AUC, average precision, curves).
//
// Label set: like scikit-learn, the per-class averages (macro, weighted, and the macro
// specificity / false positive rate) run over the classes that occur in truth or predictions
// (whatever their weight). brier: binary = brier_score_loss of the positive class; multi-class =
// the weighted mean over rows of sum_k (onehot_k - p_k)^2 (Brier's original definition, twice
// the binary convention's value on two classes). Multi-class roc_auc_ovr_* are NaN when a class
// is absent from the truth (scikit-learn raises there).

#include "BinaryCurves.h"
#include "Evaluation.h"

#include "jobs/Parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowline::core::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The confusion matrix is K x K: more classes than this is a mistake, not a classification.
constexpr int kMaxClasses = 2048;

double safeDivide(double a, double b)
{
    return b != 0 ? a / b : 0.0;
}

// scikit-learn's F1 from precision and recall (zero when both are).
double fScore(double p, double r)
{
    const double denom = p + r;
    return 2.0 * p * r / (denom == 0 ? 1.0 : denom);
}

struct ClassCurves
{
    std::vector<Curve> curves;
    double auc = kNaN, ap = kNaN;
};

ClassCurves curvesForClass(const Eigen::VectorXd &score, const Eigen::VectorXi &truth01,
                           const Eigen::VectorXd &weight, bool isProbability, const QString &suffix)
{
    ClassCurves out;
    const BinaryRanking r = rankScores(score, truth01, weight);
    out.auc = rocAuc(r);
    out.ap = r.hasNaN() ? kNaN : averagePrecision(r) + 0.0;
    if (r.thresholds.empty() || r.hasNaN())
        return out;
    out.curves.push_back(rocCurve(r, QStringLiteral("roc") + suffix));
    out.curves.push_back(precisionRecallCurve(r, QStringLiteral("pr") + suffix));
    out.curves.push_back(gainsCurve(r, QStringLiteral("gains") + suffix));
    out.curves.push_back(liftCurve(out.curves.back(), QStringLiteral("lift") + suffix));
    if (isProbability) {
        Curve c = calibrationCurve(score, truth01, weight, QStringLiteral("calibration") + suffix);
        if (!c.x.empty())
            out.curves.push_back(std::move(c));
    }
    return out;
}

bool inputIsValid(const ClassificationInput &in, int k, JobContext &ctx)
{
    const Eigen::Index n = in.truth.size();
    QString problem;
    if (in.predicted.size() != n)
        problem = QStringLiteral("predictions and truth differ in length");
    else if (in.weight.size() != 0 && in.weight.size() != n)
        problem = QStringLiteral("weights and truth differ in length");
    else if (in.proba.size() != 0 && (in.proba.rows() != n || in.proba.cols() != k))
        problem = QStringLiteral("probabilities must have one row per row and one column per "
                                 "class");
    else if (in.score.size() != 0 && in.score.size() != n)
        problem = QStringLiteral("scores and truth differ in length");
    else if (n > 0 && (in.truth.minCoeff() < 0 || in.truth.maxCoeff() >= k ||
                       in.predicted.minCoeff() < 0 || in.predicted.maxCoeff() >= k))
        problem = QStringLiteral("class index out of range");
    else if (k == 2 && (in.positive < 0 || in.positive > 1))
        problem = QStringLiteral("positive class index out of range");
    if (problem.isEmpty())
        return true;
    ctx.log(QStringLiteral("evaluation: ") + problem);
    return false;
}

} // namespace

Evaluation evaluateClassification(const ClassificationInput &in, JobContext &ctx)
{
    Evaluation e;
    e.task = QStringLiteral("classification");
    int k = int(in.classes.size());
    if (k == 0) {
        // No names: as many classes as the largest index says (within reason).
        std::int64_t top = in.proba.cols();
        if (in.truth.size())
            top = std::max<std::int64_t>(top, std::int64_t(in.truth.maxCoeff()) + 1);
        if (in.predicted.size())
            top = std::max<std::int64_t>(top, std::int64_t(in.predicted.maxCoeff()) + 1);
        k = int(std::min<std::int64_t>(top, kMaxClasses + 1));
        for (int c = 0; c < k; ++c)
            e.classes << QString::number(c);
    } else {
        e.classes = in.classes;
    }
    if (k > kMaxClasses) {
        ctx.log(QStringLiteral("evaluation: more than %1 classes").arg(kMaxClasses));
        e.metrics.push_back({QStringLiteral("accuracy"), kNaN});
        return e;
    }
    const bool valid = inputIsValid(in, k, ctx);
    const Eigen::Index n = valid ? in.truth.size() : 0;
    const bool binary = k == 2;
    const bool weighted = in.weight.size() == n && n > 0;
    auto w = [&](Eigen::Index i) { return weighted ? in.weight[i] : 1.0; };

    e.confusion = Eigen::MatrixXd::Zero(k, k);
    std::vector<char> present(std::size_t(k), 0);
    double total = 0, correct = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const int t = in.truth[i], p = in.predicted[i];
        e.confusion(t, p) += w(i);
        present[std::size_t(t)] = present[std::size_t(p)] = 1;
        total += w(i);
        correct += t == p ? w(i) : 0.0;
    }
    const Eigen::VectorXd trueSum = e.confusion.rowwise().sum();
    const Eigen::VectorXd predSum = e.confusion.colwise().sum().transpose();

    const auto kk = static_cast<std::size_t>(k);
    std::vector<double> precision(kk), recall(kk), f1(kk), specificity(kk);
    for (int c = 0; c < k; ++c) {
        const double tp = e.confusion(c, c);
        precision[std::size_t(c)] = safeDivide(tp, predSum[c]);
        recall[std::size_t(c)] = safeDivide(tp, trueSum[c]);
        f1[std::size_t(c)] = fScore(precision[std::size_t(c)], recall[std::size_t(c)]);
        const double fp = predSum[c] - tp;
        const double tn = total - trueSum[c] - predSum[c] + tp;
        specificity[std::size_t(c)] = tn + fp > 0 ? tn / (tn + fp) : kNaN;
    }

    auto add = [&](const char *key, double value) {
        e.metrics.push_back({QString::fromLatin1(key), n > 0 ? value : kNaN});
    };
    add("accuracy", correct / total);
    {
        double sum = 0;
        int count = 0;
        for (int c = 0; c < k; ++c)
            if (trueSum[c] > 0 || std::isnan(trueSum[c])) {
                sum += e.confusion(c, c) / trueSum[c];
                ++count;
            }
        add("balanced_accuracy", count ? sum / count : kNaN);
    }
    if (binary) {
        const auto p = std::size_t(in.positive);
        add("precision", precision[p]);
        add("recall", recall[p]);
        add("f1", f1[p]);
    }
    {
        double pm = 0, rm = 0, fm = 0, pw = 0, rw = 0, fw = 0, sw = 0, tpAll = 0, predAll = 0,
               trueAll = 0;
        int labels = 0;
        for (int c = 0; c < k; ++c) {
            if (!present[std::size_t(c)])
                continue;
            const auto s = std::size_t(c);
            ++labels;
            pm += precision[s];
            rm += recall[s];
            fm += f1[s];
            pw += precision[s] * trueSum[c];
            rw += recall[s] * trueSum[c];
            fw += f1[s] * trueSum[c];
            sw += trueSum[c];
            tpAll += e.confusion(c, c);
            predAll += predSum[c];
            trueAll += trueSum[c];
        }
        add("precision_macro", labels ? pm / labels : kNaN);
        add("recall_macro", labels ? rm / labels : kNaN);
        add("f1_macro", labels ? fm / labels : kNaN);
        const double pMicro = safeDivide(tpAll, predAll), rMicro = safeDivide(tpAll, trueAll);
        add("precision_micro", pMicro);
        add("recall_micro", rMicro);
        add("f1_micro", fScore(pMicro, rMicro));
        add("precision_weighted", safeDivide(pw, sw));
        add("recall_weighted", safeDivide(rw, sw));
        add("f1_weighted", safeDivide(fw, sw));
    }
    if (binary) {
        const double s = specificity[std::size_t(in.positive)];
        add("specificity", s);
        add("false_positive_rate", 1.0 - s);
    } else {
        double sum = 0;
        int labels = 0;
        for (int c = 0; c < k; ++c)
            if (present[std::size_t(c)]) {
                sum += specificity[std::size_t(c)];
                ++labels;
            }
        add("specificity", labels ? sum / labels : kNaN);
        add("false_positive_rate", labels ? 1.0 - sum / labels : kNaN);
    }
    {
        // matthews_corrcoef's multi-class form.
        const double nCorrect = e.confusion.trace(), nSamples = predSum.sum();
        const double covTP = nCorrect * nSamples - trueSum.dot(predSum);
        const double covPP = nSamples * nSamples - predSum.dot(predSum);
        const double covTT = nSamples * nSamples - trueSum.dot(trueSum);
        add("mcc", covPP * covTT == 0 ? 0.0 : covTP / std::sqrt(covTT * covPP));
        // cohen_kappa_score (unweighted).
        double observed = 0, expected = 0;
        for (int i = 0; i < k; ++i)
            for (int j = 0; j < k; ++j)
                if (i != j) {
                    observed += e.confusion(i, j);
                    expected += predSum[i] * trueSum[j] / nSamples;
                }
        add("cohen_kappa", 1.0 - observed / expected);
    }

    const bool hasProba = in.proba.size() > 0;
    if (hasProba) {
        constexpr double eps = std::numeric_limits<double>::epsilon();
        double loss = 0, brier = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            double rowSum = 0;
            for (int c = 0; c < k; ++c)
                rowSum += std::clamp(in.proba(i, c), eps, 1 - eps);
            const double pt = std::clamp(in.proba(i, in.truth[i]), eps, 1 - eps);
            loss += w(i) * -std::log(pt / rowSum);
            double b = 0;
            if (binary) {
                const double d =
                    (in.truth[i] == in.positive ? 1.0 : 0.0) - in.proba(i, in.positive);
                b = d * d;
            } else {
                for (int c = 0; c < k; ++c) {
                    const double d = (in.truth[i] == c ? 1.0 : 0.0) - in.proba(i, c);
                    b += d * d;
                }
            }
            brier += w(i) * b;
        }
        add("log_loss", loss / total);
        add("brier", brier / total);
    }

    // Score-based metrics and curves: one-vs-rest per class (binary: the positive class only).
    const bool hasScore = binary && in.score.size() == n && n > 0;
    if ((hasProba || hasScore) && n > 0) {
        const Eigen::VectorXd weight = weighted ? in.weight : Eigen::VectorXd();
        std::vector<int> targets;
        if (binary)
            targets.push_back(in.positive);
        else
            for (int c = 0; c < k; ++c)
                targets.push_back(c);
        std::vector<ClassCurves> perClass(targets.size());
        parallelFor(ctx, std::int64_t(targets.size()), [&](std::int64_t t) {
            const int c = targets[std::size_t(t)];
            const Eigen::VectorXi truth01 = (in.truth.array() == c).cast<int>();
            const Eigen::VectorXd score = hasProba ? Eigen::VectorXd(in.proba.col(c)) : in.score;
            const QString suffix = binary ? QString() : QStringLiteral(":") + e.classes[c];
            perClass[std::size_t(t)] = curvesForClass(score, truth01, weight, hasProba, suffix);
        });
        if (binary) {
            add("roc_auc", perClass[0].auc);
            add("average_precision", perClass[0].ap);
        } else {
            double aucSum = 0, aucWeighted = 0, weightSum = 0, apSum = 0;
            for (int c = 0; c < k; ++c) {
                aucSum += perClass[std::size_t(c)].auc;
                aucWeighted += perClass[std::size_t(c)].auc * trueSum[c];
                weightSum += trueSum[c];
                apSum += perClass[std::size_t(c)].ap;
            }
            add("roc_auc_ovr_macro", aucSum / k);
            add("roc_auc_ovr_weighted", aucWeighted / weightSum);
            add("average_precision_macro", apSum / k);
        }
        for (ClassCurves &c : perClass)
            for (Curve &curve : c.curves)
                e.curves.push_back(std::move(curve));
    }
    return e;
}

} // namespace flowline::core::eval

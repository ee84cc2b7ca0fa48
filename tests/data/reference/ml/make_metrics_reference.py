#!/usr/bin/python3
"""Reference values for core/eval (tests/core/tst_eval_*.cpp), from Debian's python3-sklearn 1.2.
Predictions come from scikit-learn models on the repo datasets and from synthetic data with
ties, weights and imbalanced classes; the tests feed the same predictions to Flowline.
Run from this folder: /usr/bin/python3 make_metrics_reference.py"""
import json, pathlib
import numpy as np, pandas as pd
import sklearn.metrics as M
from sklearn.calibration import calibration_curve
from sklearn.cluster import KMeans
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.preprocessing import LabelEncoder, StandardScaler, label_binarize
from sklearn.svm import LinearSVC

DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"


def numeric(name, target):
    df = pd.read_csv(DATA / f"{name}.csv")
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    return X, df[target]


def dump(name, obj):
    pathlib.Path(name).write_text(json.dumps(obj, indent=None, separators=(",", ":")))


def curve(x, y, t):
    return {"x": list(map(float, x)), "y": list(map(float, y)), "thresholds": list(map(float, t))}


def classification_case(name, truth, proba, weight=None, positive=1, score=None):
    truth = np.asarray(truth)
    K = proba.shape[1] if proba is not None else 2
    if proba is not None:
        pred = proba.argmax(axis=1)
    else:
        pred = np.where(score >= 0, positive, 1 - positive)
    sw = weight
    m = {}
    m["accuracy"] = M.accuracy_score(truth, pred, sample_weight=sw)
    m["balanced_accuracy"] = M.balanced_accuracy_score(truth, pred, sample_weight=sw)
    C = M.confusion_matrix(truth, pred, labels=list(range(K)), sample_weight=sw)
    for avg in ["macro", "micro", "weighted"]:
        m["precision_" + avg] = M.precision_score(truth, pred, average=avg, sample_weight=sw, zero_division=0)
        m["recall_" + avg] = M.recall_score(truth, pred, average=avg, sample_weight=sw, zero_division=0)
        m["f1_" + avg] = M.f1_score(truth, pred, average=avg, sample_weight=sw, zero_division=0)
    m["mcc"] = M.matthews_corrcoef(truth, pred, sample_weight=sw)
    m["cohen_kappa"] = M.cohen_kappa_score(truth, pred, sample_weight=sw)
    curves = {}
    present = sorted(set(truth.tolist()) | set(pred.tolist()))
    # specificity / false_positive_rate from the confusion matrix (no sklearn function).
    C = C.astype(float)
    total = C.sum()
    spec = []
    for k in range(K):
        tp = C[k, k]; fp = C[:, k].sum() - tp; fn = C[k, :].sum() - tp; tn = total - tp - fp - fn
        spec.append(tn / (tn + fp))
    if K == 2:
        m["precision"] = M.precision_score(truth, pred, pos_label=positive, sample_weight=sw, zero_division=0)
        m["recall"] = M.recall_score(truth, pred, pos_label=positive, sample_weight=sw, zero_division=0)
        m["f1"] = M.f1_score(truth, pred, pos_label=positive, sample_weight=sw, zero_division=0)
        m["specificity"] = spec[positive]
        m["false_positive_rate"] = 1 - spec[positive]
        s = proba[:, positive] if proba is not None else score
        y01 = (truth == positive).astype(int)
        m["roc_auc"] = M.roc_auc_score(y01, s, sample_weight=sw)
        m["average_precision"] = M.average_precision_score(y01, s, sample_weight=sw)
        curves["roc"] = curve(*M.roc_curve(y01, s, sample_weight=sw))
        p, r, t = M.precision_recall_curve(y01, s, sample_weight=sw)
        curves["pr"] = curve(r, p, t)
        if proba is not None:
            pt, pp = calibration_curve(y01, s, n_bins=10)
            if sw is None:
                curves["calibration"] = curve(pp, pt, [])
    else:
        m["specificity"] = float(np.mean([spec[k] for k in present]))
        m["false_positive_rate"] = 1 - m["specificity"]
        m["roc_auc_ovr_macro"] = M.roc_auc_score(truth, proba, multi_class="ovr", average="macro", sample_weight=sw)
        m["roc_auc_ovr_weighted"] = M.roc_auc_score(truth, proba, multi_class="ovr", average="weighted", sample_weight=sw)
        Y = label_binarize(truth, classes=list(range(K)))
        m["average_precision_macro"] = M.average_precision_score(Y, proba, average="macro", sample_weight=sw)
        for k in range(K):
            curves[f"roc:{k}"] = curve(*M.roc_curve(Y[:, k], proba[:, k], sample_weight=sw))
            p, r, t = M.precision_recall_curve(Y[:, k], proba[:, k], sample_weight=sw)
            curves[f"pr:{k}"] = curve(r, p, t)
    if proba is not None:
        m["log_loss"] = M.log_loss(truth, proba, sample_weight=sw, labels=list(range(K)))
        if K == 2:
            m["brier"] = M.brier_score_loss((truth == positive).astype(int), proba[:, positive], sample_weight=sw)
        else:
            onehot = np.eye(K)[truth]
            m["brier"] = float(np.average(((onehot - proba) ** 2).sum(axis=1), weights=sw))
    out = {"name": name, "truth": truth.tolist(), "predicted": pred.tolist(), "classes": K,
           "positive": positive, "metrics": {k: float(v) for k, v in m.items()},
           "confusion": C.tolist(), "curves": curves}
    if proba is not None:
        out["proba"] = proba.tolist()
    if score is not None:
        out["score"] = list(map(float, score))
    if sw is not None:
        out["weight"] = list(map(float, sw))
    return out


rng = np.random.default_rng(7)
cases = []

# Breast cancer, logistic regression on standardised features; probabilities rounded to 2
# decimals so that many scores tie.

df = pd.read_csv(DATA / "breast_cancer.csv")
target = df.columns[-1]
X = StandardScaler().fit_transform(df.drop(columns=[target]).select_dtypes("number").to_numpy(float))
y = LabelEncoder().fit_transform(df[target])
half = np.arange(len(y)) % 2 == 0
lr = LogisticRegression(C=0.05, max_iter=5000).fit(X[half], y[half])
P = np.round(lr.predict_proba(X), 2)
P[:, 0] = 1 - P[:, 1]
cases.append(classification_case("breast_cancer", y, P))
cases.append(classification_case("breast_cancer_weighted", y, P, weight=np.round(rng.uniform(0.2, 3.0, len(y)), 1)))
cases.append(classification_case("breast_cancer_positive0", y, P, positive=0))
# The same data through a linear SVM's margin (no probabilities).
svm = LinearSVC(C=0.01, max_iter=20000, random_state=0).fit(X[half], y[half])
cases.append(classification_case("breast_cancer_svm_score", y, None, score=svm.decision_function(X)))

# Synthetic imbalanced binary with heavy ties (scores on a 0.1 grid) and integer weights, some 0.
n = 400
yb = (rng.uniform(size=n) < 0.15).astype(int)
sb = np.clip(np.round(0.35 * yb + rng.uniform(size=n) * 0.65, 1), 0, 1)
Pb = np.column_stack([1 - sb, sb])
wb = rng.integers(0, 4, n).astype(float)
cases.append(classification_case("imbalanced_ties", yb, Pb))
cases.append(classification_case("imbalanced_ties_weighted", yb, Pb, weight=wb))

# Iris with Gaussian naive Bayes (many near-certain probabilities), plain and weighted.
df = pd.read_csv(DATA / "iris.csv")
target = df.columns[-1]
Xi = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
yi = LabelEncoder().fit_transform(df[target])
Pi = GaussianNB().fit(Xi[::3], yi[::3]).predict_proba(Xi)
cases.append(classification_case("iris_nb", yi, Pi))
cases.append(classification_case("iris_nb_weighted", yi, Pi, weight=np.linspace(0.5, 2.0, len(yi))))

# Wine with a weak logistic regression (mistakes in every class).
df = pd.read_csv(DATA / "wine.csv")
target = df.columns[-1]
Xw = StandardScaler().fit_transform(df.drop(columns=[target]).select_dtypes("number").to_numpy(float))
yw = LabelEncoder().fit_transform(df[target])
Pw = LogisticRegression(C=0.002, max_iter=5000).fit(Xw[::4], yw[::4]).predict_proba(Xw)
cases.append(classification_case("wine_lr", yw, Pw))

# Synthetic 4 classes, one rare, probabilities on a coarse grid (ties), random weights.
n = 300
y4 = rng.choice(4, size=n, p=[0.5, 0.3, 0.17, 0.03])
logits = rng.normal(size=(n, 4)) + 1.5 * np.eye(4)[y4]
P4 = np.exp(logits); P4 /= P4.sum(axis=1, keepdims=True)
P4 = np.round(P4, 1); P4 /= P4.sum(axis=1, keepdims=True)
cases.append(classification_case("synthetic4_weighted", y4, P4, weight=rng.uniform(0, 2, n)))
dump("metrics_classification.json", {"cases": cases})

# Threshold analysis: counts and metrics at a few thresholds with predictions score >= t.
s, yt = cases[4]["proba"], np.array(cases[4]["truth"])
s = np.array(s)[:, 1]
th = []
for t in [0.0, 0.2, 0.35, 0.5, 0.7, 1.0, 1.5]:
    p = (s >= t).astype(int)
    tn, fp, fn, tp = M.confusion_matrix(yt, p, labels=[0, 1]).ravel()
    th.append({"threshold": t, "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
               "precision": M.precision_score(yt, p, zero_division=0), "recall": M.recall_score(yt, p),
               "f1": M.f1_score(yt, p, zero_division=0), "accuracy": M.accuracy_score(yt, p),
               "balanced_accuracy": M.balanced_accuracy_score(yt, p), "mcc": M.matthews_corrcoef(yt, p)})
dump("metrics_thresholds.json", {"score": s.tolist(), "truth": yt.tolist(), "at": th})

# Regression: diabetes with linear regression, plain and weighted; synthetic with zeros in the
# truth (MAPE's epsilon), ties and an even count for the median.
Xd, yd = numeric("diabetes", "progression")
pd_ = LinearRegression().fit(Xd[::2], yd[::2]).predict(Xd)
yd = yd.to_numpy(float)


def regression_case(name, truth, pred, weight=None):
    m = {"mse": M.mean_squared_error(truth, pred, sample_weight=weight),
         "rmse": M.mean_squared_error(truth, pred, sample_weight=weight, squared=False),
         "mae": M.mean_absolute_error(truth, pred, sample_weight=weight),
         "median_ae": M.median_absolute_error(truth, pred, sample_weight=weight),
         "r2": M.r2_score(truth, pred, sample_weight=weight),
         "mape": M.mean_absolute_percentage_error(truth, pred, sample_weight=weight)}
    out = {"name": name, "truth": list(map(float, truth)), "predicted": list(map(float, pred)),
           "metrics": {k: float(v) for k, v in m.items()}}
    if weight is not None:
        out["weight"] = list(map(float, weight))
    return out


reg = [regression_case("diabetes", yd, pd_),
       regression_case("diabetes_weighted", yd, pd_, np.round(rng.uniform(0.1, 3, len(yd)), 2))]
yt = np.round(rng.normal(size=200), 1); yt[:7] = 0.0
pt = np.round(yt + rng.normal(scale=0.5, size=200), 1)
reg.append(regression_case("synthetic_ties", yt, pt))
reg.append(regression_case("synthetic_ties_weighted", yt, pt, rng.integers(0, 5, 200).astype(float)))
reg.append(regression_case("constant_truth", np.full(10, 3.0), np.linspace(2, 4, 10)))
reg.append(regression_case("perfect_constant", np.full(10, 3.0), np.full(10, 3.0)))
dump("metrics_regression.json", {"cases": reg})

# Clustering: iris with k-means labels, and with some rows marked noise (-1): the reference
# leaves noise out (Flowline's convention).


def clustering_case(name, X, labels):
    keep = labels >= 0
    Xk, lk = X[keep], labels[keep]
    inertia = sum(((Xk[lk == c] - Xk[lk == c].mean(axis=0)) ** 2).sum() for c in np.unique(lk))
    return {"name": name, "X": X.tolist(), "labels": labels.tolist(),
            "metrics": {"inertia": float(inertia), "silhouette": float(M.silhouette_score(Xk, lk)),
                        "clusters": int(len(np.unique(lk))), "noise_fraction": float(np.mean(~keep))}}


li = KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(Xi)
ln = li.copy(); ln[rng.uniform(size=len(ln)) < 0.1] = -1
Xb = np.round(rng.normal(size=(120, 3)) + np.repeat(np.eye(3) * 4, 40, axis=0), 1)
lb = np.repeat([0, 1, 2], 40); lb[5] = 7  # a one-member cluster
clus = [clustering_case("iris_kmeans", Xi, li), clustering_case("iris_noise", Xi, ln),
        clustering_case("blobs_singleton", Xb, lb)]
dump("metrics_clustering.json", {"cases": clus})

# Folds: scikit-learn's unshuffled KFold and StratifiedKFold, as the test fold of every row.


def fold_ids(splitter, n, y=None):
    ids = np.full(n, -1)
    for f, (_, test) in enumerate(splitter.split(np.zeros((n, 1)), y)):
        ids[test] = f
    return ids.tolist()


folds = []
for n, k in [(23, 5), (10, 3), (150, 10), (7, 7)]:
    folds.append({"scheme": "kfold", "n": n, "k": k, "fold": fold_ids(KFold(k), n)})
ys = rng.choice([2, 0, 5], size=97, p=[0.6, 0.3, 0.1])
for name, yy, k in [("iris", yi, 5), ("iris", yi, 4), ("imbalanced", ys, 5), ("imbalanced", ys, 3),
                    ("wine", yw, 7), ("binary", yb, 4)]:
    folds.append({"scheme": "stratified", "name": name, "n": len(yy), "k": k, "classes": list(map(int, yy)),
                  "fold": fold_ids(StratifiedKFold(k), len(yy), yy)})
dump("metrics_folds.json", {"cases": folds})

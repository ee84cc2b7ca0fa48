#!/usr/bin/python3
"""The peers flowline-bench-ml compares with, on the very same numbers (raw float64 files that
flowline-bench-ml writes: row-major matrices). Prints one JSON line:
  {"case", "tool", "seconds", ...quality figures}
Cases:
  sklearn_logistic_lbfgs          LogisticRegression() (lbfgs, C=1) fit on --x/--y
  xgboost_hist                    xgboost.train, tree_method=hist, nthread=2, 100 rounds, eta 0.1,
                                  grow_policy=lossguide, max_leaves=31, max_depth=0, lambda=0,
                                  max_bin=255 (as our defaults); AUC on --x-test/--y-test
  sklearn_hist_gradient_boosting  HistGradientBoostingClassifier(early_stopping=False)
  sklearn_random_forest           RandomForestClassifier(n_estimators=100, n_jobs=2)
  sklearn_knn                     KNeighborsClassifier(5).fit(X, y).predict_proba(X_test)
  sklearn_kmeans                  KMeans(n_clusters=8, n_init=10, random_state=0) on --x
  sklearn_roc_auc                 roc_auc_score(--y, --x) (truth, scores), best of 3
Needs Debian's python3-sklearn (and python3-xgboost for xgboost_hist). numpy uses whatever BLAS
is installed: installer/bootstrap.sh --reference installs libopenblas0-pthread, as a pip install
of scikit-learn would bring OpenBLAS.
"""
import argparse, json, sys, time

import numpy as np


def load(path, cols):
    v = np.fromfile(path, dtype=np.float64)
    return v.reshape(-1, cols) if cols > 1 else v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True)
    ap.add_argument("--x"); ap.add_argument("--y")
    ap.add_argument("--x-test"); ap.add_argument("--y-test")
    ap.add_argument("--cols", type=int, default=20)
    a = ap.parse_args()
    out = {"case": a.case}
    from sklearn.metrics import roc_auc_score
    if a.case == "sklearn_roc_auc":
        s = load(a.x, 1); y = load(a.y, 1)
        best = 1e300
        for _ in range(3):
            t = time.perf_counter(); auc = roc_auc_score(y, s); best = min(best, time.perf_counter() - t)
        out.update(tool="sklearn", seconds=best, auc=auc)
        print(json.dumps(out)); return
    X = load(a.x, a.cols)
    y = load(a.y, 1) if a.y else None
    Xt = load(a.x_test, a.cols) if a.x_test else None
    yt = load(a.y_test, 1) if a.y_test else None
    t = time.perf_counter()
    if a.case == "sklearn_logistic_lbfgs":
        from sklearn.linear_model import LogisticRegression
        m = LogisticRegression().fit(X, y); s = time.perf_counter() - t
        out.update(tool="sklearn", seconds=s, test_auc=roc_auc_score(yt, m.predict_proba(Xt)[:, 1]),
                   iterations=int(m.n_iter_[0]))
    elif a.case == "xgboost_hist":
        try:
            import xgboost as xgb
        except ImportError:
            out.update(skipped="python3-xgboost is not installed"); print(json.dumps(out)); return
        d = xgb.DMatrix(X, label=y, nthread=2)
        t = time.perf_counter()
        params = {"objective": "binary:logistic", "tree_method": "hist", "nthread": 2, "eta": 0.1,
                  "grow_policy": "lossguide", "max_leaves": 31, "max_depth": 0, "lambda": 0.0,
                  "min_child_weight": 1e-3, "max_bin": 255}
        bst = xgb.train(params, d, num_boost_round=100); s = time.perf_counter() - t
        p = bst.predict(xgb.DMatrix(Xt, nthread=2))
        out.update(tool="xgboost " + xgb.__version__, seconds=s, test_auc=roc_auc_score(yt, p),
                   note="DMatrix construction not timed")
    elif a.case == "sklearn_hist_gradient_boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier
        m = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(X, y)
        s = time.perf_counter() - t
        out.update(tool="sklearn", seconds=s, test_auc=roc_auc_score(yt, m.predict_proba(Xt)[:, 1]))
    elif a.case == "sklearn_random_forest":
        from sklearn.ensemble import RandomForestClassifier
        m = RandomForestClassifier(n_estimators=100, n_jobs=2, random_state=0).fit(X, y)
        s = time.perf_counter() - t
        out.update(tool="sklearn", seconds=s, test_auc=roc_auc_score(yt, m.predict_proba(Xt)[:, 1]))
    elif a.case == "sklearn_knn":
        from sklearn.neighbors import KNeighborsClassifier
        m = KNeighborsClassifier(5).fit(X, y); p = m.predict_proba(Xt)[:, 1]
        s = time.perf_counter() - t
        out.update(tool="sklearn", seconds=s, test_auc=roc_auc_score(yt, p))
    elif a.case == "sklearn_kmeans":
        from sklearn.cluster import KMeans
        m = KMeans(n_clusters=8, n_init=10, random_state=0).fit(X)
        s = time.perf_counter() - t
        out.update(tool="sklearn", seconds=s, inertia=float(m.inertia_), iterations=int(m.n_iter_))
    else:
        print(f"ml_peers.py: unknown case {a.case}", file=sys.stderr); sys.exit(2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

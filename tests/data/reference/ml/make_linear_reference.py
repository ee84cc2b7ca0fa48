#!/usr/bin/python3
"""Reference values for the linear estimators (tests/core/tst_ml_linear.cpp), from Debian's
python3-sklearn. Features: every numeric column but the target, as our CSV reader reads them.
Run from this folder: python3 make_linear_reference.py"""
import json, pathlib
import numpy as np, pandas as pd
from sklearn.linear_model import LinearRegression

DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"

def numeric(name, target):
    df = pd.read_csv(DATA / f"{name}.csv")
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    return X, df[target]

def dump(name, obj):
    pathlib.Path(name).write_text(json.dumps(obj, indent=1))

X, y = numeric("diabetes", "progression")
m = LinearRegression().fit(X, y)
w = np.linspace(0.5, 2.0, len(y))
mw = LinearRegression().fit(X, y, sample_weight=w)
dump("linear_regression_diabetes.json", {
    "coef": m.coef_.tolist(), "intercept": float(m.intercept_),
    "predict_head": m.predict(X[:20]).tolist(),
    "weighted_coef": mw.coef_.tolist(), "weighted_intercept": float(mw.intercept_),
})

# ---- Ridge, Lasso, ElasticNet (diabetes, raw features) ----
import warnings
from sklearn.linear_model import Ridge, Lasso, ElasticNet, LogisticRegression
from sklearn.svm import LinearSVC
warnings.filterwarnings("ignore")

def regression_fixture(make, tight):
    m = make().fit(X, y)
    mw = make().fit(X, y, sample_weight=w)
    out = {"coef": m.coef_.tolist(), "intercept": float(m.intercept_),
           "predict_head": m.predict(X[:20]).tolist(),
           "weighted_coef": mw.coef_.tolist(), "weighted_intercept": float(mw.intercept_),
           "weighted_predict_head": mw.predict(X[:20]).tolist()}
    if tight is not None:
        mt = tight().fit(X, y)
        mtw = tight().fit(X, y, sample_weight=w)
        out.update({"n_iter": int(m.n_iter_), "tight_coef": mt.coef_.tolist(),
                    "tight_intercept": float(mt.intercept_),
                    "tight_weighted_coef": mtw.coef_.tolist(),
                    "tight_weighted_intercept": float(mtw.intercept_)})
    return out

dump("ridge_diabetes.json", regression_fixture(lambda: Ridge(alpha=1.0), None))
dump("lasso_diabetes.json", regression_fixture(
    lambda: Lasso(alpha=1.0), lambda: Lasso(alpha=1.0, tol=1e-10, max_iter=1000000)))
dump("elastic_net_diabetes.json", regression_fixture(
    lambda: ElasticNet(alpha=1.0, l1_ratio=0.5),
    lambda: ElasticNet(alpha=1.0, l1_ratio=0.5, tol=1e-10, max_iter=1000000)))

# ---- Logistic regression and linear SVM (classification) ----
def classes(name, target):
    df = pd.read_csv(DATA / f"{name}.csv")
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    labels = sorted(df[target].astype(str).unique())
    return X, np.array([labels.index(v) for v in df[target].astype(str)])

def standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)

def logistic(X, y, sample_weight=None, **kw):
    """Fitted to a tight tolerance, so the optimum is compared, not the optimiser. L2 / none with
    newton-cg (the same objective as the default lbfgs, whose scipy driver stops on its relative
    decrease rule near 1e-5 whatever tol says); l1 / elasticnet with saga."""
    penalty = kw.get("penalty", "l2")
    if penalty in ("l2", "none"):
        m = LogisticRegression(solver="newton-cg", tol=1e-10, max_iter=100000, **kw)
    else:
        m = LogisticRegression(solver="saga", tol=1e-12, max_iter=500000, **kw)
    m.fit(X, y, sample_weight=sample_weight)
    return {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
            "proba": m.predict_proba(X).tolist(), "n_iter": int(np.max(m.n_iter_))}

Xb, yb = classes("breast_cancer", "diagnosis")
Xb = standardise(Xb)
wb = np.linspace(0.5, 2.0, len(yb))
dump("logistic_breast_cancer.json", {
    "l2": logistic(Xb, yb),
    "l2_C10": logistic(Xb, yb, C=10.0),
    "l2_weighted": logistic(Xb, yb, sample_weight=wb),
    "l1": logistic(Xb, yb, penalty="l1", C=0.5),
    "elasticnet": logistic(Xb, yb, penalty="elasticnet", l1_ratio=0.5),
    # Unpenalised on the first two features only (the 30 together separate the classes).
    "none_first2": logistic(Xb[:, :2], yb, penalty="none"),
})
Xi, yi = classes("iris", "species")
dump("logistic_iris.json", {
    "l2": logistic(Xi, yi),
    "l1": logistic(standardise(Xi), yi, penalty="l1"),
})
Xw, yw = classes("wine", "cultivar")
Xw = standardise(Xw)
dump("logistic_wine.json", {
    "l2": logistic(Xw, yw),
    "elasticnet": logistic(Xw, yw, penalty="elasticnet", l1_ratio=0.3, C=0.2),
})

def svm(X, y, sample_weight=None, **kw):
    m = LinearSVC(tol=1e-10, max_iter=1000000, random_state=0, **kw)
    m.fit(X, y, sample_weight=sample_weight)
    d = LinearSVC(random_state=0, **kw).fit(X, y, sample_weight=sample_weight)
    return {"coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
            "decision": m.decision_function(X).tolist(), "predict": m.predict(X).tolist(),
            "default_predict": d.predict(X).tolist()}

dump("linear_svm.json", {
    "breast_cancer_squared_hinge": svm(Xb, yb),
    "breast_cancer_hinge": svm(Xb, yb, loss="hinge"),
    "breast_cancer_weighted": svm(Xb, yb, sample_weight=wb),
    "iris": svm(Xi, yi),
    "wine_hinge": svm(Xw, yw, loss="hinge", C=0.1),
})

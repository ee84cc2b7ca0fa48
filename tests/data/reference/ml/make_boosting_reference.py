#!/usr/bin/python3
"""Reference values for histogram gradient boosting (tests/core/tst_ml_boosting.cpp), from
Debian's python3-sklearn (HistGradientBoostingClassifier / Regressor, early stopping off).
Features: every numeric column but the target (customer_churn: tenure_months and support_calls,
its numeric columns without missing values). Held-out rows: every fourth row (i % 4 == 0); the
model is fitted on the others. Run from this folder: /usr/bin/python3 make_boosting_reference.py"""
import json, os, pathlib
# One OpenMP thread: scikit-learn then sums the root gradients in row order, as we do (and
# does not spin for minutes on a busy machine).
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, log_loss, r2_score

DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"

def load(name, target, features=None):
    df = pd.read_csv(DATA / f"{name}.csv")
    X = df.drop(columns=[target]).select_dtypes("number") if features is None else df[features]
    return X.to_numpy(float), df[target].to_numpy()

def dump(name, obj):
    pathlib.Path(name).write_text(json.dumps(obj, indent=1))

def case(name, target, classify, features=None):
    X, y = load(name, target, features)
    if classify:
        classes = np.unique(y.astype(str))
        y = np.searchsorted(classes, y.astype(str))
    test = np.arange(len(y)) % 4 == 0
    Xtr, ytr, Xte, yte = X[~test], y[~test], X[test], y[test]
    w = np.linspace(0.5, 2.0, len(ytr))
    Est = HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor
    out = {}
    full = Est(early_stopping=False, random_state=0).fit(Xtr, ytr)
    out["thresholds"] = [t.tolist() for t in full._bin_mapper.bin_thresholds_]
    for key, kw, sw in [("default", {}, None),
                        ("one_iteration", {"max_iter": 1}, None),
                        ("small", {"max_iter": 10, "max_leaf_nodes": 4}, None),
                        ("regularised", {"max_iter": 30, "l2_regularization": 1.0,
                                         "max_depth": 3, "min_samples_leaf": 5,
                                         "learning_rate": 0.2}, None),
                        ("weighted", {"max_iter": 20}, w)]:
        m = Est(early_stopping=False, random_state=0, **kw).fit(Xtr, ytr, sample_weight=sw)
        r = {"train_raw": np.asarray(m._raw_predict(Xtr[:300])).tolist(),
             "n_iter": int(m.n_iter_)}
        if classify:
            p = m.predict_proba(Xte)
            r["accuracy"] = accuracy_score(yte, m.predict(Xte))
            r["log_loss"] = log_loss(yte, p, labels=np.arange(len(classes)))
        else:
            r["r2"] = r2_score(yte, m.predict(Xte))
        out[key] = r
    dump(f"boosting_{name}.json", out)

case("iris", "species", True)
case("wine", "cultivar", True)
case("breast_cancer", "diagnosis", True)
case("diabetes", "progression", False)
case("customer_churn", "churned", True, ["tenure_months", "support_calls"])

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

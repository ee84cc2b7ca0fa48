#!/usr/bin/python3
"""Reference values for the MLP (tests/core/tst_ml_mlp.cpp), from Debian's python3-sklearn 1.2.

1. Steps: sklearn's randomness removed (shuffle=False, the initial weights recorded and given to
   both sides), so the weights after a few epochs of SGD / Adam must agree to rounding.
2. Full default training: rows i % 4 == 0 are the test set, the features (and diabetes' target)
   standardised with the training rows' mean and population std; held-out accuracy / R² over
   five random_state values, to compare on average with ours over five seeds.

Features: every numeric column but the target, as our CSV reader reads them.
Run from this folder: /usr/bin/python3 make_mlp_reference.py"""
import json, pathlib, warnings
import numpy as np, pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import LabelEncoder

warnings.simplefilter("ignore", ConvergenceWarning)
DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"
TARGETS = {"iris": "species", "wine": "cultivar", "breast_cancer": "diagnosis",
           "diabetes": "progression"}


def numeric(name):
    df = pd.read_csv(DATA / f"{name}.csv")
    target = TARGETS[name] if TARGETS[name] in df.columns else df.columns[-1]
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    y = df[target].to_numpy()
    if name != "diabetes":
        y = LabelEncoder().fit_transform(y)
    return X, y.astype(float) if name == "diabetes" else y


def standardise(train, other):
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std == 0] = 1.0
    return (train - mean) / std, (other - mean) / std


# Record the initial weights sklearn draws, just before its stochastic training starts.
_original = MLPClassifier._fit_stochastic


def _recording(self, *args, **kwargs):
    self.initial_coefs_ = [c.copy() for c in self.coefs_]
    self.initial_intercepts_ = [b.copy() for b in self.intercepts_]
    return _original(self, *args, **kwargs)


MLPClassifier._fit_stochastic = _recording
MLPRegressor._fit_stochastic = _recording

STEP_CASES = [
    # name, dataset, sklearn params (also ours, by the same names)
    ("iris_sgd_relu", "iris", dict(hidden_layer_sizes=(5, 4), activation="relu", solver="sgd",
                                   learning_rate_init=0.05, batch_size=40, max_iter=3,
                                   alpha=1e-3)),
    ("iris_sgd_invscaling", "iris", dict(hidden_layer_sizes=(6,), activation="tanh",
                                         solver="sgd", learning_rate="invscaling",
                                         learning_rate_init=0.2, nesterovs_momentum=False,
                                         batch_size=32, max_iter=3)),
    ("cancer_adam_logistic", "breast_cancer", dict(hidden_layer_sizes=(6,),
                                                   activation="logistic", learning_rate_init=0.01,
                                                   batch_size=64, max_iter=3)),
    ("wine_adam_tanh_fullbatch", "wine", dict(hidden_layer_sizes=(7, 3), activation="tanh",
                                              batch_size=178, max_iter=5)),
    ("wine_sgd_adaptive", "wine", dict(hidden_layer_sizes=(5,), solver="sgd",
                                       learning_rate="adaptive", learning_rate_init=0.01,
                                       tol=1000.0, n_iter_no_change=1, max_iter=6,
                                       batch_size=50)),
    ("iris_adam_stops", "iris", dict(hidden_layer_sizes=(3,), tol=1000.0, n_iter_no_change=1,
                                     max_iter=10, batch_size=50)),
    ("diabetes_sgd_tanh", "diabetes", dict(hidden_layer_sizes=(8,), activation="tanh",
                                           solver="sgd", momentum=0.5, learning_rate_init=0.01,
                                           batch_size=50, max_iter=3, alpha=0.01)),
    ("diabetes_adam_identity", "diabetes", dict(hidden_layer_sizes=(4,), activation="identity",
                                                learning_rate_init=0.01, max_iter=4)),
]


def steps():
    out = []
    for name, dataset, params in STEP_CASES:
        X, y = numeric(dataset)
        X, _ = standardise(X, X)
        if dataset == "diabetes":
            y = (y - y.mean()) / y.std()
            cls = MLPRegressor
        else:
            cls = MLPClassifier
        m = cls(shuffle=False, random_state=0, **params).fit(X, y)
        ours = dict(params)
        ours["hidden_layer_sizes"] = ",".join(str(h) for h in params["hidden_layer_sizes"])
        ours["shuffle"] = False
        out.append({
            "name": name, "dataset": dataset, "params": ours,
            "initial_coefs": [c.tolist() for c in m.initial_coefs_],
            "initial_intercepts": [b.tolist() for b in m.initial_intercepts_],
            "coefs": [c.tolist() for c in m.coefs_],
            "intercepts": [b.tolist() for b in m.intercepts_],
            "loss_curve": list(m.loss_curve_), "n_iter": int(m.n_iter_),
            "output_head": (m.predict_proba(X[:10]) if cls is MLPClassifier
                            else m.predict(X[:10])).tolist(),
        })
    return out


def full():
    out = {}
    for dataset in ["iris", "wine", "breast_cancer", "diabetes"]:
        X, y = numeric(dataset)
        test = np.arange(len(y)) % 4 == 0
        Xtr, Xte = standardise(X[~test], X[test])
        ytr, yte = y[~test], y[test]
        scores, epochs = [], []
        for seed in range(5):
            if dataset == "diabetes":
                mu, sd = ytr.mean(), ytr.std()
                m = MLPRegressor(random_state=seed).fit(Xtr, (ytr - mu) / sd)
                scores.append(float(m.score(Xte, (yte - mu) / sd)))
            else:
                m = MLPClassifier(random_state=seed).fit(Xtr, ytr)
                scores.append(float(m.score(Xte, yte)))
            epochs.append(int(m.n_iter_))
        out[dataset] = {"scores": scores, "mean": float(np.mean(scores)), "epochs": epochs}
    return out


pathlib.Path("mlp_reference.json").write_text(
    json.dumps({"steps": steps(), "full": full()}, indent=1))

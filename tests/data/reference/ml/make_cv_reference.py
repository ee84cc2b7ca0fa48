#!/usr/bin/python3
"""scikit-learn's 5-fold cross-validated scores on every dataset in resources/data, for each of
our algorithms that scikit-learn also has, with matched hyperparameters, matched folds and the
same default preparation as Flowline's auto-prep. tests/core/tst_ml_crossval.cpp checks that our
means are within 0.01 of these.

- Folds: StratifiedKFold(5) without shuffling for classification, KFold(5) for regression
  (Flowline's makeFolds with shuffle off reproduces both exactly).
- Preparation, fitted inside each fold as Flowline does: numeric columns SimpleImputer(median)
  (+ StandardScaler for scale-sensitive algorithms), categorical columns
  SimpleImputer(most_frequent) + OneHotEncoder(handle_unknown='ignore'); identifier, date and
  free-text columns left out (as our reader types them: see KINDS).
- Metric: accuracy (classification), R² (regression).
- Randomised algorithms (forests, boosting with subsampling, MLP) are averaged over SEEDS
  random states, and the test averages over as many seeds of ours.
Run: /usr/bin/python3 make_cv_reference.py   (writes cv_reference.json)
"""
import json, pathlib, warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.model_selection import StratifiedKFold, KFold, cross_val_score
from sklearn.linear_model import LinearRegression, Ridge, Lasso, ElasticNet, LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.ensemble import (RandomForestClassifier, RandomForestRegressor,
                              HistGradientBoostingClassifier, HistGradientBoostingRegressor)
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.exceptions import ConvergenceWarning

warnings.filterwarnings("ignore", category=ConvergenceWarning)
DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"
SEEDS = 3

# dataset -> (target, task, categorical columns, left-out columns)
DATASETS = {
    "iris": ("species", "classification", [], []),
    "wine": ("cultivar", "classification", [], []),
    "breast_cancer": ("diagnosis", "classification", [], []),
    "diabetes": ("progression", "regression", [], []),
    "customer_churn": ("churned", "classification",
                       ["plan", "region", "has_partner", "last_feedback"],
                       ["customer_id", "signup_date"]),
}

# our id -> (scale-sensitive, randomised, classifier factory, regressor factory)
ALGOS = {
    "linear_regression": (True, False, None, lambda s: LinearRegression()),
    "ridge": (True, False, None, lambda s: Ridge()),
    "lasso": (True, False, None, lambda s: Lasso()),
    "elastic_net": (True, False, None, lambda s: ElasticNet()),
    "logistic_regression": (True, False, lambda s: LogisticRegression(), None),
    "linear_svm": (True, False, lambda s: LinearSVC(), None),
    "naive_bayes": (False, False, lambda s: GaussianNB(), None),
    "knn": (True, False, lambda s: KNeighborsClassifier(), lambda s: KNeighborsRegressor()),
    "decision_tree": (False, True, lambda s: DecisionTreeClassifier(random_state=s),
                      lambda s: DecisionTreeRegressor(random_state=s)),
    "random_forest": (False, True, lambda s: RandomForestClassifier(random_state=s),
                      lambda s: RandomForestRegressor(random_state=s)),
    "gradient_boosting": (False, True, lambda s: HistGradientBoostingClassifier(random_state=s),
                          lambda s: HistGradientBoostingRegressor(random_state=s)),
    "mlp": (True, True, lambda s: MLPClassifier(random_state=s),
            lambda s: MLPRegressor(random_state=s)),
}


def main():
    out = {"sklearn": sklearn.__version__, "seeds": SEEDS, "results": {}}
    for name, (target, task, cats, drop) in DATASETS.items():
        df = pd.read_csv(DATA / f"{name}.csv", na_values=["?"], keep_default_na=True)
        df = df[df[target].notna()].reset_index(drop=True)
        y = df[target]
        X = df.drop(columns=[target] + drop)
        nums = [c for c in X.columns if c not in cats]
        folds = (StratifiedKFold(5) if task == "classification" else KFold(5))
        scoring = "accuracy" if task == "classification" else "r2"
        res = {}
        for algo, (scaled, randomised, clf, reg) in ALGOS.items():
            make = clf if task == "classification" else reg
            if make is None:
                continue
            scores = []
            for seed in (range(SEEDS) if randomised else [0]):
                num_steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scaled else [])
                parts = [("num", make_pipeline(*num_steps), nums)]
                if cats:
                    parts.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                                       OneHotEncoder(handle_unknown="ignore")), cats))
                pipe = make_pipeline(ColumnTransformer(parts), make(seed))
                scores.append(cross_val_score(pipe, X, y, cv=folds, scoring=scoring).tolist())
            mean = float(np.mean([np.mean(s) for s in scores]))
            res[algo] = {"metric": scoring, "mean": mean, "folds": scores}
            print(name, algo, round(mean, 4), flush=True)
        out["results"][name] = res
    pathlib.Path("cv_reference.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()

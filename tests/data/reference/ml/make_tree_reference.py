#!/usr/bin/python3
"""Reference values for the tree estimators (tests/core/tst_ml_tree.cpp, tst_ml_forest.cpp), from
Debian's python3-sklearn 1.2. Features: every numeric column but the target, as our CSV reader
reads them. Run from this folder: ./make_tree_reference.py

A single tree with max_features=None depends on the random_state only through tie-breaking (the
order the features are visited in). So each tree case is fitted with 20 random states and the
fixture records the spread of what depends on ties: the test allows exactly that spread (plus
rounding) and requires the node count and depth to be among those scikit-learn produced.
Forests and isolation forests are random: held-out scores over several seeds, compared with a
stated tolerance."""
import json, pathlib
import numpy as np, pandas as pd
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor, IsolationForest
from sklearn.ensemble._iforest import _average_path_length
from sklearn.metrics import roc_auc_score, r2_score, accuracy_score

DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"
SEEDS = 20

def numeric(name, target=None):
    df = pd.read_csv(DATA / f"{name}.csv")
    target = target or df.columns[-1]
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    y = df[target]
    classes = np.unique(y)  # LabelEncoder order
    return X, y, classes

def dump(name, obj):
    pathlib.Path(name).write_text(json.dumps(obj, separators=(",", ":")) + "\n")

def shape(tree):
    """Node count, depth and leaf count once every subtree under a pure node is cut back to a
    leaf: with sample weights scikit-learn sometimes splits a pure node (its child impurity comes
    from a subtraction and can be a rounding error above epsilon); we do not, so we compare the
    trees without those splits (the predictions are the same)."""
    nodes, leaves, depth, stack = 0, 0, 0, [(0, 0)]
    while stack:
        n, d = stack.pop()
        nodes += 1; depth = max(depth, d)
        if tree.children_left[n] < 0 or tree.impurity[n] <= 1e-12:
            leaves += 1
        else:
            stack += [(tree.children_left[n], d + 1), (tree.children_right[n], d + 1)]
    return nodes, depth, leaves

def tree_case(name, X, y, kw, weighted, classify, seed0_only=False):
    w = np.linspace(0.5, 2.0, len(y)) if weighted else None
    cls = DecisionTreeClassifier if classify else DecisionTreeRegressor
    preds, probes, imps, nodes, depths, leaves = [], [], [], set(), set(), set()
    # Probe rows halfway between consecutive rows fall between the training values, where only
    # the thresholds' placement (midpoints, as float32) decides.
    P = (X[:-1] + X[1:]) / 2
    for rs in range(SEEDS):
        m = cls(random_state=rs, **kw).fit(X, y, sample_weight=w)
        preds.append(m.predict_proba(X) if classify else m.predict(X).reshape(-1, 1))
        probes.append(m.predict_proba(P) if classify else m.predict(P).reshape(-1, 1))
        imps.append(m.feature_importances_)
        nc, dp, lc = shape(m.tree_)
        nodes.add(nc); depths.add(dp); leaves.add(lc)
    pred_spread = max(float(np.abs(p - preds[0]).max()) for p in preds)
    pred_spread = max(pred_spread, max(float(np.abs(p - probes[0]).max()) for p in probes))
    imp_spread = max(float(np.abs(i - imps[0]).max()) for i in imps)
    print(f"{name}: prediction spread over seeds {pred_spread:.3g}, importance spread {imp_spread:.3g}")
    return {"name": name, "params": {k: v for k, v in kw.items()}, "weighted": weighted,
            "predict": {"rows": len(y), "cols": preds[0].shape[1],
                        "data": preds[0].reshape(-1).tolist()},
            "probe_predict": {"rows": P.shape[0], "cols": probes[0].shape[1],
                              "data": probes[0].reshape(-1).tolist()},
            "importances": imps[0].tolist(), "pred_spread": pred_spread,
            "imp_spread": imp_spread, "node_counts": sorted(nodes), "depths": sorted(depths),
            "leaf_counts": sorted(leaves)}

cases = []
bcX, bcy, _ = numeric("breast_cancer")
wineX, winey, _ = numeric("wine")
irisX, irisy, _ = numeric("iris")
diaX, diay, _ = numeric("diabetes", "progression")
for X, y, name in [(bcX, bcy, "breast_cancer"), (wineX, winey, "wine"), (irisX, irisy, "iris")]:
    enc = np.searchsorted(np.unique(y), y)
    for kw, weighted in [({"max_depth": 3}, True), ({"criterion": "entropy", "min_samples_leaf": 10}, True),
                         ({"max_leaf_nodes": 6}, True), ({}, True), ({"max_depth": 2}, False),
                         ({"criterion": "entropy", "max_depth": 3}, False),
                         ({"min_weight_fraction_leaf": 0.05}, True),
                         ({"min_samples_split": 30, "min_impurity_decrease": 0.01}, True)]:
        cases.append(tree_case(f"{name} {kw}{' weighted' if weighted else ''}", X, enc, kw,
                               weighted, True) | {"dataset": name})
for kw, weighted in [({"max_depth": 4}, True), ({"min_samples_leaf": 5}, False),
                     ({"min_samples_leaf": 10}, True), ({"max_leaf_nodes": 16}, True),
                     ({"min_impurity_decrease": 50.0}, True), ({}, True)]:
    cases.append(tree_case(f"diabetes {kw}{' weighted' if weighted else ''}", diaX, diay, kw,
                           weighted, False) | {"dataset": "diabetes"})

# Held out: every third row (breast cancer, churn) / fourth row (diabetes) is the test set.
def heldout(X, y, every, classify, make):
    test = np.arange(len(y)) % every == 0
    scores = []
    for rs in range(5):
        m = make(rs).fit(X[~test], y[~test])
        p = m.predict(X[test])
        scores.append(accuracy_score(y[test], p) if classify else r2_score(y[test], p))
    return {"every": every, "mean": float(np.mean(scores)), "min": float(np.min(scores)),
            "max": float(np.max(scores))}

# customer_churn: the numeric columns without missing values (the others need imputing first).
churn = pd.read_csv(DATA / "customer_churn.csv")
churn_features = [c for c in churn.drop(columns=["churned"]).select_dtypes("number").columns
                  if not churn[c].isna().any()]
chX = churn[churn_features].to_numpy(float)
chy = churn["churned"]
chy = np.searchsorted(np.unique(chy), chy)
bcy_enc = np.searchsorted(np.unique(bcy), bcy)
diay_np = diay.to_numpy(float)
tree_heldout = {
    "breast_cancer": heldout(bcX, bcy_enc, 3, True, lambda rs: DecisionTreeClassifier(random_state=rs)),
    "diabetes": heldout(diaX, diay_np, 4, False, lambda rs: DecisionTreeRegressor(min_samples_leaf=5, random_state=rs)),
    "customer_churn": heldout(chX, chy, 3, True, lambda rs: DecisionTreeClassifier(max_depth=5, random_state=rs)),
}
# Only the cases where ties cannot change the predictions make a sharp test.
cases = [c for c in cases if c["pred_spread"] < 1e-9]
dump("tree_reference.json", {"cases": cases, "heldout": tree_heldout,
                             "churn_features": churn_features})

# Forests: held-out scores, OOB scores and importances over 5 seeds.
def forest(X, y, every, classify, kw):
    test = np.arange(len(y)) % every == 0
    scores, oobs, imps = [], [], []
    for rs in range(5):
        cls = RandomForestClassifier if classify else RandomForestRegressor
        m = cls(random_state=rs, oob_score=True, **kw).fit(X[~test], y[~test])
        p = m.predict(X[test])
        scores.append(accuracy_score(y[test], p) if classify else r2_score(y[test], p))
        oobs.append(m.oob_score_); imps.append(m.feature_importances_)
    imp_mean = np.mean(imps, axis=0)
    imp_l1 = max(float(np.abs(i - imp_mean).sum()) for i in imps)
    return {"every": every, "params": kw, "score_mean": float(np.mean(scores)),
            "score_min": float(np.min(scores)), "score_max": float(np.max(scores)),
            "oob_mean": float(np.mean(oobs)), "importances": imp_mean.tolist(),
            "importance_l1_spread": imp_l1}

forests = {
    "breast_cancer": forest(bcX, bcy_enc, 3, True, {}),
    "breast_cancer_entropy_log2": forest(bcX, bcy_enc, 3, True, {"criterion": "entropy", "max_features": "log2", "max_samples": 0.5}),
    "diabetes": forest(diaX, diay_np, 4, False, {}),
    "diabetes_sqrt_leaf5": forest(diaX, diay_np, 4, False, {"max_features": "sqrt", "min_samples_leaf": 5}),
    "customer_churn": forest(chX, chy, 3, True, {"max_depth": 8}),
}
dump("forest_reference.json", forests)

# Isolation forest: c(n), and planted outliers.
rng = np.random.default_rng(0)
inliers = rng.normal(size=(500, 4))
out = []
while len(out) < 25:
    p = rng.uniform(-4, 4, size=4)
    if np.linalg.norm(p) > 3.0:
        out.append(p)
Xo = np.vstack([inliers, np.array(out)])
labels = np.r_[np.zeros(500), np.ones(25)]
aucs, flags_auto, flags_c = [], [], []
score_sum = np.zeros(len(labels))
for rs in range(10):
    m = IsolationForest(random_state=rs).fit(Xo)
    s = -m.score_samples(Xo)
    aucs.append(roc_auc_score(labels, s)); score_sum += s
    flags_auto.append((m.predict(Xo) == -1).astype(int))
    mc = IsolationForest(random_state=rs, contamination=0.05).fit(Xo)
    flags_c.append((mc.predict(Xo) == -1).astype(int))
agree = lambda fl: min(float(np.mean(f == fl[0])) for f in fl)
ns = [0, 1, 2, 3, 5, 10, 100, 256, 1000, 12345]
dump("isolation_reference.json", {
    "path_n": ns, "path_c": _average_path_length(np.array(ns)).tolist(),
    "X": {"rows": Xo.shape[0], "cols": Xo.shape[1], "data": Xo.reshape(-1).tolist()},
    "labels": labels.tolist(), "auc_mean": float(np.mean(aucs)), "auc_min": float(np.min(aucs)),
    "scores_mean": (score_sum / 10).tolist(),
    "flags_auto": flags_auto[0].tolist(), "flags_auto_agreement": agree(flags_auto),
    "flags_auto_count_mean": float(np.mean([f.sum() for f in flags_auto])),
    "flags_c05": flags_c[0].tolist(), "flags_c05_agreement": agree(flags_c),
})

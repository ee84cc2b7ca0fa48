#!/usr/bin/python3
"""Reference outputs of the data-preparation steps, made with scikit-learn / pandas / numpy.

Each case fits a step on the first 70 % of a dataset's rows (the "train" part) and applies it to
the remaining rows (the "test" part), exactly as a recipe does, and stores what was learned and
the test part's output. tests/core/PrepReference.h reads these files and tst_prep_* compare our
steps against them (1e-9 relative for numbers, exact for discrete values).

Run with Debian's python3 (python3-sklearn, python3-pandas):
    /usr/bin/python3 tests/data/reference/prep/make_prep_reference.py
It rewrites every prep_*.json beside this script. Add a case: write a function taking
(train, test) DataFrames and returning (learned, output DataFrame, params), and list it in CASES.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn import preprocessing

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "resources", "data"))
TRAIN_FRACTION = 0.7


def load(name):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"))
    n_train = int(math.floor(len(df) * TRAIN_FRACTION))
    return df, df.iloc[:n_train].reset_index(drop=True), df.iloc[n_train:].reset_index(drop=True)


def numeric_columns(df):
    return [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and df[c].dtype != bool]


def number(v):
    v = float(v)
    return None if math.isnan(v) or math.isinf(v) else v


def frame_to_json(df):
    out = {}
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_numeric_dtype(col) and col.dtype != bool:
            out[c] = [number(v) for v in col]
        else:
            out[c] = [None if (isinstance(v, float) and math.isnan(v)) else str(v) for v in col]
    return out


# --- cases -------------------------------------------------------------------------------

def standardize(train, test):
    cols = numeric_columns(train)
    scaler = preprocessing.StandardScaler().fit(train[cols])
    out = test.copy()
    out[cols] = scaler.transform(test[cols])
    learned = {"columns": cols, "means": [number(v) for v in scaler.mean_],
               "scales": [number(v) for v in scaler.scale_]}
    return learned, out, {}


# --- numeric steps (impute, min-max, robust, log, Yeo-Johnson) ------------------------------

CHURN_NUMERIC = ["monthly_charges", "tenure_months", "support_calls", "satisfaction"]


def _impute(train, test, cols, strategy, fill_value=None, add_indicator=False):
    from sklearn.impute import SimpleImputer
    out = test.copy()
    fills = []
    indicators = []
    for c in cols:  # one imputer per column: numeric and text columns cannot share one
        imp = SimpleImputer(strategy=strategy, fill_value=fill_value, add_indicator=add_indicator)
        imp.fit(train[[c]])
        t = imp.transform(test[[c]])
        out[c] = t[:, 0].astype(test[c].dtype) if test[c].dtype != object else t[:, 0]
        fills.append(imp.statistics_[0])
        if add_indicator and t.shape[1] > 1:
            out[c + "_missing"] = t[:, 1].astype(bool)
            indicators.append(c)
    numeric = [number(v) if not isinstance(v, str) else None for v in fills]
    texts = [v if isinstance(v, str) else "" for v in fills]
    out = out[cols + [c + "_missing" for c in indicators]]  # only what the step changes
    return {"columns": cols, "numbers": numeric, "texts": texts, "indicators": indicators}, out


def impute_mean(train, test):
    learned, out = _impute(train, test, CHURN_NUMERIC, "mean", add_indicator=True)
    return learned, out, {"strategy": "mean", "add_indicator": True}


def impute_median(train, test):
    learned, out = _impute(train, test, CHURN_NUMERIC, "median")
    return learned, out, {"strategy": "median"}


def impute_most_frequent(train, test):
    cols = ["monthly_charges", "satisfaction", "plan", "region"]
    learned, out = _impute(train, test, cols, "most_frequent", add_indicator=True)
    return learned, out, {"strategy": "most_frequent", "columns": cols, "add_indicator": True}


def impute_constant_number(train, test):
    cols = ["monthly_charges", "satisfaction"]
    learned, out = _impute(train, test, cols, "constant", fill_value=-1.5)
    return learned, out, {"strategy": "constant", "columns": cols, "constant": "-1.5"}


def impute_constant_text(train, test):
    cols = ["region", "plan"]
    learned, out = _impute(train, test, cols, "constant", fill_value="unknown")
    return learned, out, {"strategy": "constant", "columns": cols, "constant": "unknown"}


def minmax(train, test, low=0.0, high=1.0):
    cols = numeric_columns(train)
    scaler = preprocessing.MinMaxScaler(feature_range=(low, high)).fit(train[cols])
    out = test.copy()
    out[cols] = scaler.transform(test[cols])
    learned = {"columns": cols, "mins": [number(v) for v in scaler.data_min_],
               "maxs": [number(v) for v in scaler.data_max_]}
    return learned, out[cols], {"low": low, "high": high}


def minmax_pm1(train, test):
    return minmax(train, test, -1.0, 1.0)


def robust_scale(train, test, q=(25.0, 75.0)):
    cols = numeric_columns(train)
    scaler = preprocessing.RobustScaler(quantile_range=q).fit(train[cols])
    out = test.copy()
    out[cols] = scaler.transform(test[cols])
    learned = {"columns": cols, "centers": [number(v) for v in scaler.center_],
               "scales": [number(v) for v in scaler.scale_]}
    return learned, out[cols], {"q_low": q[0], "q_high": q[1]}


def robust_scale_10_90(train, test):
    return robust_scale(train, test, (10.0, 90.0))


def _log(train, test, cols, fn):
    out = test.copy()
    outside = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for c in cols:
            x = test[c].to_numpy(dtype=float)
            y = fn(x)
            y[~np.isfinite(y)] = np.nan  # outside the domain: missing
            outside[c] = int(np.sum(np.isnan(y) & ~np.isnan(x)))
            out[c] = y
    return {"columns": cols, "outside": outside}, out[cols]


def log_diabetes(train, test):
    learned, out = _log(train, test, numeric_columns(train), np.log)
    return learned, out, {"plus_one": False}


def log_churn(train, test):
    cols = ["monthly_charges", "tenure_months", "support_calls"]
    learned, out = _log(train, test, cols, np.log)
    return learned, out, {"plus_one": False, "columns": cols}


def log1p_churn(train, test):
    cols = ["monthly_charges", "tenure_months", "support_calls"]
    learned, out = _log(train, test, cols, np.log1p)
    return learned, out, {"plus_one": True, "columns": cols}


def yeo_johnson(train, test, standardize=True):
    cols = numeric_columns(train)
    pt = preprocessing.PowerTransformer(method="yeo-johnson", standardize=standardize)
    pt.fit(train[cols].to_numpy(dtype=float))
    out = test.copy()
    out[cols] = pt.transform(test[cols].to_numpy(dtype=float))
    learned = {"columns": cols, "lambdas": [number(v) for v in pt.lambdas_]}
    if standardize:
        learned["means"] = [number(v) for v in pt._scaler.mean_]
        learned["scales"] = [number(v) for v in pt._scaler.scale_]
    return learned, out[cols], {"standardize": standardize}


def yeo_johnson_raw(train, test):
    return yeo_johnson(train, test, standardize=False)


def _bin(train, test, cols, n_bins, strategy):
    kw = {"subsample": None} if strategy == "quantile" else {}
    kb = preprocessing.KBinsDiscretizer(n_bins=n_bins, encode="ordinal", strategy=strategy, **kw)
    kb.fit(train[cols].to_numpy(dtype=float))
    out = test[cols].copy()
    out[cols] = kb.transform(test[cols].to_numpy(dtype=float))
    learned = {"columns": cols, "edges": [[number(v) for v in e] for e in kb.bin_edges_]}
    return learned, out, {"bins": n_bins, "strategy": strategy}


def bin_quantile(train, test):
    return _bin(train, test, numeric_columns(train), 5, "quantile")


def bin_uniform(train, test):
    return _bin(train, test, numeric_columns(train), 4, "uniform")


def bin_quantile_ties(train, test):
    cols = ["tenure_months", "support_calls"]
    learned, out, params = _bin(train, test, cols, 6, "quantile")
    params["columns"] = cols
    return learned, out, params


def _fences(train, cols, method, k=1.5, threshold=3.0):
    lows, highs = [], []
    for c in cols:
        x = train[c].to_numpy(dtype=float)
        x = x[~np.isnan(x)]
        if method == "iqr":
            q1, q3 = np.percentile(x, [25, 75])
            lows.append(q1 - k * (q3 - q1))
            highs.append(q3 + k * (q3 - q1))
        else:
            lows.append(x.mean() - threshold * x.std())
            highs.append(x.mean() + threshold * x.std())
    return lows, highs


def outliers_flag(train, test):
    cols = numeric_columns(train)
    lows, highs = _fences(train, cols, "iqr")
    out = pd.DataFrame({c + "_outlier": (test[c] < lo) | (test[c] > hi)
                        for c, lo, hi in zip(cols, lows, highs)})
    return {"columns": cols, "lows": lows, "highs": highs}, out, {"method": "iqr", "k": 1.5,
                                                                   "action": "flag"}


def outliers_clip(train, test):
    cols = numeric_columns(train)
    lows, highs = _fences(train, cols, "zscore", threshold=2.5)
    out = pd.DataFrame({c: test[c].clip(lo, hi) for c, lo, hi in zip(cols, lows, highs)})
    return {"columns": cols, "lows": lows, "highs": highs}, out, {"method": "zscore",
                                                                   "threshold": 2.5,
                                                                   "action": "clip"}


def outliers_drop(train, test):
    cols = numeric_columns(train)
    lows, highs = _fences(train, cols, "iqr", k=3.0)
    outlier = np.zeros(len(test), dtype=bool)
    for c, lo, hi in zip(cols, lows, highs):
        outlier |= ((test[c] < lo) | (test[c] > hi)).to_numpy()
    out = test.loc[~outlier, cols].reset_index(drop=True)
    return {"columns": cols, "lows": lows, "highs": highs}, out, {"method": "iqr", "k": 3.0,
                                                                   "action": "drop"}


def _polynomial(train, test, cols, interaction_only):
    pf = preprocessing.PolynomialFeatures(degree=2, include_bias=False,
                                          interaction_only=interaction_only)
    pf.fit(train[cols].fillna(0).to_numpy(dtype=float))
    names = list(pf.get_feature_names_out(cols))
    x = test[cols].to_numpy(dtype=float)
    y = pf.transform(np.nan_to_num(x))
    # scikit-learn refuses missing values; a product with a missing factor is missing.
    for j, p in enumerate(pf.powers_):
        y[np.isnan(x[:, p > 0]).any(axis=1), j] = np.nan
    out = pd.DataFrame(y[:, len(cols):], columns=names[len(cols):])
    return {"columns": cols, "names": names[len(cols):]}, out, {"interaction_only": interaction_only}


def polynomial_iris(train, test):
    return _polynomial(train, test, numeric_columns(train), False)


def polynomial_interactions(train, test):
    cols = ["age", "bmi", "bp", "s5"]
    learned, out, params = _polynomial(train, test, cols, True)
    params["columns"] = cols
    return learned, out, params


def polynomial_missing(train, test):
    cols = ["monthly_charges", "tenure_months", "satisfaction"]
    learned, out, params = _polynomial(train, test, cols, False)
    params["columns"] = cols
    return learned, out, params


CASES = [
    ("standardize", "wine", standardize),
    ("standardize", "customer_churn", standardize),
    ("standardize", "diabetes", standardize),
    ("impute_mean", "customer_churn", impute_mean),
    ("impute_median", "customer_churn", impute_median),
    ("impute_most_frequent", "customer_churn", impute_most_frequent),
    ("impute_constant_number", "customer_churn", impute_constant_number),
    ("impute_constant_text", "customer_churn", impute_constant_text),
    ("minmax", "wine", minmax),
    ("minmax", "customer_churn", minmax),
    ("minmax_pm1", "diabetes", minmax_pm1),
    ("robust_scale", "wine", robust_scale),
    ("robust_scale", "customer_churn", robust_scale),
    ("robust_scale_10_90", "diabetes", robust_scale_10_90),
    ("log", "diabetes", log_diabetes),
    ("log", "customer_churn", log_churn),
    ("log1p", "customer_churn", log1p_churn),
    ("yeo_johnson", "wine", yeo_johnson),
    ("yeo_johnson", "customer_churn", yeo_johnson),
    ("yeo_johnson_raw", "diabetes", yeo_johnson_raw),
    ("yeo_johnson", "breast_cancer", yeo_johnson),
    ("bin_quantile", "wine", bin_quantile),
    ("bin_uniform", "diabetes", bin_uniform),
    ("bin_quantile_ties", "customer_churn", bin_quantile_ties),
    ("outliers_flag", "wine", outliers_flag),
    ("outliers_clip", "diabetes", outliers_clip),
    ("outliers_drop", "breast_cancer", outliers_drop),
    ("polynomial", "iris", polynomial_iris),
    ("polynomial_interactions", "diabetes", polynomial_interactions),
    ("polynomial_missing", "customer_churn", polynomial_missing),
]


# --- categorical steps (one-hot, ordinal, rare categories, target encoding) ----------------

def _one_hot(train, test, cols, max_categories=0, unseen="all_zero", missing="all_zero"):
    """Our one_hot through scikit-learn's OneHotEncoder: our max_categories k is theirs k + 1
    (they count the infrequent column); unseen 'all_zero' is handle_unknown='ignore', 'other' is
    'infrequent_if_exist' (used only where there are infrequent categories, as there their
    semantics and ours agree). Missing values: scikit-learn's NaN category, renamed
    '<col>=(missing)' (own_column) or dropped (all_zero)."""
    from sklearn.preprocessing import OneHotEncoder
    out = pd.DataFrame(index=test.index)
    learned = []
    for c in cols:
        kw = {"handle_unknown": "infrequent_if_exist" if unseen == "other" else "ignore"}
        if max_categories:
            kw["max_categories"] = max_categories + 1
        x_train = train[[c]].astype(object)
        enc = OneHotEncoder(sparse_output=False, **kw).fit(x_train)
        t = enc.transform(test[[c]].astype(object))
        cats = list(enc.categories_[0])
        grouped = list(enc.infrequent_categories_[0]) if max_categories and \
            enc.infrequent_categories_[0] is not None else []
        names = []
        for cat in cats:
            if isinstance(cat, float) and math.isnan(cat):
                names.append(None if missing == "all_zero" else c + "=(missing)")
            elif cat not in grouped:
                names.append(c + "=" + str(cat))
        if grouped:
            names.append(c + "=(other)")
        assert len(names) == t.shape[1]
        for j, name in enumerate(names):
            if name is not None:
                out[name] = t[:, j]
        if unseen == "other" and not grouped:
            # No infrequent categories: scikit-learn gives unseen ones zeros and has no
            # infrequent column; ours always has '(other)', 1 for an unseen category.
            known = set(cats)
            out[c + "=(other)"] = [float(v == v and v not in known) for v in test[c]]
            names.append(c + "=(other)")
        real = [str(v) for v in cats if not (isinstance(v, float) and math.isnan(v))]
        learned.append({"name": c, "categories": [v for v in real if v not in grouped],
                        "grouped": [str(v) for v in grouped], "outputs": [n for n in names if n]})
    params = {"columns": cols, "max_categories": max_categories, "unseen": unseen,
              "missing": missing}
    return {"columns": learned}, out, params


def one_hot_churn(train, test):
    return _one_hot(train, test, ["plan", "region", "has_partner", "last_feedback"])


def one_hot_missing_column(train, test):
    return _one_hot(train, test, ["region"], missing="own_column")


def one_hot_wine(train, test):  # class_2 is only in the test part: all zeros
    return _one_hot(train, test, ["cultivar"])


def one_hot_other_wine(train, test):  # class_0 is grouped, class_2 unseen: both to (other)
    return _one_hot(train, test, ["cultivar"], max_categories=1, unseen="other")


def one_hot_max_churn(train, test):  # ties at 192 decide the sixth category
    return _one_hot(train, test, ["last_feedback", "plan"], max_categories=6, unseen="other")


def _ordinal(train, test, orders):
    from sklearn.preprocessing import OrdinalEncoder
    out = pd.DataFrame(index=test.index)
    learned = []
    for c, order in orders:
        cats = order if order else sorted(train[c].dropna().astype(str).unique())
        enc = OrdinalEncoder(categories=[cats], handle_unknown="use_encoded_value",
                             unknown_value=np.nan).fit(train[[c]].astype(object))
        out[c] = enc.transform(test[[c]].astype(object))[:, 0]
        learned.append({"name": c, "categories": [str(v) for v in enc.categories_[0]]})
    params = {"columns": [c for c, _ in orders], "orders": {c: o for c, o in orders if o}}
    return {"columns": learned}, out, params


def ordinal_churn(train, test):  # west is left out of region's order: missing
    return _ordinal(train, test, [("plan", ["basic", "standard", "premium"]),
                                  ("region", ["north", "south", "east"]),
                                  ("has_partner", None)])


def ordinal_wine(train, test):  # sorted; class_2 unseen: missing
    return _ordinal(train, test, [("cultivar", None)])


def _rare(train, test, cols, min_share=0.0, min_count=0, other="other"):
    out = pd.DataFrame(index=test.index)
    learned = []
    for c in cols:
        counts = train[c].value_counts()
        shares = train[c].value_counts(normalize=True)
        kept = sorted(str(k) for k in counts.index if counts[k] >= min_count and
                      shares[k] >= min_share)
        out[c] = test[c].where(test[c].isna() | test[c].isin(kept), other)
        learned.append({"name": c, "kept": kept})
    params = {"columns": cols, "min_share": min_share, "min_count": min_count, "other": other}
    return {"columns": learned}, out, params


def rare_churn(train, test):  # the five rarer feedbacks (~5 % each) are rare, no region is
    return _rare(train, test, ["region", "last_feedback"], min_share=0.1)


def rare_count_wine(train, test):  # class_0 (59 rows) is rare, class_2 unseen
    return _rare(train, test, ["cultivar"], min_count=60)


MASK64 = (1 << 64) - 1


def fold_assignment(rows, folds, seed):
    """The same folds as prep::foldAssignment: splitmix64 from `seed`, Fisher-Yates."""
    state = seed

    def nxt():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    perm = list(range(rows))
    for i in range(rows - 1, 0, -1):
        j = nxt() % (i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    fold = [0] * rows
    for p, r in enumerate(perm):
        fold[r] = p % folds
    return fold


def _target_encode(train, test, cols, target, m, folds, seed, positive=None):
    y = train[target]
    if y.dtype == object:
        pos = positive or sorted(y.dropna().unique())[1]
        y = (y == pos).astype(float).where(y.notna())
    fold = np.array(fold_assignment(len(train), folds, seed))

    def encode(frame_y, frame_x, apply_x):
        ok = frame_y.notna()
        prior = frame_y[ok].mean()
        stats = frame_y[ok].groupby(frame_x[ok]).agg(["sum", "count"])
        enc = (stats["sum"] + m * prior) / (stats["count"] + m)
        return apply_x.map(enc).astype(float).fillna(prior), enc, prior

    out = pd.DataFrame(index=test.index)
    learned = {"folds": fold.tolist(), "columns": [], "oof": {}}
    for c in cols:
        x = train[c].astype(object)
        oof = np.zeros(len(train))
        for f in range(folds):
            inside = fold == f
            vals, _, _ = encode(y[~inside], x[~inside], x[inside])
            oof[inside] = vals.to_numpy()
        out[c], enc, prior = encode(y, x, test[c].astype(object))
        learned["columns"].append({"name": c, "categories": [str(k) for k in enc.index],
                                   "encodings": [number(v) for v in enc.to_numpy()]})
        learned["oof"][c] = [number(v) for v in oof]
        learned["prior"] = number(prior)
    params = {"columns": cols, "target": target, "smoothing": m, "folds": folds, "seed": seed}
    return learned, out, params


def target_encode_churn(train, test):
    return _target_encode(train, test, ["plan", "region", "last_feedback"], "churned", 10.0, 5,
                          42)


def target_encode_wine(train, test):  # numeric target; class_2 unseen: the prior
    return _target_encode(train, test, ["cultivar"], "alcohol", 2.5, 4, 7)


CATEGORICAL_CASES = [
    ("one_hot", "customer_churn", one_hot_churn),
    ("one_hot_missing_column", "customer_churn", one_hot_missing_column),
    ("one_hot", "wine", one_hot_wine),
    ("one_hot_other", "wine", one_hot_other_wine),
    ("one_hot_max", "customer_churn", one_hot_max_churn),
    ("ordinal", "customer_churn", ordinal_churn),
    ("ordinal", "wine", ordinal_wine),
    ("rare_categories", "customer_churn", rare_churn),
    ("rare_categories_count", "wine", rare_count_wine),
    ("target_encode", "customer_churn", target_encode_churn),
    ("target_encode", "wine", target_encode_wine),
]
CASES += CATEGORICAL_CASES


# --- combine steps (join, concatenate rows) ------------------------------------------------
# The second table of a join is derived from the dataset here and stored in the fixture
# ("learned": "right", "right_columns"); the left table is the test part. Our join's rules,
# which the reference encodes on top of pandas.merge:
#  - missing keys never match (SQL): rows with a missing key are merged without a partner;
#  - keys appear once, under the left names (right keys renamed to them; merge(on=...)
#    coalesces outer keys);
#  - suffixes "_left" / "_right" (not pandas' "_x" / "_y");
#  - row order: left order then right order (right joins: the mirror), outer joins append the
#    unmatched right rows. pandas 1.5 groups inner-join rows by key and sorts outer-join keys,
#    so the rows pandas returns are put in that order by their source row numbers.

JOIN_SUFFIXES = ("_left", "_right")


def sql_merge(left, right, how, left_on, right_on):
    right = right.rename(columns=dict(zip(right_on, left_on)))
    L = left.assign(_lrow=np.arange(len(left), dtype=float))
    R = right.assign(_rrow=np.arange(len(right), dtype=float))
    lmiss = L[left_on].isna().any(axis=1)
    rmiss = R[left_on].isna().any(axis=1)
    m = pd.merge(L[~lmiss], R[~rmiss], how=how, on=left_on, suffixes=JOIN_SUFFIXES, sort=False)
    both = (set(L.columns) & set(R.columns)) - set(left_on)
    parts = [m]
    if how in ("left", "outer"):
        parts.append(L[lmiss].rename(columns={c: c + JOIN_SUFFIXES[0] for c in both}))
    if how in ("right", "outer"):
        parts.append(R[rmiss].rename(columns={c: c + JOIN_SUFFIXES[1] for c in both}))
    out = pd.concat(parts, ignore_index=True)[m.columns]
    order = ["_rrow", "_lrow"] if how == "right" else ["_lrow", "_rrow"]
    out = out.sort_values(order, na_position="last", kind="mergesort")
    return out.drop(columns=["_lrow", "_rrow"]).reset_index(drop=True)


def region_stats(train):
    """Per region of the train part: customers, mean charges and satisfaction (which clashes
    with the left's column). West is dropped, a 'central' region the data lacks, a second
    'north' row (many-to-many) and a row with a missing region are added."""
    g = train.groupby("region")
    stats = pd.DataFrame({"region": g.size().index, "customers": g.size().to_numpy(dtype=float),
                          "mean_charges": g["monthly_charges"].mean().to_numpy(),
                          "satisfaction": g["satisfaction"].mean().to_numpy()})
    stats = stats[stats.region != "west"]
    extra = pd.DataFrame({"region": ["central", "north", None], "customers": [0.0, 1.0, 2.0],
                          "mean_charges": [50.0, np.nan, 60.0], "satisfaction": [3.0, 4.0, 5.0]})
    return pd.concat([stats, extra], ignore_index=True)


def plan_region_stats(train):
    """Per (plan, region) of the train part, under other key names (tier, area); the
    (premium, east) and (basic, west) pairs are left out."""
    g = train.groupby(["plan", "region"])["churned"]
    stats = g.apply(lambda s: float((s == "Yes").mean())).reset_index()
    stats.columns = ["tier", "area", "churn_rate"]
    keep = ~(((stats.tier == "premium") & (stats.area == "east")) |
             ((stats.tier == "basic") & (stats.area == "west")))
    return stats[keep].reset_index(drop=True)


def calls_stats(train):
    """Per support_calls (a numeric key) of the train part; the largest value is dropped."""
    g = train.groupby("support_calls")["tenure_months"]
    stats = pd.DataFrame({"support_calls": g.mean().index.astype(float),
                          "mean_tenure": g.mean().to_numpy()})
    return stats[stats.support_calls != stats.support_calls.max()].reset_index(drop=True)


def _join(train, test, right, how, left_on, right_on):
    out = sql_merge(test, right, how, left_on, right_on)
    learned = {"right": frame_to_json(right), "right_columns": list(right.columns),
               "output_columns": list(out.columns)}
    params = {"how": how, "left_on": left_on, "right_on": right_on,
              "suffixes": list(JOIN_SUFFIXES)}
    return learned, out, params


def _join_region(how):
    return lambda train, test: _join(train, test, region_stats(train), how, ["region"],
                                     ["region"])


def join_multi(how):
    return lambda train, test: _join(train, test, plan_region_stats(train), how,
                                     ["plan", "region"], ["tier", "area"])


def join_numeric_left(train, test):
    return _join(train, test, calls_stats(train), "left", ["support_calls"], ["support_calls"])


def concat_iris(train, test):
    """The train part, the test part without petal_width and with species first, and a small
    third table with a new species label and a new column."""
    b = test[["species", "sepal_length", "sepal_width", "petal_length"]]
    c = pd.DataFrame({"species": ["hybrid", "setosa"], "sepal_length": [6.0, 5.5],
                      "batch": ["x", None]})
    out = pd.concat([train, b, c], ignore_index=True, sort=False)
    learned = {"third": frame_to_json(c), "third_columns": list(c.columns),
               "output_columns": list(out.columns)}
    return learned, out, {"second_columns": list(b.columns)}


COMBINE_CASES = [
    ("join_inner", "customer_churn", _join_region("inner")),
    ("join_left", "customer_churn", _join_region("left")),
    ("join_right", "customer_churn", _join_region("right")),
    ("join_outer", "customer_churn", _join_region("outer")),
    ("join_multi_left", "customer_churn", join_multi("left")),
    ("join_multi_outer", "customer_churn", join_multi("outer")),
    ("join_numeric_left", "customer_churn", join_numeric_left),
    ("concat", "iris", concat_iris),
]
CASES += COMBINE_CASES


# --- column steps (date parts, split text, cast, derive) -----------------------------------

def date_parts_churn(train, test):
    d = pd.to_datetime(test["signup_date"])
    out = pd.DataFrame({
        "signup_date_year": d.dt.year, "signup_date_month": d.dt.month,
        "signup_date_day": d.dt.day, "signup_date_weekday": d.dt.dayofweek,
        "signup_date_hour": d.dt.hour,
        "signup_date_days_since": (d - pd.Timestamp("2020-02-29")) / pd.Timedelta(days=1)})
    params = {"column": "signup_date", "reference": "2020-02-29",
              "parts": ["year", "month", "day", "weekday", "hour", "days_since"]}
    return {}, out.astype(float), params


def split_text_churn(train, test):
    k = int(train["last_feedback"].str.split(" ").str.len().max())
    parts = test["last_feedback"].str.split(" ", n=k - 1, expand=True)
    out = pd.DataFrame({"last_feedback_%d" % (j + 1): parts[j] if j in parts else None
                        for j in range(k)})
    out = out.applymap(lambda v: float("nan") if v is None else v)
    return {"parts": k}, out, {"column": "last_feedback", "delimiter": " "}


def cast_churn(train, test):
    out = pd.DataFrame({
        "has_partner": test["has_partner"].map({"Yes": True, "No": False}),
        "support_calls": test["support_calls"].astype(str),
        "satisfaction": test["satisfaction"].map(lambda v: float("nan") if v != v else "%g" % v)})
    return {}, out, {"boolean": ["has_partner"], "text": ["support_calls", "satisfaction"]}


def derive_churn(train, test):
    out = pd.DataFrame({"spend": test["monthly_charges"] * test["tenure_months"] / 12})
    return {}, out, {"name": "spend", "formula": "monthly_charges * tenure_months / 12"}


COLUMN_CASES = [
    ("date_parts", "customer_churn", date_parts_churn),
    ("split_text", "customer_churn", split_text_churn),
    ("cast", "customer_churn", cast_churn),
    ("derive", "customer_churn", derive_churn),
]
CASES += COLUMN_CASES


def main():
    for step, dataset, fn in CASES:
        df, train, test = load(dataset)
        learned, out, params = fn(train, test)
        doc = {
            "step": step,
            "dataset": dataset,
            "params": params,
            "train_rows": len(train),
            "test_rows": len(test),
            "learned": learned,
            "output": frame_to_json(out),
            "made_with": {"sklearn": sklearn.__version__, "pandas": pd.__version__,
                          "numpy": np.__version__},
        }
        path = os.path.join(HERE, "prep_%s_%s.json" % (step, dataset))
        with open(path, "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        print("wrote", os.path.relpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()

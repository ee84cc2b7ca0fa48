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


CASES = [
    ("standardize", "wine", standardize),
    ("standardize", "customer_churn", standardize),
    ("standardize", "diabetes", standardize),
]


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

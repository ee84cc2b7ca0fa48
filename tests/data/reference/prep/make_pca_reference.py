#!/usr/bin/python3
"""PCA reference outputs, made with scikit-learn, in the format of make_prep_reference.py:
fitted on the first 70 % of a dataset's rows, applied to the rest.

    /usr/bin/python3 tests/data/reference/prep/make_pca_reference.py
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "resources", "data"))


def number(v):
    v = float(v)
    return None if math.isnan(v) or math.isinf(v) else v


def case(dataset, n_components):
    df = pd.read_csv(os.path.join(DATA, dataset + ".csv"))
    n_train = int(math.floor(len(df) * 0.7))
    train, test = df.iloc[:n_train], df.iloc[n_train:]
    cols = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and df[c].dtype != bool]
    pca = PCA(n_components=n_components, svd_solver="full").fit(train[cols])
    scores = pca.transform(test[cols])
    output = {"pc%d" % (j + 1): [number(v) for v in scores[:, j]] for j in range(scores.shape[1])}
    for c in df.columns:
        if c not in cols:
            output[c] = [str(v) for v in test[c]]
    doc = {
        "step": "pca", "dataset": dataset,
        "params": {"components": n_components if isinstance(n_components, int) else 0,
                   "variance": n_components if isinstance(n_components, float) else 0},
        "train_rows": n_train, "test_rows": len(test),
        "learned": {"columns": cols,
                    "explained_variance": [number(v) for v in pca.explained_variance_],
                    "explained_variance_ratio": [number(v) for v in pca.explained_variance_ratio_],
                    "components": [[number(v) for v in row] for row in pca.components_]},
        "output": output,
        "made_with": {"sklearn": sklearn.__version__, "numpy": np.__version__},
    }
    path = os.path.join(HERE, "prep_pca_%s.json" % dataset)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.relpath(path), file=sys.stderr)


if __name__ == "__main__":
    case("wine", 3)
    case("breast_cancer", 0.95)
    case("iris", 2)

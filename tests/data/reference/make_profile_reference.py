#!/usr/bin/python3
"""Reference column profiles for tests/core/tst_profiler.cpp, computed with pandas and numpy.

What: for every dataset in resources/data/ (iris, breast_cancer, wine, diabetes,
customer_churn) this writes tests/data/reference/profile_<dataset>.json holding, per
column, what flowline::core::Profiler computes, as pandas / numpy compute it:

  all columns      count (non-missing), missing, distinct (Series.nunique())
  numeric          mean, std (ddof=1), min, q1 / median / q3 (Series.quantile, numpy's
                   linear interpolation), max, skewness (Series.skew()), zeros (== 0),
                   histogram = np.histogram(values, bins="auto") (edges and counts)
  strings          value_counts: every value with its count, most frequent first, ties in
                   ascending code-point order (the same as UTF-8 byte order)
  datetime         min_ms / max_ms (ms since the epoch, UTC) and the "auto" histogram of the
                   ms values as float64
  table            pearson and spearman: DataFrame.corr() over the numeric columns, in table
                   order (pairwise-complete observations)

How the files are read: pandas.read_csv with its default missing-value tokens (which cover
the "", NA, N/A, NaN, null and ? that Flowline's CSV reader treats as missing in these
files) and float_precision="round_trip", so that every number is parsed correctly rounded
as Flowline's reader does (pandas' default fast parser may be one ulp off). Columns listed
in DATETIME_COLUMNS are parsed with pd.to_datetime.

Floats are written with repr (17 significant digits, round-trip exact); NaN is written as
null. The output is deterministic: rerunning on the same data gives the same bytes.

Rerun (Debian's python3-pandas and python3-numpy; the pyenv `python3` on PATH has no pandas):

    /usr/bin/python3 tests/data/reference/make_profile_reference.py

Made with pandas 1.5.3 and numpy 1.24.2 (the versions are recorded in each file).
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "resources", "data")
DATASETS = ["iris", "breast_cancer", "wine", "diabetes", "customer_churn"]
DATETIME_COLUMNS = {"customer_churn": ["signup_date"]}


def is_number(s):
    """Numeric and not boolean: the columns Flowline profiles as numbers and correlates."""
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def num(x):
    """A float for JSON: NaN becomes null, everything else a Python float (repr-exact)."""
    x = float(x)
    return None if math.isnan(x) else x


def histogram(values):
    counts, edges = np.histogram(np.asarray(values, dtype=np.float64), bins="auto")
    return {"edges": [num(e) for e in edges], "counts": [int(c) for c in counts]}


def numeric_profile(s):
    values = s.dropna().to_numpy(dtype=np.float64)
    q1, median, q3 = (s.quantile(q) for q in (0.25, 0.5, 0.75))
    return {
        "mean": num(s.mean()),
        "std": num(s.std()),
        "min": num(s.min()),
        "q1": num(q1),
        "median": num(median),
        "q3": num(q3),
        "max": num(s.max()),
        "skewness": num(s.skew()),
        "zeros": int((values == 0).sum()),
        "histogram": histogram(values),
    }


def string_profile(s):
    counts = s.dropna().value_counts()
    items = sorted(((str(v), int(c)) for v, c in counts.items()), key=lambda vc: (-vc[1], vc[0]))
    return {"value_counts": [[v, c] for v, c in items]}


def datetime_profile(s):
    ms = s.dropna().astype("int64").to_numpy() // 1_000_000
    return {
        "min_ms": int(ms.min()),
        "max_ms": int(ms.max()),
        "histogram": histogram(ms.astype(np.float64)),
    }


def matrix(df):
    return [[num(x) for x in row] for row in df.to_numpy()]


def profile(name):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"), float_precision="round_trip")
    for col in DATETIME_COLUMNS.get(name, []):
        df[col] = pd.to_datetime(df[col], utc=True)
    columns = []
    for col in df.columns:
        s = df[col]
        entry = {
            "name": col,
            "dtype": str(s.dtype),
            "count": int(s.count()),
            "missing": int(s.isna().sum()),
            "distinct": int(s.nunique()),
        }
        if pd.api.types.is_datetime64_any_dtype(s):
            entry["dtype"] = "datetime"
            entry.update(datetime_profile(s))
        elif is_number(s):
            entry.update(numeric_profile(s))
        else:
            entry.update(string_profile(s))
        columns.append(entry)

    numeric = df[[c for c in df.columns if is_number(df[c])]]
    return {
        "dataset": name,
        "source": "resources/data/%s.csv" % name,
        "generator": {"script": "tests/data/reference/make_profile_reference.py",
                      "pandas": pd.__version__, "numpy": np.__version__},
        "rows": int(len(df)),
        "columns": columns,
        "correlation_columns": list(numeric.columns),
        "pearson": matrix(numeric.corr(method="pearson")),
        "spearman": matrix(numeric.corr(method="spearman")),
    }


def main():
    for name in DATASETS:
        out = os.path.join(HERE, "profile_%s.json" % name)
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            json.dump(profile(name), f, indent=1, ensure_ascii=False, allow_nan=False)
            f.write("\n")
        print("wrote", os.path.relpath(out, ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()

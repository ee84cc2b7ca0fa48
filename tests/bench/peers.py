#!/usr/bin/env python3
"""The peers flowline-bench compares with, timed on the same file in the same run.

Prints one JSON line per case, in flowline-bench's format:
  pandas_read_csv  pandas.read_csv(FILE) with its defaults (C engine)
  pandas_profile   what `flowline-cli profile` computes, done with pandas: count, missing,
                   nunique, mean, std, min, quartiles, max, skew, zeros and value counts per
                   column, a numpy 'auto' histogram per numeric column, Pearson and Spearman
                   correlation matrices of the numeric columns
  sklearn_simple_imputer_mean, sklearn_standard_scaler, sklearn_one_hot_encoder
                   (with python3-sklearn) fit_transform on the same table: SimpleImputer(mean)
                   and StandardScaler on the 20 numeric columns, OneHotEncoder (dense output) on
                   the categorical one, as flowline-bench's impute / standardize / one-hot cases
  pandas_merge_inner  (with --join-left/--join-right) pandas.merge(left, right, on='key',
                   how='inner', sort=False) of flowline-bench's two generated join tables
Usage: peers.py --csv FILE [--repeat K] [--join-left L --join-right R]   (python3-pandas)
"""
import argparse, json, os, resource, time

import numpy as np
import pandas as pd


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def profile(df):
    for name in df.columns:
        s = df[name]
        s.count(); s.isna().sum(); s.nunique()
        if pd.api.types.is_numeric_dtype(s):
            v = s.dropna().to_numpy(dtype=float)
            s.mean(); s.std(); s.min(); s.max(); s.skew()
            np.percentile(v, [25, 50, 75]); (v == 0).sum()
            np.histogram(v, bins='auto')
        else:
            s.value_counts()
    num = df.select_dtypes('number')
    num.corr(method='pearson')
    num.corr(method='spearman')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--csv', required=True)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--join-left')
    ap.add_argument('--join-right')
    a = ap.parse_args()
    mb = os.path.getsize(a.csv) / 1e6
    best = None
    for _ in range(a.repeat):
        t = time.perf_counter()
        df = pd.read_csv(a.csv)
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    rows, cols = df.shape
    print(json.dumps({'case': 'pandas_read_csv', 'tool': 'pandas ' + pd.__version__, 'rows': rows,
                      'cols': cols, 'seconds': best, 'mb_per_s': mb / best,
                      'peak_rss_mb': peak_rss_mb()}), flush=True)
    best = None
    for _ in range(a.repeat):
        t = time.perf_counter()
        profile(df)
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    print(json.dumps({'case': 'pandas_profile', 'tool': 'pandas ' + pd.__version__, 'rows': rows,
                      'cols': cols, 'seconds': best, 'mb_per_s': mb / best,
                      'peak_rss_mb': peak_rss_mb()}), flush=True)
    prep_steps(df, a.repeat)
    if a.join_left and a.join_right:
        merge(a.join_left, a.join_right, a.repeat)


def prep_steps(df, repeat):
    try:
        import sklearn
        from sklearn.impute import SimpleImputer
        from sklearn.preprocessing import OneHotEncoder, StandardScaler
    except ImportError:
        return
    numeric = df.select_dtypes('number').drop(columns=['label'], errors='ignore')
    categorical = df.select_dtypes(exclude='number')
    cases = [('sklearn_simple_imputer_mean', lambda: SimpleImputer(strategy='mean').fit_transform(numeric)),
             ('sklearn_standard_scaler', lambda: StandardScaler().fit_transform(numeric)),
             ('sklearn_one_hot_encoder',
              lambda: OneHotEncoder(sparse_output=False).fit_transform(categorical))]
    for name, fn in cases:
        best = None
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            s = time.perf_counter() - t
            best = s if best is None else min(best, s)
        print(json.dumps({'case': name, 'tool': 'scikit-learn ' + sklearn.__version__,
                          'rows': len(df), 'seconds': best}), flush=True)


def merge(left_path, right_path, repeat):
    left, right = pd.read_csv(left_path), pd.read_csv(right_path)
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = pd.merge(left, right, on='key', how='inner', sort=False)
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    print(json.dumps({'case': 'pandas_merge_inner', 'tool': 'pandas ' + pd.__version__,
                      'rows': len(out), 'cols': out.shape[1], 'seconds': best,
                      'rows_per_s': (len(left) + len(right)) / best,
                      'peak_rss_mb': peak_rss_mb()}), flush=True)


if __name__ == '__main__':
    main()

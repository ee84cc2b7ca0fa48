#!/usr/bin/python3
"""Reference results of the row steps (drop duplicates, drop missing, sort), made with pandas.

Row steps learn nothing, so each case runs on a whole dataset and stores which original rows
remain, in their order ("rows": 0-based positions). tests/core/tst_prep_rows.cpp compares.
Run with Debian's python3 (python3-pandas):
    /usr/bin/python3 tests/data/reference/prep/make_row_reference.py
"""
import json
import os
import sys

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "resources", "data"))


def load(name):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"))
    df.index = range(len(df))
    return df


CASES = [
    # name, dataset, params, function(df) -> kept rows in order
    ("drop_duplicates_region_plan", "customer_churn", {"columns": ["region", "plan"]},
     lambda df: list(df.drop_duplicates(subset=["region", "plan"], keep="first").index)),
    ("drop_duplicates_species", "iris", {"columns": ["species"]},
     lambda df: list(df.drop_duplicates(subset=["species"]).index)),
    ("drop_duplicates_all", "iris", {"columns": []},
     lambda df: list(df.drop_duplicates().index)),
    ("drop_missing_any", "customer_churn", {"columns": [], "when": "any"},
     lambda df: list(df.dropna(how="any").index)),
    ("drop_missing_all_two", "customer_churn",
     {"columns": ["monthly_charges", "satisfaction"], "when": "all"},
     lambda df: list(df.dropna(how="all", subset=["monthly_charges", "satisfaction"]).index)),
    ("sort_charges_desc", "customer_churn", {"by": ["monthly_charges"], "ascending": False},
     lambda df: list(df.sort_values("monthly_charges", ascending=False, kind="stable",
                                    na_position="last").index)),
    ("sort_region_tenure", "customer_churn", {"by": ["region", "tenure_months"], "ascending": True},
     lambda df: list(df.sort_values(["region", "tenure_months"], kind="stable",
                                    na_position="last").index)),
    ("sort_species_petal", "iris", {"by": ["species", "petal_length"], "ascending": False},
     lambda df: list(df.sort_values(["species", "petal_length"], ascending=False, kind="stable",
                                    na_position="last").index)),
]


def main():
    for name, dataset, params, fn in CASES:
        df = load(dataset)
        doc = {"case": name, "dataset": dataset, "params": params,
               "rows": [int(i) for i in fn(df)], "made_with": {"pandas": pd.__version__}}
        path = os.path.join(HERE, "rows_%s.json" % name)
        with open(path, "w") as f:
            json.dump(doc, f, sort_keys=True)
            f.write("\n")
        print("wrote", os.path.relpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()

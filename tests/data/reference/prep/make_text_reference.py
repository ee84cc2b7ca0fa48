#!/usr/bin/python3
"""Text vectorizer references (scikit-learn CountVectorizer / TfidfVectorizer with default
tokenisation), fitted on the first 70 % of a dataset's rows and applied to the rest, in the
format of make_prep_reference.py; plus tokens of mixed-script documents (CJK, accents, emoji).

    /usr/bin/python3 tests/data/reference/prep/make_text_reference.py
"""
import json
import math
import os
import sys

import pandas as pd
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "resources", "data"))


def write(name, doc):
    doc["made_with"] = {"sklearn": sklearn.__version__}
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.relpath(path), file=sys.stderr)


def case(step, dataset, column, vectorizer, params):
    df = pd.read_csv(os.path.join(DATA, dataset + ".csv"))
    n_train = int(math.floor(len(df) * 0.7))
    train, test = df.iloc[:n_train], df.iloc[n_train:]
    docs = lambda part: part[column].fillna("").astype(str)
    vectorizer.fit(docs(train))
    terms = list(vectorizer.get_feature_names_out())
    matrix = vectorizer.transform(docs(test)).toarray()
    output = {"%s:%s" % (column, t): [float(v) for v in matrix[:, j]] for j, t in enumerate(terms)}
    learned = {"terms": terms}
    if hasattr(vectorizer, "idf_"):
        learned["idf"] = [float(v) for v in vectorizer.idf_]
    write("prep_%s_%s.json" % (step, dataset), {
        "step": step, "dataset": dataset, "params": params, "train_rows": n_train,
        "test_rows": len(test), "learned": learned, "output": output})


DOCUMENTS = [
    "Great service, fast support!",
    "数据分析 很好用 机器学习",
    "日本語のテキスト処理は難しい。カタカナとひらがな",
    "Ünïcödé naïve café — déjà vu",
    "emoji 😀 between words ok 👍🏽 fine",
    "snake_case and x y z single letters 42 7",
    "한국어 텍스트 처리",
    "",
]


if __name__ == "__main__":
    case("counts", "customer_churn", "last_feedback", CountVectorizer(),
         {"min_n": 1, "max_n": 1, "tfidf": False})
    case("tfidf_bigrams", "customer_churn", "last_feedback",
         TfidfVectorizer(ngram_range=(1, 2)), {"min_n": 1, "max_n": 2, "tfidf": True})
    analyzer = CountVectorizer().build_analyzer()
    write("text_tokens.json", {"documents": DOCUMENTS,
                               "tokens": [analyzer(d) for d in DOCUMENTS]})

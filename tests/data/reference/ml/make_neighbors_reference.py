#!/usr/bin/python3
"""Reference values for k-nearest neighbours, DBSCAN (tests/core/tst_ml_neighbors.cpp), naive
Bayes (tst_ml_bayes.cpp) and k-means (tst_ml_kmeans.cpp), from Debian's python3-sklearn 1.2.
Features: every numeric column but the target, as our CSV reader reads them. Where the test
must see exactly the same input (standardised data, synthetic blobs) the matrix is written into
the fixture. Run from this folder: /usr/bin/python3 make_neighbors_reference.py"""
import json, pathlib
import numpy as np, pandas as pd
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_blobs
from sklearn.naive_bayes import GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import LabelEncoder, StandardScaler

DATA = pathlib.Path(__file__).resolve().parents[4] / "resources" / "data"


def numeric(name, target):
    df = pd.read_csv(DATA / f"{name}.csv")
    X = df.drop(columns=[target]).select_dtypes("number").to_numpy(float)
    return X, df[target]


def classes(y):
    return LabelEncoder().fit_transform(y)


def dump(name, obj):
    pathlib.Path(name).write_text(json.dumps(obj, indent=None, separators=(",", ":")))


def knn_case(X, y, model, k):
    """Even rows train, odd rows query. A query is 'tied' when its k-th and (k+1)-th nearest
    training rows are equally far (the neighbours then depend on tie-breaking). scikit-learn's
    k-d tree computes distances directly; its brute force uses |x|^2 - 2x.y + |y|^2, whose
    rounding would blur exact matches (distance 0) and the 1e-12 comparison."""
    Xtr, ytr, Xq = X[::2], y[::2], X[1::2]
    model.fit(Xtr, ytr)
    dist, _ = model.kneighbors(Xq, n_neighbors=k + 1)
    tied = np.isclose(dist[:, k - 1], dist[:, k], rtol=1e-12, atol=1e-12)
    out = {"k": k, "tied": tied.astype(int).tolist(),
           "distances": dist[:, :k].tolist(), "predict": model.predict(Xq).tolist()}
    if hasattr(model, "predict_proba"):
        out["proba"] = model.predict_proba(Xq).tolist()
    return out


iris_X, iris_t = numeric("iris", "species")
iris_y = classes(iris_t)
wine_X, wine_t = numeric("wine", "cultivar")
wine_y = classes(wine_t)
dia_X, dia_y = numeric("diabetes", "progression")

# ---- k-nearest neighbours ----
dump("knn.json", {
    "iris_uniform": knn_case(iris_X, iris_y, KNeighborsClassifier(5, algorithm="kd_tree"), 5),
    "iris_distance": knn_case(iris_X, iris_y,
                              KNeighborsClassifier(5, weights="distance", algorithm="kd_tree"), 5),
    "wine_manhattan": knn_case(wine_X, wine_y,
                               KNeighborsClassifier(7, weights="distance", p=1,
                                                    algorithm="kd_tree"), 7),
    "diabetes_uniform": knn_case(dia_X, dia_y.to_numpy(float),
                                 KNeighborsRegressor(5, algorithm="kd_tree"), 5),
    "diabetes_distance": knn_case(dia_X, dia_y.to_numpy(float),
                                  KNeighborsRegressor(5, weights="distance", algorithm="kd_tree"),
                                  5),
})

# ---- naive Bayes ----
nb = {}
for name, X, y in [("iris", iris_X, iris_y), ("wine", wine_X, wine_y)]:
    w = np.linspace(0.5, 2.0, len(y))
    g = GaussianNB().fit(X, y)
    gw = GaussianNB().fit(X, y, sample_weight=w)
    m = MultinomialNB().fit(X, y)
    mw = MultinomialNB(alpha=0.5).fit(X, y, sample_weight=w)
    nb[name] = {
        "gaussian_proba": g.predict_proba(X).tolist(), "gaussian_predict": g.predict(X).tolist(),
        "gaussian_theta": g.theta_.tolist(), "gaussian_var": g.var_.tolist(),
        "gaussian_weighted_proba": gw.predict_proba(X).tolist(),
        "multinomial_proba": m.predict_proba(X).tolist(),
        "multinomial_predict": m.predict(X).tolist(),
        "multinomial_weighted_alpha05_proba": mw.predict_proba(X).tolist(),
    }
dump("naive_bayes.json", nb)

# ---- k-means ----
def kmeans_given(X, init, w=None):
    km = KMeans(n_clusters=len(init), init=np.array(init), n_init=1).fit(X, sample_weight=w)
    return {"init": np.asarray(init).tolist(), "centers": km.cluster_centers_.tolist(),
            "labels": km.labels_.tolist(), "inertia": float(km.inertia_),
            "n_iter": int(km.n_iter_)}


blobs_X, _ = make_blobs(n_samples=600, centers=5, n_features=4, cluster_std=1.5, random_state=7)
wine_std = StandardScaler().fit_transform(wine_X)
km = {
    "iris_k3": kmeans_given(iris_X, iris_X[[0, 1, 2]]),
    "iris_k8": kmeans_given(iris_X, iris_X[::19][:8]),
    "wine_std_k3": dict(kmeans_given(wine_std, wine_std[[0, 60, 130]]), X=wine_std.tolist()),
    "blobs_k5": dict(kmeans_given(blobs_X, blobs_X[:5]), X=blobs_X.tolist()),
    "iris_k3_weighted": dict(kmeans_given(iris_X, iris_X[[0, 1, 2]],
                                          np.linspace(0.5, 2.0, len(iris_X))),
                             weights=np.linspace(0.5, 2.0, len(iris_X)).tolist()),
    # k-means++: inertia of sklearn's best of 10 (seeds differ from ours: compare loosely)
    "plusplus": {
        "iris_k3": float(KMeans(3, n_init=10, random_state=0).fit(iris_X).inertia_),
        "iris_k8": float(KMeans(8, n_init=10, random_state=0).fit(iris_X).inertia_),
        "wine_k3": float(KMeans(3, n_init=10, random_state=0).fit(wine_X).inertia_),
        "wine_std_k8": float(KMeans(8, n_init=10, random_state=0).fit(wine_std).inertia_),
    },
}
dump("kmeans.json", km)

# ---- DBSCAN ----
def dbscan_case(X, eps, min_samples):
    d = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    return {"X": X.tolist(), "eps": eps, "min_samples": min_samples,
            "labels": d.labels_.tolist(), "core": d.core_sample_indices_.tolist()}


iris_std = StandardScaler().fit_transform(iris_X)
dblobs, _ = make_blobs(n_samples=400, centers=4, n_features=2, cluster_std=0.6, random_state=3)
db = {
    "iris_std": dbscan_case(iris_std, 0.5, 5),
    "wine_std": dbscan_case(wine_std, 2.3, 5),
    "blobs": dbscan_case(dblobs, 0.3, 5),
}
for name, case in db.items():
    labels = np.array(case["labels"])
    print(name, "clusters", labels.max() + 1, "noise", int((labels == -1).sum()))
dump("dbscan.json", db)

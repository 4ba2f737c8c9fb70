"""Why ml_core uses L-BFGS: scikit-learn's binary logistic-regression solvers on the tutorial's
tf-idf matrix (25,000 training reviews, the split of fit-ours.mjs), each timed and scored on the
held-out 25,000. Also writes the matrices (raw CSR arrays) to argv[3] so solvers.mjs fits ml_core's
solver on exactly the same numbers. argv: reviews.json, split file, output folder. One JSON line."""
import json
import pathlib
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

warnings.simplefilter("ignore", ConvergenceWarning)
reviews = json.load(open(sys.argv[1], encoding="utf8"))
split = json.load(open(sys.argv[2], encoding="utf8"))
out = pathlib.Path(sys.argv[3])
vectorizer = TfidfVectorizer(max_features=20000, sublinear_tf=True, stop_words="english")
X = vectorizer.fit_transform([reviews[i]["t"] for i in split["train"]])
X_test = vectorizer.transform([reviews[i]["t"] for i in split["test"]])
y = np.array([reviews[i]["s"] for i in split["train"]], dtype=np.uint8)
y_test = np.array([reviews[i]["s"] for i in split["test"]], dtype=np.uint8)
for name, m in [("train", X), ("test", X_test)]:
    m.indptr.astype(np.int32).tofile(out / f"{name}.indptr")
    m.indices.astype(np.int32).tofile(out / f"{name}.indices")
    m.data.astype(np.float64).tofile(out / f"{name}.data")
y.tofile(out / "train.y")
y_test.tofile(out / "test.y")

results = []
for solver in ["lbfgs", "liblinear", "newton-cg", "sag", "saga"]:
    t0 = time.perf_counter()
    model = LogisticRegression(solver=solver, max_iter=1000).fit(X, y)
    seconds = time.perf_counter() - t0
    accuracy = float((model.predict(X_test) == y_test).mean())
    results.append({"solver": solver, "seconds": seconds, "accuracy": accuracy, "nIter": int(model.n_iter_[0])})
print(json.dumps({"nCols": X.shape[1], "solvers": results}))

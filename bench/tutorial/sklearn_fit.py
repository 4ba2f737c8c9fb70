"""scikit-learn's fit on the same split as ours: TfidfVectorizer(max_features=20000, sublinear_tf=True,
stop_words='english') + LogisticRegression() (lbfgs, C=1). argv: reviews.json, split file, repeat.
Prints one JSON line."""
import json
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

reviews_path, split_path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
reviews = json.load(open(reviews_path, encoding="utf8"))
split = json.load(open(split_path, encoding="utf8"))
train_texts = [reviews[i]["t"] for i in split["train"]]
test_texts = [reviews[i]["t"] for i in split["test"]]
y_train = np.array([reviews[i]["s"] for i in split["train"]])
y_test = np.array([reviews[i]["s"] for i in split["test"]])

runs = []
for _ in range(repeat):
    t0 = time.perf_counter()
    vectorizer = TfidfVectorizer(max_features=20000, sublinear_tf=True, stop_words="english")
    X = vectorizer.fit_transform(train_texts)
    t1 = time.perf_counter()
    model = LogisticRegression().fit(X, y_train)
    t2 = time.perf_counter()
    proba = model.predict_proba(vectorizer.transform(test_texts))[:, 1]
    t3 = time.perf_counter()
    runs.append({"tfidf": t1 - t0, "logistic": t2 - t1, "fit": t2 - t0, "predict": t3 - t2})

median = lambda key: sorted(r[key] for r in runs)[len(runs) // 2]
print(json.dumps({
    "accuracy": float(((proba >= 0.5) == y_test).mean()),
    "rocAuc": float(roc_auc_score(y_test, proba)),
    "nIter": int(model.n_iter_[0]),
    "nnz": int(X.nnz),
    "tfidf_s": median("tfidf"),
    "logistic_s": median("logistic"),
    "fit_s": median("fit"),
    "predict_s": median("predict"),
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))

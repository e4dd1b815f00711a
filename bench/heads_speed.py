"""scikit-learn's side of bench/heads_speed.sh: one head, k folds given by xfer, as a whole Python process.

Usage: python heads_speed.py HEAD EXPORT_NPY_DIR FOLDS_CSV
Prints one JSON line: head, accuracy (mean over folds), fold_accuracy, seconds inside Python (imports included).
"""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC, SVC

head, export, folds_csv = sys.argv[1], sys.argv[2], sys.argv[3]
x = np.load(f"{export}/features.npy")
y = np.load(f"{export}/labels.npy")
paths = pd.read_csv(f"{export}/rows.csv", keep_default_na=False)["path"]
folds = pd.read_csv(folds_csv).set_index("path")["fold"]
fold = folds.loc[paths].to_numpy()
# the same hyperparameters as xfer's defaults for each head
peers = {
    "logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)),
    "svm": lambda: make_pipeline(StandardScaler(), LinearSVC(C=1.0)),
    "svm-rbf": lambda: make_pipeline(StandardScaler(), SVC(C=1.0, kernel="rbf", gamma="scale")),
    "rf": lambda: RandomForestClassifier(n_estimators=100, random_state=0),
    "gbt": lambda: GradientBoostingClassifier(n_estimators=100, random_state=0),
    "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)),
    "lda": lambda: make_pipeline(StandardScaler(), LinearDiscriminantAnalysis()),
}
accs = []
for f in range(fold.max() + 1):
    tr, te = fold != f, fold == f
    model = peers[head]()
    model.fit(x[tr], y[tr])
    accs.append(float((model.predict(x[te]) == y[te]).mean()))
print(json.dumps({"head": head, "accuracy": float(np.mean(accs)), "fold_accuracy": accs,
                  "seconds": time.perf_counter() - t0}))

"""scikit-learn on exactly xfer's folds: accuracy and fit time per head, against xfer's leaderboard.

Usage: python heads_vs_sklearn.py EXPORT_NPY_DIR BUNDLE_DIR
  EXPORT_NPY_DIR  `xfer cache export RUN --format npy` output (features.npy, labels.npy, rows.csv)
  BUNDLE_DIR      `xfer head compare` winner bundle (leaderboard.json, folds.csv)
Prints a Markdown table; exits 1 if an accuracy differs by more than 1 point or a fit is over 2x slower.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC, SVC

export, bundle = Path(sys.argv[1]), Path(sys.argv[2])
x = np.load(export / "features.npy")
y = np.load(export / "labels.npy")
paths = pd.read_csv(export / "rows.csv", keep_default_na=False)["path"]
folds = pd.read_csv(bundle / "folds.csv").set_index("path")["fold"]
fold = folds.loc[paths].to_numpy()
board = {e["head"]: e for e in json.loads((bundle / "leaderboard.json").read_text())}

peers = {
    "logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)),
    "svm": lambda: make_pipeline(StandardScaler(), LinearSVC(C=1.0)),
    "svm-rbf": lambda: make_pipeline(StandardScaler(), SVC(C=1.0, kernel="rbf", gamma="scale")),
    "rf": lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=1),
    "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5)),
    "lda": lambda: make_pipeline(StandardScaler(), LinearDiscriminantAnalysis()),
}
print(f"scikit-learn {sklearn.__version__}, {x.shape[0]} rows x {x.shape[1]} features, "
      f"{fold.max() + 1} folds (xfer's)")
print("| head | xfer accuracy | scikit-learn accuracy | difference (points) | xfer fit s/fold | "
      "scikit-learn fit s/fold | xfer / scikit-learn time |")
print("|---|---:|---:|---:|---:|---:|---:|")
bad = []
for head, entry in board.items():
    if head not in peers:
        print(f"| {head} | {entry['accuracy']['mean']:.4f} | (no scikit-learn peer) | | "
              f"{entry['fit_seconds']['mean']:.3f} | | |")
        continue
    accs, secs = [], []
    for f in range(fold.max() + 1):
        tr, te = fold != f, fold == f
        model = peers[head]()
        t0 = time.perf_counter()
        model.fit(x[tr], y[tr])
        secs.append(time.perf_counter() - t0)
        accs.append(float((model.predict(x[te]) == y[te]).mean()))
    xa, sa = entry["accuracy"]["mean"], float(np.mean(accs))
    xs, ss = entry["fit_seconds"]["mean"], float(np.mean(secs))
    print(f"| {head} | {xa:.4f} | {sa:.4f} | {100 * (xa - sa):+.1f} | {xs:.3f} | {ss:.3f} | {xs / ss:.2f}x |")
    if abs(xa - sa) > 0.01 or xs > 2 * ss:
        bad.append(head)
if bad:
    print(f"outside the targets (1 point, 2x time): {', '.join(bad)}")
sys.exit(1 if bad else 0)

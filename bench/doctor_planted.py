"""Scores `xfer doctor --json` on the planted pets set, against the truth and a plain Python reference.

Usage: python doctor_planted.py TRUTH_JSON EXPORT_NPY_DIR C DOCTOR_JSON...
  one DOCTOR_JSON per fold seed (`xfer doctor --seed S --json`, seeds 1, 2, ...); the reference runs on the same
  seeds (its own folds: StratifiedKFold(shuffle, random_state=S)), and medians are reported
Reference for label errors: scikit-learn out-of-fold probabilities (StandardScaler + LogisticRegression(C),
StratifiedKFold(5, shuffle, seed 0)) on the same features, then the confident-joint rule of Northcutt et al. (2021)
in numpy (per-class thresholds, confident joint, calibration, prune by noise rate, ranked by self-confidence).
Also measures the cosine of planted copies against every other photo's nearest neighbour, raw and mean-centred,
which is what the default --threshold is chosen from. Prints Markdown.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

truth = json.loads(Path(sys.argv[1]).read_text())
export = Path(sys.argv[2])
C = float(sys.argv[3])
docs = [json.loads(Path(a).read_text()) for a in sys.argv[4:]]
doc = docs[0]
x = np.load(export / "features.npy").astype(np.float64)
y = np.load(export / "labels.npy")
rows = pd.read_csv(export / "rows.csv", keep_default_na=False)
paths = list(rows["path"])
index = {p: i for i, p in enumerate(paths)}

# --- duplicates and leaks -------------------------------------------------------------------------------------
planted = [(p["a"], p["b"], p["cross_split"], "near") for p in truth["near_pairs"]] + \
          [(p["a"], p["b"], p["cross_split"], "exact") for p in truth["exact_pairs"]]
group_of = {}
for g, grp in enumerate(doc["duplicates"]):
    for p in grp["paths"]:
        group_of[p] = g
leak_groups = {tuple(sorted(g["paths"])) for g in doc["leaks"]}
found = [a in group_of and group_of.get(a) == group_of.get(b) for a, b, _, _ in planted]
groups_with_planted = {group_of[a] for (a, b, _, _), f in zip(planted, found) if f}
unplanted = [g for i, g in enumerate(doc["duplicates"]) if i not in groups_with_planted]
cross = [(a, b) for a, b, c, _ in planted if c]
leaks_found = [any(a in g and b in g for g in leak_groups) for a, b in cross]
leak_unplanted = [g for g in doc["leaks"] if not any(a in g["paths"] and b in g["paths"] for a, b in cross)]

print("## Duplicates and leaks\n")
print("| finding | planted | reported | found (recall) | precision | unplanted groups reported |")
print("|---|---:|---:|---:|---:|---:|")
n_near = sum(1 for p in planted if p[3] == "near")
near_found = sum(f for f, p in zip(found, planted) if p[3] == "near")
exact_found = sum(f for f, p in zip(found, planted) if p[3] == "exact")
print(f"| duplicate pairs (near) | {n_near} | | {near_found} ({near_found / n_near:.3f}) | | |")
print(f"| duplicate pairs (exact) | {len(planted) - n_near} | | {exact_found} ({exact_found / (len(planted) - n_near):.3f}) | | |")
print(f"| duplicate groups | {len(planted)} | {len(doc['duplicates'])} | {sum(found)} ({sum(found) / len(planted):.3f}) "
      f"| {len(groups_with_planted) / max(1, len(doc['duplicates'])):.3f} | {len(unplanted)} |")
print(f"| leaks | {len(cross)} | {len(doc['leaks'])} | {sum(leaks_found)} ({sum(leaks_found) / len(cross):.3f}) "
      f"| {(len(doc['leaks']) - len(leak_unplanted)) / max(1, len(doc['leaks'])):.3f} | {len(leak_unplanted)} |")
if unplanted:
    print("\nUnplanted groups reported (inspect: genuine duplicates in the source photos, or false alarms):\n")
    for g in unplanted:
        print(f"- {g['similarity']:.3f} {'exact' if g['exact'] else 'near'}: {', '.join(g['paths'])}")

# --- threshold measurement -------------------------------------------------------------------------------------
print("\n## Cosine of planted copies vs nearest distinct photos\n")
planted_idx = {index[p] for a, b, _, k in planted if k == "near" for p in (a, b)}
print("| features | planted near pairs: min / 5th pct / median | other photos' nearest neighbour: "
      "median / 99th pct / max | gap |")
print("|---|---|---|---:|")
ref_dup_seconds = None
for name, centre in (("raw", False), ("mean-centred", True)):
    t0 = time.perf_counter()
    z = x.astype(np.float32) - x.mean(axis=0).astype(np.float32) if centre else x.astype(np.float32)
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    s = z @ z.T
    if not centre:
        ref_pairs = np.argwhere(np.triu(s, 1) >= doc["threshold"])
        ref_dup_seconds = time.perf_counter() - t0
    np.fill_diagonal(s, -np.inf)
    pair = np.array([s[index[a], index[b]] for a, b, _, k in planted if k == "near"])
    # every photo outside a planted pair and outside any byte-identical group: its best match elsewhere
    sha = rows["sha256"].to_numpy()
    dup_sha = {h for h, c in pd.Series(sha).value_counts().items() if c > 1}
    others = [i for i in range(len(paths)) if i not in planted_idx and sha[i] not in dup_sha]
    nn = s[others][:, others].max(axis=1)
    print(f"| {name} | {pair.min():.4f} / {np.percentile(pair, 5):.4f} / {np.median(pair):.4f} | "
          f"{np.median(nn):.4f} / {np.percentile(nn, 99):.4f} / {nn.max():.4f} | {pair.min() - nn.max():+.4f} |")

# --- label errors ----------------------------------------------------------------------------------------------
flips = {f["path"] for f in truth["flips"]}
lab = np.array([i for i in range(len(paths)) if y[i] >= 0])


def confident_learning(p, yy):
    m = p.shape[1]
    t = np.array([p[yy == j, j].mean() for j in range(m)])
    cj = np.zeros((m, m), dtype=np.int64)
    above = p >= t - 1e-6
    for i in range(len(yy)):
        cand = np.where(above[i])[0]
        if len(cand):
            cj[yy[i], cand[np.argmax(p[i, cand])]] += 1
    counts = np.bincount(yy, minlength=m)
    q = cj / np.maximum(cj.sum(axis=1, keepdims=True), 1) * counts[:, None]
    q = q / q.sum()
    flagged = np.zeros(len(yy), dtype=bool)
    for i in range(m):
        for j in range(m):
            if i == j:
                continue
            take = int(round(len(yy) * q[i, j]))
            if take == 0:
                continue
            members = np.where(yy == i)[0]
            margin = p[members, j] - p[members, i]
            order = members[np.lexsort((members, -margin))]
            flagged[order[:take]] = True
    idx = np.where(flagged)[0]
    self_conf = p[idx, yy[idx]]
    return idx[np.lexsort((idx, self_conf))], cj


def scores(ranked_paths):
    hits = np.array([p in flips for p in ranked_paths])
    tp = hits.sum()
    prec = tp / max(1, len(ranked_paths))
    rec = tp / len(flips)
    ap = (np.cumsum(hits)[hits] / (np.where(hits)[0] + 1)).sum() / len(flips) if tp else 0.0
    at = hits[:len(flips)].sum() / len(flips)
    return len(ranked_paths), tp, prec, rec, ap, at


yy = y[lab]
print(f"\n## Likely label errors ({len(flips)} planted flips among {len(lab)} labelled photos)\n")
print(f"Fold seeds {list(range(1, len(docs) + 1))}; xfer's folds keep duplicate groups together, the reference's "
      f"are plain StratifiedKFold. Head: logistic regression on standardised features, C={C}, both.\n")
print("| seed | ranking | out-of-fold accuracy | flagged | flips among them | precision | recall | average precision "
      "| precision at 100 |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
table = {"xfer doctor": [], "scikit-learn + numpy": []}
ref_seconds = []
for seed, d in enumerate(docs, start=1):
    t0 = time.perf_counter()
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000))
    p = cross_val_predict(model, x[lab], yy, cv=StratifiedKFold(5, shuffle=True, random_state=seed),
                          method="predict_proba")
    ref_rank, ref_cj = confident_learning(p, yy)
    ref_seconds.append(time.perf_counter() - t0)
    ref_paths = [paths[lab[i]] for i in ref_rank]
    xfer_paths = [i["path"] for i in d["label_issues"]]
    for name, ranked, acc in (("xfer doctor", xfer_paths, d["out_of_fold_accuracy"]),
                              ("scikit-learn + numpy", ref_paths, float((p.argmax(axis=1) == yy).mean()))):
        n, tp, prec, rec, ap, at = scores(ranked)
        table[name].append((acc, n, tp, prec, rec, ap, at))
        print(f"| {seed} | {name} | {acc:.4f} | {n} | {tp} | {prec:.3f} | {rec:.3f} | {ap:.3f} | {at:.3f} |")
print("\nMedians over seeds:\n")
print("| ranking | out-of-fold accuracy | flagged | flips among them | precision | recall | average precision "
      "| precision at 100 |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, rows_ in table.items():
    m = np.median(np.array(rows_), axis=0)
    print(f"| {name} | {m[0]:.4f} | {m[1]:.0f} | {m[2]:.0f} | {m[3]:.3f} | {m[4]:.3f} | {m[5]:.3f} | {m[6]:.3f} |")
print(f"\nOutliers reported: {len(doc['outliers'])} (none planted): "
      + ", ".join(f"{o['path']} ({o['score']:.3f})" for o in doc["outliers"]))
sec = {k: float(np.median([d["seconds"][k] for d in docs])) for k in doc["seconds"]}
print(f"\nTime inside the command (median over seeds): duplicates {sec['duplicates']:.2f} s (exact scan of "
      f"{len(paths)} x {x.shape[1]}), label issues {sec['label_issues']:.2f} s (5 folds); reference: numpy float32 "
      f"cosine matrix + threshold {ref_dup_seconds:.2f} s, scikit-learn folds + confident joint "
      f"{np.median(ref_seconds):.2f} s. Ratios xfer / reference: duplicates {sec['duplicates'] / ref_dup_seconds:.2f}x, "
      f"label issues {sec['label_issues'] / np.median(ref_seconds):.2f}x.")

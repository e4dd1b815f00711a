"""Scores `xfer doctor --json` on the planted pets set, against the truth and a plain Python reference.

Usage: python doctor_planted.py TRUTH_JSON DOCTOR_JSON EXPORT_NPY_DIR
Reference for label errors: scikit-learn out-of-fold probabilities (StandardScaler + LogisticRegression(C),
StratifiedKFold(5, shuffle, seed 0)) on the same features, then the confident-joint rule of Northcutt et al. (2021)
in numpy (per-class thresholds, confident joint, calibration, prune by noise rate, ranked by self-confidence).
Also measures the cosine of planted copies against every other photo's nearest neighbour, raw and mean-centred,
which is what the default --threshold is chosen from. Prints Markdown.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

truth = json.loads(Path(sys.argv[1]).read_text())
doc = json.loads(Path(sys.argv[2]).read_text())
export = Path(sys.argv[3])
C = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
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
for name, centre in (("raw", False), ("mean-centred", True)):
    z = x - x.mean(axis=0) if centre else x.copy()
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    s = z @ z.T
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
model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000))
p = cross_val_predict(model, x[lab], yy, cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba")
ref_rank, ref_cj = confident_learning(p, yy)
ref_paths = [paths[lab[i]] for i in ref_rank]
xfer_paths = [i["path"] for i in doc["label_issues"]]
print(f"\n## Likely label errors ({len(flips)} planted flips among {len(lab)} labelled photos)\n")
print(f"Out-of-fold accuracy: xfer ({doc['head']}) {doc['out_of_fold_accuracy']:.4f}, reference (scikit-learn "
      f"logreg C={C}) {(p.argmax(axis=1) == yy).mean():.4f}. Confident joint: xfer {doc['confident_joint']}, "
      f"reference {ref_cj.tolist()}.\n")
print("| ranking | flagged | flips among them | precision | recall | average precision | precision at 100 |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, ranked in (("xfer doctor", xfer_paths), (f"scikit-learn + numpy reference", ref_paths)):
    n, tp, prec, rec, ap, at = scores(ranked)
    print(f"| {name} | {n} | {tp} | {prec:.3f} | {rec:.3f} | {ap:.3f} | {at:.3f} |")
print(f"\nOutliers reported: {len(doc['outliers'])} (none planted).")
print(f"\nxfer doctor seconds: {doc['seconds']}")

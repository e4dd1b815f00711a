"""Measures what `xfer doctor`'s duplicate rule should be, and scores its groups, on a planted set.

Usage: python doctor_duplicates.py NAME TRUTH_JSON EXPORT_NPY_DIR HASHES_TSV [DOCTOR_JSON...]
  HASHES_TSV  path TAB 64-bit perceptual hash in hex, from bench/PhotoHashes.java (xfer's own hash)
  DOCTOR_JSON `xfer doctor --json` outputs to score (each labelled by its file name)
Every pair of photos at feature cosine >= 0.80 is classed: planted (a near or byte-identical copy the truth
lists), identical (same sha256 in the source data), sibling (two shots of one scene, doctor_plant_scenes.py),
or other (different photos). Pair-level precision and recall of "cosine >= T and hash similarity >= H" against
planted + identical pairs; then, per doctor output, planted pairs found and groups holding a pair that is not a
duplicate. Prints Markdown.
"""
import json
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

name, truth = sys.argv[1], json.loads(Path(sys.argv[2]).read_text())
export = Path(sys.argv[3])
hashes = {}
for line in Path(sys.argv[4]).read_text().splitlines():
    p, h = line.split("\t")
    hashes[p] = None if h == "-" else int(h, 16)
docs = sys.argv[5:]
x = np.load(export / "features.npy").astype(np.float64)
rows = pd.read_csv(export / "rows.csv", keep_default_na=False)
keep = rows["view"].to_numpy() == 0
x, rows = x[keep], rows[keep].reset_index(drop=True)
paths, sha = list(rows["path"]), list(rows["sha256"])
u = x / np.linalg.norm(x, axis=1, keepdims=True)
s = u @ u.T
# a copy of a photo the source holds twice is a copy of both: planted pairs are compared by the sha256 of the files
sha_of = dict(zip(paths, sha))
planted = {frozenset((p["a"], p["b"])) for p in truth["near_pairs"] + truth["exact_pairs"]}
planted_sha = {frozenset((sha_of[p["a"]], sha_of[p["b"]])) for p in truth["near_pairs"] + truth["exact_pairs"]}
siblings = {frozenset((p["a"], p["b"])) for p in truth.get("sibling_pairs", [])}


def hsim(a, b):
    ha, hb = hashes.get(a), hashes.get(b)
    return None if ha is None or hb is None else 1 - bin(ha ^ hb).count("1") / 64


def kind(a, b):
    k = frozenset((a, b))
    if k in planted or frozenset((sha_of[a], sha_of[b])) in planted_sha:
        return "planted"
    if sha_of[a] == sha_of[b]:
        return "identical"
    if k in siblings:
        return "sibling"
    return "other"


pairs = []
ii, jj = np.where(np.triu(s, 1) >= 0.80)
for i, j in zip(ii, jj):
    a, b = paths[i], paths[j]
    pairs.append((a, b, float(s[i, j]), hsim(a, b), kind(a, b)))
# planted pairs below 0.80 still count as missed
seen = {frozenset((a, b)) for a, b, *_ in pairs}
for k in planted - seen:
    a, b = sorted(k)
    pairs.append((a, b, float(s[paths.index(a), paths.index(b)]), hsim(a, b), "planted"))
df = pd.DataFrame(pairs, columns=["a", "b", "cosine", "hash", "kind"])
dup = df["kind"].isin(["planted", "identical"])
print(f"## {name}: {len(paths)} photos, {len(planted)} planted pairs, {int((df['kind'] == 'identical').sum())} "
      f"byte-identical pairs in the source, {len(siblings)} sibling pairs\n")
print("| pairs | count | cosine min / 5th pct / median / max | hash similarity min / 5th pct / median / 95th pct / max |")
print("|---|---:|---|---|")
for k, sel in [("planted near copies", df["kind"].eq("planted") & df["hash"].lt(1)),
               ("not duplicates, cosine >= 0.85", ~dup & df["cosine"].ge(0.85)),
               ("siblings (two shots of a scene), cosine >= 0.80", df["kind"].eq("sibling")),
               ("other pairs at cosine >= 0.80", df["kind"].eq("other")),
               ("other pairs at cosine >= 0.91", df["kind"].eq("other") & df["cosine"].ge(0.91))]:
    d = df[sel]
    if len(d) == 0:
        print(f"| {k} | 0 | | |")
        continue
    c, h = d["cosine"], d["hash"].dropna()
    print(f"| {k} | {len(d)} | {c.min():.3f} / {c.quantile(.05):.3f} / {c.median():.3f} / {c.max():.3f} | "
          f"{h.min():.3f} / {h.quantile(.05):.3f} / {h.median():.3f} / {h.quantile(.95):.3f} / {h.max():.3f} |")
print("\nPair-level precision / recall of the rule (duplicates = planted + byte-identical pairs):\n")
hs = [None, 0.70, 0.72, 0.75, 0.80, 0.85]
print("| cosine >= | " + " | ".join("features only" if h is None else f"hash >= {h:.2f}" for h in hs) + " |")
print("|---:|" + "---|" * len(hs))
for t in (0.85, 0.88, 0.90, 0.91, 0.93, 0.95, 0.97):
    cells = []
    for h in hs:
        ok = df["cosine"].ge(t) & (True if h is None else df["hash"].fillna(1).ge(h))
        tp = int((ok & dup).sum())
        cells.append(f"{tp / max(1, int(ok.sum())):.3f} / {tp / int(dup.sum()):.3f}")
    print(f"| {t:.2f} | " + " | ".join(cells) + " |")
# what doctor did before: features only at 0.91, groups joined transitively (single linkage)
parent = {p: p for p in paths}


def root(p):
    while parent[p] != p:
        parent[p] = parent[parent[p]]
        p = parent[p]
    return p


for a, b, c, h, k in pairs:
    if c >= 0.91 or sha_of[a] == sha_of[b]:
        parent[root(a)] = root(b)
old = {}
for p in paths:
    old.setdefault(root(p), []).append(p)
old = [g for g in old.values() if len(g) > 1]
old_bad = [g for g in old if any(kind(a, b) not in ("planted", "identical") for a, b in combinations(g, 2))]
print(f"\nBefore (features only at 0.91, single linkage): {len(old)} groups, {len(old_bad)} of them holding a pair "
      f"that is not a duplicate")
for d in docs:
    doc = json.loads(Path(d).read_text())
    group_of = {}
    for g, grp in enumerate(doc["duplicates"]):
        for p in grp["paths"]:
            group_of[p] = g
    found = sum(1 for k in planted if len({group_of.get(p, -1 - i) for i, p in enumerate(k)}) == 1)
    bad = []
    for grp in doc["duplicates"]:
        wrong = [(a, b) for a, b in combinations(grp["paths"], 2) if kind(a, b) not in ("planted", "identical")]
        if wrong:
            bad.append((grp, wrong))
    cross = [p for p in truth["near_pairs"] + truth["exact_pairs"] if p["cross_split"]]
    leaks = sum(1 for p in cross if any(p["a"] in g["paths"] and p["b"] in g["paths"] for g in doc["leaks"]))
    print(f"\n`{Path(d).name}`: {len(doc['duplicates'])} groups, planted pairs found {found} / {len(planted)}, "
          f"leaks found {leaks} / {len(cross)}, groups with a pair that is not a duplicate: {len(bad)}")
    for grp, wrong in bad[:8]:
        print(f"  - {grp['paths']} cosine {grp['similarity']} hash {grp.get('hash_similarity')}: "
              f"{len(wrong)} non-duplicate pairs, e.g. {wrong[0]} ({kind(*wrong[0])})")

"""Precision at 10/20/40/100 of `xfer doctor`'s label-error list on the planted pets set, by its ranking.

Usage: python doctor_ranking.py TRUTH_JSON DOCTOR_JSON...
Compares the list as doctor sorts it (rank: the mean of the head's doubt, score = 1 - p(given), and the share of
the nearest photos labelled otherwise, neighbours_disagree) with the same list sorted by score alone (the paper's
self-confidence ranking, what doctor did before). Prints Markdown rows.
"""
import json
import sys
from pathlib import Path

truth = json.loads(Path(sys.argv[1]).read_text())
flips = {f["path"] for f in truth["flips"]}
print("| doctor output | out-of-fold accuracy | flagged | flips among them | ranking | P@10 | P@20 | P@40 | P@100 |")
print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
for f in sys.argv[2:]:
    d = json.loads(Path(f).read_text())
    issues = d["label_issues"]
    caught = sum(i["path"] in flips for i in issues)
    for name, order in [("score alone (before)", sorted(issues, key=lambda i: -i["score"])),
                        ("rank: head and neighbours (now)", issues)]:
        p = [sum(i["path"] in flips for i in order[:k]) / max(1, min(k, len(order))) for k in (10, 20, 40, 100)]
        print(f"| `{Path(f).name}` | {d['out_of_fold_accuracy']:.4f} | {len(issues)} | {caught} | {name} | "
              + " | ".join(f"{v:.2f}" for v in p) + " |")

"""Scores `xfer predict --unknown --json` on known photos (held-out pets) and unknown ones (bench/unknown_photos.py).
Before: the head alone, whose only signal is its top probability (AUROC of 1 - max probability). After: the
kNN distance ratio (AUROC) and the answers with --unknown. A wrong confident answer is an unknown photo given a
class with probability >= CONF (before: every such photo; after: those not answered unknown)."""
import json
import sys

known = json.load(open(sys.argv[1]))["results"]
unknown = json.load(open(sys.argv[2]))["results"]
conf = float(sys.argv[3]) if len(sys.argv) > 3 else 0.9


def auroc(neg, pos):
    pairs = [(s, 0) for s in neg] + [(s, 1) for s in pos]
    pairs.sort()
    rank, i, sum_pos = 1, 0, 0.0
    while i < len(pairs):  # average ranks of ties
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        r = (rank + rank + (j - i) - 1) / 2
        sum_pos += r * sum(1 for k in range(i, j) if pairs[k][1] == 1)
        rank += j - i
        i = j
    return (sum_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def top(p):
    return p["predictions"][0]["probability"]


def truth(p):
    return p["path"].split("/")[0]


groups = {}
for p in unknown:
    g = p["path"].split("-")[0]
    groups.setdefault(g, []).append(p)
rows = []
msp_before = auroc([1 - top(p) for p in known], [1 - top(p) for p in unknown])
knn_after = auroc([p["distance_ratio"] for p in known], [p["distance_ratio"] for p in unknown])
wrong_before = sum(1 for p in unknown if top(p) >= conf) / len(unknown)
wrong_after = sum(1 for p in unknown if top(p) >= conf and not p["unknown"]) / len(unknown)
flagged = sum(1 for p in unknown if p["unknown"]) / len(unknown)
false_unknown = sum(1 for p in known if p["unknown"]) / len(known)
acc_before = sum(1 for p in known if p["predictions"][0]["class"] == truth(p)) / len(known)
kept = [p for p in known if not p["unknown"]]
acc_after = sum(1 for p in kept if p["class"] == truth(p)) / max(1, len(kept))
print(f"known photos (held-out pets): {len(known)}; unknown photos: {len(unknown)} "
      + ", ".join(f"{g} {len(v)}" for g, v in sorted(groups.items())))
print()
print("| | AUROC known vs unknown | unknown photos given a class at p >= %.2f | unknown photos answered unknown "
      "| known photos answered unknown | accuracy on known photos answered |" % conf)
print("|---|---|---|---|---|---|")
print(f"| before (head alone, max probability) | {msp_before:.3f} | {wrong_before:.1%} | 0% | 0% | {acc_before:.1%} |")
print(f"| after (--unknown, kNN distance ratio) | {knn_after:.3f} | {wrong_after:.1%} | {flagged:.1%} "
      f"| {false_unknown:.1%} | {acc_after:.1%} |")
print()
print("| unknown photos | n | given a class at p >= %.2f before | after | answered unknown |" % conf)
print("|---|---|---|---|---|")
for g, v in sorted(groups.items()):
    print(f"| {g} | {len(v)} | {sum(1 for p in v if top(p) >= conf) / len(v):.0%} "
          f"| {sum(1 for p in v if top(p) >= conf and not p['unknown']) / len(v):.0%} "
          f"| {sum(1 for p in v if p['unknown']) / len(v):.0%} |")

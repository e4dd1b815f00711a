#!/usr/bin/env bash
# bf16's effect on accuracy (issue 13, item 1), measurable on any CPU (oneDNN's bfloat16 rewrite runs without
# bfloat16 instructions too, only slower): SqueezeNet with the real ImageNet weights extracts each dataset with
# --precision fp32 and bf16. Prints, per dataset: the worst, 1st percentile and median cosine between an image's
# bf16 and fp32 features, each precision's extraction time (whole process), and every head's 5-fold accuracy on
# both (the same folds), with the difference in points (target: within 0.5).
# Datasets: ../shared/data/pets2k (2 classes, 2,000 photos) and scikit-learn's bundled digits (10 classes, 1,797
# 8x8 scans upscaled to 64x64 PNGs): a second class-folder set that needs no download.
# Usage: bench/bf16_accuracy.sh [HEAD,...]   (default logreg,svm,knn,lda,rf). Writes bench/out/bf16_accuracy.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" numpy scikit-learn pillow
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "bf16_accuracy: needs ../shared/data/pets2k" >&2; exit 2; }
heads=${1:-logreg,svm,knn,lda,rf}
work="$root/bench/out/bf16"
mkdir -p "$work"
export XFER_HOME="$work"
weights=$(ls "$shared"/data/squeezenet/*.h5)
digits="$work/digits"
[[ -d $digits/0 ]] || "$PY" - "$digits" <<'PY'
import os, sys
import numpy as np
from PIL import Image
from sklearn.datasets import load_digits
d = load_digits()
for i, (img, y) in enumerate(zip(d.images, d.target)):
    os.makedirs(f"{sys.argv[1]}/{y}", exist_ok=True)
    a = (img * (255 / 16)).astype(np.uint8)
    Image.fromarray(a).resize((64, 64), Image.NEAREST).convert("RGB").save(f"{sys.argv[1]}/{y}/{i}.png")
PY
precisions=(fp32 bf16)
table="$root/bench/out/bf16_accuracy.md"
{
echo "| dataset | precision | extract s | cosine to fp32: worst / 1st pct / median | $(echo "$heads" | sed 's/,/ | /g') |"
echo "|---|---|---:|---|$(echo "$heads" | sed 's/[^,]*/---:/g; s/,/|/g')|"
} > "$table"
for set in pets2k:"$shared/data/pets2k" digits:"$digits"; do
  name=${set%%:*} dir=${set#*:}
  declare -A snap=()
  for p in "${precisions[@]}"; do
    s0=$(date +%s.%N)
    snap[$p]=$("$root/xfer" extract --backbone squeezenet --weights "$weights" --precision "$p" --name "$name-$p" \
               --json --quiet "$dir" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')
    secs=$(echo "$(date +%s.%N) - $s0" | bc)
    echo "$secs" > "$work/$name-$p.seconds"
    "$root/xfer" cache export "${snap[$p]}" --format npy --out "$work/$name-$p-npy" --force > /dev/null
    "$root/xfer" head compare "${snap[$p]}" --heads "$heads" --cv 5 --quiet --json --out "$work/$name-$p-compare" \
      --force > "$work/$name-$p-compare.json"
  done
  for p in "${precisions[@]}"; do
    "$PY" - "$work" "$name" "$p" "$heads" >> "$table" <<'PY'
import csv, json, sys
import numpy as np
work, name, p, heads = sys.argv[1:]
def load(prec):
    rows = list(csv.DictReader(open(f"{work}/{name}-{prec}-npy/rows.csv")))
    f = np.load(f"{work}/{name}-{prec}-npy/features.npy").astype(np.float64)
    return {r["path"]: f[i] for i, r in enumerate(rows)}
ref, mine = load("fp32"), load(p)
cos = np.array([ref[k] @ mine[k] / np.linalg.norm(ref[k]) / np.linalg.norm(mine[k]) for k in ref if k in mine])
def acc(prec):
    d = json.load(open(f"{work}/{name}-{prec}-compare.json"))
    return {e["head"]: e["accuracy"]["mean"] * 100 for e in d["leaderboard"]}
a32, a = acc("fp32"), acc(p)
secs = float(open(f"{work}/{name}-{p}.seconds").read())
cells = [f"{a[h]:.2f}" + ("" if p == "fp32" else f" ({a[h] - a32[h]:+.2f})") for h in heads.split(",")]
print(f"| {name} ({len(cos)} images) | {p} | {secs:.1f} | {cos.min():.6f} / {np.percentile(cos, 1):.6f} / "
      f"{np.median(cos):.6f} | " + " | ".join(cells) + " |")
PY
  done
done
{
echo
echo "Heads: 5-fold accuracy in percent (difference to fp32 in points). Extract seconds: whole process, first run."
echo "machine: $(nproc) cores, $(grep -qw -e avx512_bf16 -e amx_bf16 /proc/cpuinfo && echo 'with' || echo 'without') bfloat16 instructions, $(date -u +%F)"
} >> "$table"
cat "$table"

#!/usr/bin/env bash
# Phase-two quality and speed: `xfer head compare` on SqueezeNet features of ../shared/data/pets2k (real
# ImageNet weights), then scikit-learn (pip) on the same folds (bench/heads_vs_sklearn.py). Also prints how long
# the whole compare of five heads x five folds took. Writes bench/out/heads_vs_sklearn.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" scikit-learn pandas numpy
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/heads"
mkdir -p "$work"
export XFER_HOME="$work"
run=$("$root/xfer" extract --backbone squeezenet --weights "$shared"/data/squeezenet/*.h5 --json "$shared/data/pets2k" \
      | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')
"$root/xfer" cache export "$run" --format npy --out "$work/export-npy" >&2
heads=${HEADS:-logreg,svm,rf,knn,dense}
"$root/xfer" head compare "$run" --heads "$heads" --cv 5 --quiet --out "$work/best" | tee "$work/compare.txt"
"$PY" "$root/bench/heads_vs_sklearn.py" "$work/export-npy" "$work/best" | tee "$root/bench/out/heads_vs_sklearn.md"

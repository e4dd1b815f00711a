#!/usr/bin/env bash
# "None of the above", measured: a logreg head on SqueezeNet features of TRAIN (default 400) pets photos per class,
# asked about held-out pets photos (the next KNOWN, default 200, per class) and about photos of things it never saw
# (bench/unknown_photos.py: scikit-image's and scikit-learn's sample photos and crops of them, LFW faces, made-up
# walls). Before: the head alone; after: `xfer predict --unknown` (per-class kNN distance thresholds fitted at
# 'head train' time). Writes bench/out/unknown/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/unknown"
rm -rf "$work" && mkdir -p "$work/train" "$work/known"
export XFER_HOME="$work"
train=${TRAIN:-400}; known=${KNOWN:-200}
for c in cat dog; do
  mkdir -p "$work/train/$c" "$work/known/$c"
  files=("$shared/data/pets2k/$c"/*)
  cp "${files[@]:0:$train}" "$work/train/$c/"
  cp "${files[@]:$train:$known}" "$work/known/$c/"
done
source "$root/bench/venv.sh" scikit-image pillow scikit-learn
"$PY" "$root/bench/unknown_photos.py" "$work/unknown" > /dev/null
weights=$(ls "$shared"/data/squeezenet/*.h5)
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run=$("$root/xfer" extract --backbone squeezenet --weights "$weights" --json --quiet "$work/train" | py 'd["snapshot"]')
"$root/xfer" head train "$run" --type "${HEAD:-logreg}" --json --quiet --out "$work/heads/pets" > /dev/null
"$root/xfer" predict --head "$work/heads/pets" --unknown --json "$work/known" 2>/dev/null > "$work/known.json"
"$root/xfer" predict --head "$work/heads/pets" --unknown --json "$work/unknown" 2>/dev/null > "$work/unknown.json"
python3 "$root/bench/unknown_eval.py" "$work/known.json" "$work/unknown.json" 0.9 | tee "$work/summary.md"

#!/usr/bin/env bash
# `xfer doctor`'s duplicate rule and label-error ranking, measured on planted sets: the planted pets set
# (bench/doctor_plant.py on ../shared/data/pets2k), a second set of two shots per scene with planted copies
# (bench/doctor_plant_scenes.py), and a 645-photo planted pets subset extracted at 32 and 64 pixels (weak features,
# a low out-of-fold accuracy). SqueezeNet features; the perceptual hashes are xfer's own (bench/PhotoHashes.java).
# Writes bench/out/dups/results.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" scikit-learn pandas numpy pillow
source "$root/scripts/jdk.sh"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "needs ../shared/data/pets2k" >&2; exit 1; }
work="$root/bench/out/dups"
rm -rf "$work"
mkdir -p "$work/pets600src/cat" "$work/pets600src/dog"
export XFER_HOME="$work"
weights=("$shared"/data/squeezenet/*.h5)
snapshot() { "$PY" -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])'; }
"$PY" "$root/bench/doctor_plant.py" "$shared/data/pets2k" "$work/pets-planted" 7
"$PY" "$root/bench/doctor_plant_scenes.py" "$shared/data/pets2k" "$work/scenes-planted" 11
out="$work/results.md"
: > "$out"
for set in pets scenes; do
  snap=$("$root/xfer" extract --backbone squeezenet --weights "${weights[0]}" --json "$work/$set-planted" | snapshot)
  "$root/xfer" cache export "$snap" --format npy --out "$work/$set-npy" >&2
  (cd "$work/$set-planted" && find . -type f | sed 's|^\./||' | sort) \
    | "$JAVA_HOME/bin/java" -cp "$root/cli/target/lib/*" "$root/bench/PhotoHashes.java" "$work/$set-planted" \
    > "$work/$set.hashes"
  "$root/xfer" doctor "$snap" --compare none --json > "$work/$set-doctor.json"
  # the features alone (a hash threshold no pair can miss), at the features-only default cosine
  "$root/xfer" doctor "$snap" --compare none --threshold 0.93 --hash-threshold 0.01 --json \
    > "$work/$set-doctor-features-only.json"
  "$PY" "$root/bench/doctor_duplicates.py" "$set" "$work/$set-planted.truth.json" "$work/$set-npy" \
    "$work/$set.hashes" "$work/$set-doctor.json" "$work/$set-doctor-features-only.json" >> "$out"
  echo >> "$out"
  if [[ $set == pets ]]; then
    "$root/xfer" doctor "$snap" --compare none --C 1 --json > "$work/pets-doctor-C1.json"
  fi
done
for c in cat dog; do
  ls "$shared/data/pets2k/$c" | sort | head -300 | while read -r f; do ln -s "$shared/data/pets2k/$c/$f" "$work/pets600src/$c/$f"; done
done
"$PY" "$root/bench/doctor_plant.py" "$work/pets600src" "$work/pets600-planted" 7
ranked=("$work/pets-doctor.json" "$work/pets-doctor-C1.json")
for size in 64 32; do
  snap=$("$root/xfer" extract --backbone squeezenet --weights "${weights[0]}" --image-size "$size" \
         --name "pets600-$size" --json "$work/pets600-planted" | snapshot)
  "$root/xfer" doctor "$snap" --compare none --json > "$work/pets600-$size-doctor.json"
  ranked+=("$work/pets600-$size-doctor.json")
done
echo "## Label errors: precision at k" >> "$out"
echo >> "$out"
"$PY" "$root/bench/doctor_ranking.py" "$work/pets-planted.truth.json" "${ranked[@]:0:2}" >> "$out"
"$PY" "$root/bench/doctor_ranking.py" "$work/pets600-planted.truth.json" "${ranked[@]:2}" | tail -n +3 >> "$out"
cat "$out"

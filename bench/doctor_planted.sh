#!/usr/bin/env bash
# `xfer doctor` on planted problems: plants label flips, re-encoded near duplicates and byte-identical copies in a
# copy of ../shared/data/pets2k (bench/doctor_plant.py), extracts SqueezeNet features, runs doctor on SEEDS fold
# seeds, and scores it against the truth and a scikit-learn + numpy reference on the same features
# (bench/doctor_planted.py). Writes bench/out/doctor/results.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" scikit-learn pandas numpy pillow
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "needs ../shared/data/pets2k" >&2; exit 1; }
work="$root/bench/out/doctor"
rm -rf "$work"
mkdir -p "$work"
export XFER_HOME="$work"
"$PY" "$root/bench/doctor_plant.py" "$shared/data/pets2k" "$work/pets-planted" 7
snap=$("$root/xfer" extract --backbone squeezenet --weights "$shared"/data/squeezenet/*.h5 --json "$work/pets-planted" \
       | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')
"$root/xfer" cache export "$snap" --format npy --out "$work/npy" >&2
C=${C:-0.01}
jsons=()
for seed in $(seq 1 "${SEEDS:-5}"); do
  /usr/bin/time -v "$root/xfer" doctor "$snap" --seed "$seed" --C "$C" --compare none --json \
    > "$work/doctor-$seed.json" 2> "$work/doctor-$seed.err"
  grep -E "Maximum resident|Elapsed" "$work/doctor-$seed.err" | sed "s/^/seed $seed: /" >&2
  jsons+=("$work/doctor-$seed.json")
done
# the full command once more, with the leaderboard both ways and the report
"$root/xfer" doctor "$snap" --C "$C" --out "$work/report" > "$work/doctor.txt"
cat "$work/doctor.txt"
"$PY" "$root/bench/doctor_planted.py" "$work/pets-planted.truth.json" "$work/npy" "$C" "${jsons[@]}" \
  | tee "$work/results.md"

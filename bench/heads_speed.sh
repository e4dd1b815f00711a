#!/usr/bin/env bash
# Phase two as a user runs it: `xfer head compare SNAPSHOT --heads H --cv 5` as a whole process against the same
# five folds in scikit-learn as a whole Python process (bench/heads_speed.py), per head, alternating the two,
# ROUNDS times (default 3), medians. SqueezeNet features (real ImageNet weights) of ../shared/data/pets2k.
# Also checks that rf and gbt give the same fold accuracies in every xfer process (same seed, same model).
# Prints a Markdown table (wall seconds, ratio, accuracy, peak RSS); writes bench/out/heads_speed.md.
# Usage: bench/heads_speed.sh [HEAD,...]   (default: logreg,svm,svm-rbf,rf,gbt,knn,lda)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" scikit-learn pandas numpy
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/heads"
mkdir -p "$work"
export XFER_HOME="$work"
heads=${1:-logreg,svm,svm-rbf,rf,gbt,knn,lda}
rounds=${ROUNDS:-3}
snap=$("$root/xfer" extract --backbone squeezenet --weights "$shared"/data/squeezenet/*.h5 --json --quiet \
       "$shared/data/pets2k" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["snapshot"])')
[[ -f $work/export-npy/features.npy ]] || "$root/xfer" cache export "$snap" --format npy --out "$work/export-npy" --force >&2
# xfer's folds for this snapshot and seed (the same for every head)
"$root/xfer" head compare "$snap" --heads knn --cv 5 --quiet --out "$work/folds-run" --force > /dev/null
timed() { # prints "seconds maxrss_kib" of a command, its stdout to $1
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out" 2> "$work/stderr.txt" || { cat "$work/stderr.txt" >&2; return 1; }
  cat "$work/time.txt"
}
{
echo "| head | xfer s (median) | scikit-learn s (median) | xfer / scikit-learn | xfer accuracy | scikit-learn accuracy | xfer peak RSS MiB | scikit-learn peak RSS MiB | same folds every run |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
for h in ${heads//,/ }; do
  xs=() ps=() xm=0 pm=0 folds=()
  for ((r = 0; r < rounds; r++)); do
    read -r s m < <(timed "$work/x.txt" "$root/xfer" head compare "$snap" --heads "$h" --cv 5 --quiet --json \
                    --out "$work/run-$h" --force)
    xs+=("$s"); ((m > xm)) && xm=$m
    folds+=("$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["leaderboard"][0]["fold_accuracy"])' "$work/x.txt")")
    xa=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f" % d["leaderboard"][0]["accuracy"]["mean"])' "$work/x.txt")
    read -r s m < <(timed "$work/p.txt" "$PY" "$root/bench/heads_speed.py" "$h" "$work/export-npy" "$work/folds-run/folds.csv")
    ps+=("$s"); ((m > pm)) && pm=$m
    pa=$("$PY" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["accuracy"])' "$work/p.txt")
  done
  same=$([[ $(printf '%s\n' "${folds[@]}" | sort -u | wc -l) == 1 ]] && echo yes || echo "NO: ${folds[*]}")
  "$PY" - "$h" "$xa" "$pa" "$xm" "$pm" "$same" "${xs[*]}" "${ps[*]}" <<'PY'
import statistics, sys
h, xa, pa, xm, pm, same, xs, ps = sys.argv[1:]
x = statistics.median(map(float, xs.split())); p = statistics.median(map(float, ps.split()))
print(f"| {h} | {x:.2f} | {p:.2f} | {x / p:.2f}x | {xa} | {pa} | {int(xm) // 1024} | {int(pm) // 1024} | {same} |")
PY
done
} | tee "$root/bench/out/heads_speed.md"

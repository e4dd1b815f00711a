#!/usr/bin/env bash
# `xfer serve` under load against in-process `xfer predict` on the same photos (SqueezeNet with the real ImageNet
# weights, a logreg head trained on the pets). The load is bench/serve_load.py (Python's standard library, not xfer):
# CLIENTS (32) keep-alive clients on 127.0.0.1 for SECONDS (60), 5% corrupt payloads that must come back 400, no 5xx.
# The peer is `xfer predict --json FOLDER`, whose images_per_second counts decoding and classifying after the model
# is loaded, as the server's does. Alternates predict, serve, predict, serve, predict (ROUNDS serve runs, default 2)
# and prints medians. PHOTOS (default 400) photos per class from ../shared/data/pets2k, else examples/.
# Writes bench/out/serve/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/serve"
rm -rf "$work" && mkdir -p "$work/photos"
export XFER_HOME="$work"
n=${PHOTOS:-400}
for c in cat dog; do
  mkdir -p "$work/photos/$c"
  files=("$shared/data/pets2k/$c"/*)
  cp "${files[@]:0:$n}" "$work/photos/$c/"
done
weights=$(ls "$shared"/data/squeezenet/*.h5)
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run=$("$root/xfer" extract --backbone squeezenet --weights "$weights" --json --quiet "$work/photos" | py 'd["snapshot"]')
"$root/xfer" head train "$run" --type logreg --json --quiet --out "$work/heads/pets" > /dev/null
predict() {
  "$root/xfer" predict --head "$work/heads/pets" --json "$work/photos" 2>/dev/null | py 'round(d["images_per_second"], 2)'
}
serve() {
  local out="$work/serve-$1.out"
  "$root/xfer" serve --head "$work/heads/pets" --port 0 --max-batch "${MAX_BATCH:-32}" --max-wait-ms "${MAX_WAIT_MS:-5}" \
    > "$out" 2> "$work/serve-$1.err" &
  local pid=$!
  for _ in $(seq 120); do grep -q "serving" "$out" 2>/dev/null && break; sleep 0.5; done
  local port
  port=$(grep -o '127.0.0.1:[0-9]*' "$out" | head -1 | cut -d: -f2)
  local rc=0
  python3 "$root/bench/serve_load.py" --url "http://127.0.0.1:$port" --photos "$work/photos" \
    --clients "${CLIENTS:-32}" --seconds "${SECONDS_PER_RUN:-60}" > "$work/load-$1.json" || rc=$?
  curl -s "http://127.0.0.1:$port/metrics" > "$work/metrics-$1.txt"
  kill -TERM "$pid"
  local exit_code=0
  wait "$pid" || exit_code=$?
  echo "serve run $1: load client exit $rc, server exit $exit_code after SIGTERM: $(cat "$work/load-$1.json")" >&2
  [[ $rc == 0 && $exit_code == 0 ]]
}
p=(); s=()
for i in $(seq "${ROUNDS:-2}"); do
  p+=("$(predict)")
  serve "$i"
  s+=("$(py 'd["images_per_second"]' < "$work/load-$i.json")")
done
p+=("$(predict)")
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pm=$(median "${p[@]}"); sm=$(median "${s[@]}")
{
  echo "| run | requests | valid 200 | corrupt 400 | 5xx | p50 ms | p95 ms | p99 ms | images/s |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for i in $(seq "${ROUNDS:-2}"); do
    py '"| serve %s | %d | %d | %d | %d | %s | %s | %s | %.1f |" % ("'"$i"'", d["requests"], d["by_status"].get("valid", {}).get("200", 0), d["by_status"].get("corrupt", {}).get("400", 0), d["5xx_or_failed"], d["p50_ms"], d["p95_ms"], d["p99_ms"], d["images_per_second"])' < "$work/load-$i.json"
  done
  echo
  echo "xfer predict (in-process, same photos) images/s: ${p[*]} (median $pm)"
  echo "xfer serve images/s: ${s[*]} (median $sm); serve / predict = $(python3 -c "print(round($sm / $pm, 2))")"
  awk '/^xfer_batch_size_sum /{s=$2} /^xfer_batch_size_count /{c=$2} END {printf "batch size (last run): mean %.1f over %d batches\n", s/c, c}' "$work/metrics-${ROUNDS:-2}.txt"
} | tee "$work/summary.md"

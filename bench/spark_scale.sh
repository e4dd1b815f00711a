#!/usr/bin/env bash
# Phase one on Spark against phase one on this machine, same photos, same real SqueezeNet weights, each run into
# a fresh cache (so every photo goes through the conv base), timed as whole commands, alternated, repeated:
#   local      xfer extract (2 decoding threads, the conv base on both cores)
#   spark-1w   xfer extract --spark on scripts/spark-cluster.sh with 1 worker (1 core, 2g)
#   spark-2w   the same with 2 workers (1 core each)
#   spark-2w-200  2 workers, the photos dealt into 200 partitions (the cost of a task)
# Prints a Markdown table (median of the repeats) and writes it to bench/out/spark_scale.md.
# Usage: bench/spark_scale.sh [REPEATS]   (default 3; uses ../shared/data/pets2k when present, else examples/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
data="$shared/data/pets2k"
weights=$(ls "$shared"/data/squeezenet/*.h5 | head -1)
out="$root/bench/out/spark"
mkdir -p "$out"
export XFER_HOME="$out/home"
export XFER_SPARK_STATE="$out/cluster"
mkdir -p "$XFER_HOME"
"$root/xfer" --version >/dev/null # build outside the timings
bytes=$(du -sb "$data" | cut -f1)
images=$(find "$data" -type f | wc -l)
part200=$(awk -v b="$bytes" 'BEGIN { printf "%.4f", b / 200 / 1048576 }')

cluster() { # start N | stop
  if [[ $1 == start ]]; then
    "$root/scripts/spark-cluster.sh" stop >/dev/null 2>&1 || true
    "$root/scripts/spark-cluster.sh" start --workers "$2" 2>>"$out/cluster.log" | tail -1
  else
    "$root/scripts/spark-cluster.sh" stop >/dev/null 2>>"$out/cluster.log" || true
  fi
}

run() { # name master(or -) partition_mb -> appends "name seconds rss extracted partitions loads" to runs.txt
  local name=$1 master=$2 pmb=$3 cache="$out/cache-$1"
  rm -rf "$cache"
  local args=(extract --backbone squeezenet --weights "$weights" --json --quiet --cache "$cache" --name pets)
  [[ $master != - ]] && args+=(--spark "$master" --partition-mb "$pmb" --executor-memory 2g)
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$root/xfer" "${args[@]}" "$data" > "$out/result.json" 2> "$out/stderr.txt" \
    || { cat "$out/stderr.txt" >&2; exit 1; }
  read -r secs rss < "$out/time.txt"
  python3 - "$name" "$secs" "$rss" "$out/result.json" >> "$out/runs.txt" <<'PY'
import json, sys
name, secs, rss, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = json.load(open(path))
loads = r.get("conv_base_loads_per_executor_jvm", {})
print(name, secs, rss, r["extracted"], r.get("partitions", 0), len(loads), max(loads.values()) if loads else 0,
      r["snapshot"][:12])
PY
  rm -rf "$cache"
}

: > "$out/runs.txt"
for ((i = 1; i <= repeats; i++)); do
  echo "spark_scale: round $i of $repeats" >&2
  cluster stop
  run local - 0
  master=$(cluster start 1)
  run spark-1w "$master" 64
  master=$(cluster start 2)
  run spark-2w "$master" 64
  run spark-2w-200 "$master" "$part200"
  cluster stop
done

python3 - "$out/runs.txt" "$images" "$bytes" > "$out/spark_scale.md" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    n, s, rss, ext, parts, jvms, loads, snap = line.split()
    runs[n].append((float(s), int(rss), int(ext), int(parts), int(jvms), int(loads), snap))
images, mb = int(sys.argv[2]), int(sys.argv[3]) / 1048576
local = statistics.median(r[0] for r in runs["local"])
print(f"{images} photos ({mb:.1f} MiB), squeezenet@227, real weights; median of {len(runs['local'])} alternated runs")
print()
print("| run | seconds (median) | images/s | vs local | partitions | executor JVMs | conv-base loads per JVM | "
      "driver/xfer peak RSS MiB | snapshot |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for name in ["local", "spark-1w", "spark-2w", "spark-2w-200"]:
    rs = runs[name]
    s = statistics.median(r[0] for r in rs)
    print(f"| {name} | {s:.1f} | {images / s:.1f} | {local / s:.2f}x | {rs[0][3] or '-'} | {rs[0][4] or '-'} | "
          f"{max(r[5] for r in rs) or '-'} | {statistics.median(r[1] for r in rs) / 1024:.0f} | {rs[0][6]} |")
s2, s200 = (statistics.median(r[0] for r in runs[n]) for n in ["spark-2w", "spark-2w-200"])
p2, p200 = runs["spark-2w"][0][3], runs["spark-2w-200"][0][3]
print()
print(f"cost of a task: ({s200:.1f} s - {s2:.1f} s) / ({p200} - {p2}) partitions = "
      f"{(s200 - s2) / max(1, p200 - p2) * 1000:.0f} ms per extra task")
PY
cat "$out/spark_scale.md"

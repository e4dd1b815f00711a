#!/usr/bin/env bash
# Cache read-back (issue 13, item 9): a snapshot of 2,000 x 2,048 features (InceptionV3's avg pool, random
# weights at 75 px so the extraction is quick; the feature width is what matters) read into a float matrix by
# xfer (FeatureTable, as head train/compare do, with and without checking every shard's sha256) and by pyarrow
# (memory-mapped shards joined on sha256 into numpy). Prints GB/s of feature bytes and xfer / pyarrow time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" pyarrow numpy
source "$root/scripts/jdk.sh"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/readback"
mkdir -p "$work"
export XFER_HOME="$work"
repeat=${REPEAT:-51}
snap=$("$root/xfer" extract --backbone inception_v3 --weights random --image-size 75 --json --quiet \
       "$shared/data/pets2k" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["snapshot"], d["store"])')
read -r id store <<< "$snap"
cp="$root/cli/target/xfer.jar:$root/cli/target/lib/*"
for round in 1 2 3; do
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$cp" "$root/bench/ReadBack.java" "$work/cache" "$id" "$repeat"
  "$PY" "$root/bench/cache_readback.py" "$work/cache/$store" "$id" "$repeat"
done > "$work/runs.txt"
"$PY" - "$work/runs.txt" <<'PY' | tee "$root/bench/out/cache_readback.md"
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    tool, mode, nbytes, first, med, gbps = line.split()
    runs[(tool, mode)].append((int(nbytes), float(first), float(med)))
print("| reader | feature MB | first read in a fresh process s | warm read s (median) | GB/s (warm) | time / pyarrow |")
print("|---|---:|---:|---:|---:|---:|")
peer = statistics.median(r[2] for r in runs[("pyarrow", "plain")])
for (tool, mode), r in runs.items():
    med = statistics.median(x[2] for x in r)
    first = statistics.median(x[1] for x in r)
    print(f"| {tool} {mode} | {r[0][0] / 1e6:.1f} | {first:.3f} | {med:.4f} | {r[0][0] / med / 1e9:.2f} | {med / peer:.2f}x |")
PY

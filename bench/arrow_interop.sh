#!/usr/bin/env bash
# Proves that pyarrow and pandas read xfer's feature store and a snapshot without xfer (shards named by their
# sha256, the listing joined on sha256), and that `xfer cache export` writes the same values in npy, csv and
# parquet: extracts the example pets photos with the real SqueezeNet weights into a scratch workspace, exports,
# and compares in Python (bench/arrow_interop.py). Exit 0 when all agree.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" pyarrow pandas numpy
shared="$root/../shared"
[[ -d $shared/data ]] || shared="$root/examples"
data="${1:-$shared/data/pets2k}"
work="$root/bench/out/interop"
rm -rf "$work" && mkdir -p "$work"
export XFER_HOME="$work"
weights=$(ls "$shared"/data/squeezenet/*.h5 | head -1)
read -r store snapshot < <("$root/xfer" extract --backbone squeezenet --weights "$weights" --json "$data" \
      | "$PY" -c 'import json,sys; r = json.load(sys.stdin); print(r["store"], r["snapshot"])')
for f in npy csv parquet; do
  out="$work/export"; [[ $f == npy ]] && out="$work/export-npy" || out="$work/export.$f"
  "$root/xfer" cache export "$snapshot" --format "$f" --out "$out" >&2
done
"$PY" "$root/bench/arrow_interop.py" "$work/cache/$store" "$snapshot" "$work/export"

#!/usr/bin/env bash
# Phase-one speed: xfer extract against torchvision and against Keras' own pipeline, same architecture, random
# weights, batch 32, 2 threads, each timed as a whole process (/usr/bin/time: wall seconds, peak RSS).
# Usage: bench/extract_speed.sh [N_IMAGES...]   (default: 128; e.g. "128 500 2000" for the RSS curve)
# Needs Debian's python3-torch and python3-torchvision (apt-get install), and pip's tensorflow-cpu and keras
# (installed into bench/out/venv). Writes a Markdown table to bench/out/extract_speed.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" tensorflow-cpu keras pillow
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "extract_speed: needs ../shared/data/pets2k" >&2; exit 2; }
/usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null \
  || { echo "extract_speed: apt-get install python3-torch python3-torchvision" >&2; exit 2; }
sizes=("${@:-128}")
out="$root/bench/out/speed"
mkdir -p "$out"
"$root/xfer" --version >/dev/null # build first, outside the timings
table="$root/bench/out/extract_speed.md"
echo "| images | model | tool | seconds | images/s | peak RSS MiB | xfer speed-up |" > "$table"
echo "|---:|---|---|---:|---:|---:|---:|" >> "$table"

subset() { # $1 = images in all, half per class, first by name
  local n=$1 dir="$out/pets$1"
  if [[ ! -d $dir ]]; then
    for c in cat dog; do
      mkdir -p "$dir/$c"
      ls "$shared/data/pets2k/$c" | sort -n | head -$((n / 2)) | while read -r f; do cp "$shared/data/pets2k/$c/$f" "$dir/$c/"; done
    done
  fi
  echo "$dir"
}

timed() { # runs "$@", prints "seconds rss_kib" from /usr/bin/time
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/stdout.txt" 2> "$out/stderr.txt" \
    || { cat "$out/stderr.txt" >&2; exit 1; }
  cat "$out/time.txt"
}

row() { # n model tool seconds rss_kib xfer_seconds
  awk -v n="$1" -v m="$2" -v t="$3" -v s="$4" -v r="$5" -v x="$6" 'BEGIN {
    printf "| %d | %s | %s | %.1f | %.2f | %.0f | %s |\n", n, m, t, s, n / s, r / 1024, (x == "" ? "" : sprintf("%.2fx", s / x)) }' \
    | tee -a "$table"
}

for n in "${sizes[@]}"; do
  data=$(subset "$n")
  for spec in vgg16:224 inception_v3:299; do
    arch=${spec%:*} size=${spec#*:}
    rm -rf "$out/cache"
    read -r xs xr < <(timed "$root/xfer" extract --backbone "$arch" --weights random --image-size "$size" \
      --batch-size 32 --threads 2 --quiet --cache "$out/cache" "$data")
    row "$n" "$arch@$size" xfer "$xs" "$xr" ""
    read -r ts tr < <(timed /usr/bin/python3 "$root/bench/peer_torchvision.py" "$arch" "$size" "$data")
    row "$n" "$arch@$size" "torchvision $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')" "$ts" "$tr" "$xs"
    read -r ks kr < <(timed "$PY" "$root/bench/peer_keras.py" "$arch" "$size" "$data")
    row "$n" "$arch@$size" "keras $("$PY" -c 'import keras; print(keras.__version__)' 2>/dev/null)" "$ks" "$kr" "$xs"
    if [[ $n == "${sizes[0]}" ]]; then
      timed "$PY" "$root/bench/peer_keras.py" "$arch" "$size" "$data" --model-only > /dev/null
      awk -v m="$arch@$size" '{ print "model-only rate (Keras predict on a fixed batch of 32): " m " " $0 }' \
        <(python3 -c "import json,sys; print('%.2f images/s' % json.load(open('$out/stdout.txt'))['images_per_second'])") \
        | tee -a "$out/model_only.txt"
    fi
  done
done
echo >> "$table"
cat "$out/model_only.txt" >> "$table" 2>/dev/null || true
rm -f "$out/model_only.txt"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)" >> "$table"

#!/usr/bin/env bash
# Phase-one speed: xfer extract against torchvision and against Keras' own pipeline, same architecture, random
# weights, batch 32, 2 threads, each timed as a whole process (/usr/bin/time: wall seconds, peak RSS).
# Usage: bench/extract_speed.sh [N_IMAGES...]   (default: 128; e.g. "128 500 2000" for the RSS curve)
# Needs Debian's python3-torch and python3-torchvision (apt-get install), and pip's tensorflow-cpu and keras
# (installed into bench/out/venv). Writes a Markdown table to bench/out/extract_speed.md. First measures each
# architecture's model-only rate (one fixed batch of 32 after warm-up) in xfer (bench/ModelOnly.java) and in Keras;
# every xfer row says what share of those ceilings its whole process reached.
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
source "$root/scripts/jdk.sh"
cp="$root/cli/target/xfer.jar:$root/cli/target/lib/*"
table="$root/bench/out/extract_speed.md"

# Model-only ceilings first: one fixed batch of 32, after warm-up, in xfer's TensorFlow Java and in Keras.
declare -A ceiling_x ceiling_k
for spec in vgg16:224 inception_v3:299; do
  arch=${spec%:*} size=${spec#*:}
  ceiling_x[$arch]=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$cp" "$root/bench/ModelOnly.java" "$arch" "$size" 3 2>/dev/null \
    | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["images_per_second"])')
  ceiling_k[$arch]=$("$PY" "$root/bench/peer_keras.py" "$arch" "$size" /tmp --model-only 2>/dev/null \
    | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["images_per_second"])')
done
echo "| images | model | tool | seconds | images/s | peak RSS MiB | xfer speed-up | xfer share of model-only rate (xfer's / Keras') |" > "$table"
echo "|---:|---|---|---:|---:|---:|---:|---:|" >> "$table"

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

row() { # n model tool seconds rss_kib xfer_seconds [xfer_ceiling keras_ceiling]
  awk -v n="$1" -v m="$2" -v t="$3" -v s="$4" -v r="$5" -v x="$6" -v cx="${7:-}" -v ck="${8:-}" 'BEGIN {
    share = (cx == "" ? "" : sprintf("%.0f%% / %.0f%%", 100 * n / s / cx, 100 * n / s / ck))
    printf "| %d | %s | %s | %.1f | %.2f | %.0f | %s | %s |\n", n, m, t, s, n / s, r / 1024,
      (x == "" ? "" : sprintf("%.2fx", s / x)), share }' \
    | tee -a "$table"
}

for n in "${sizes[@]}"; do
  data=$(subset "$n")
  for spec in vgg16:224 inception_v3:299; do
    arch=${spec%:*} size=${spec#*:}
    rm -rf "$out/cache"
    read -r xs xr < <(timed "$root/xfer" extract --backbone "$arch" --weights random --image-size "$size" \
      --batch-size 32 --threads 2 --quiet --cache "$out/cache" "$data")
    row "$n" "$arch@$size" xfer "$xs" "$xr" "" "${ceiling_x[$arch]}" "${ceiling_k[$arch]}"
    read -r ts tr < <(timed /usr/bin/python3 "$root/bench/peer_torchvision.py" "$arch" "$size" "$data")
    row "$n" "$arch@$size" "torchvision $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')" "$ts" "$tr" "$xs"
    read -r ks kr < <(timed "$PY" "$root/bench/peer_keras.py" "$arch" "$size" "$data")
    row "$n" "$arch@$size" "keras $("$PY" -c 'import keras; print(keras.__version__)' 2>/dev/null)" "$ks" "$kr" "$xs"
  done
done
echo >> "$table"
for arch in vgg16 inception_v3; do
  echo "model-only rate (one fixed batch of 32 after warm-up), $arch: xfer ${ceiling_x[$arch]} images/s, Keras ${ceiling_k[$arch]} images/s" >> "$table"
done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)" >> "$table"

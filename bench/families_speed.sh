#!/usr/bin/env bash
# Phase one for today's families against Keras' own pipeline (image_dataset_from_directory, preprocess_input,
# predict; bench/peer_keras.py), each a whole process timed by /usr/bin/time (wall seconds, peak RSS), random
# weights, batch 32, 2 threads. Runs alternate xfer fp32 / Keras / xfer bf16 per family, REPEATS times; the table
# gives medians and the ratio of medians (Keras' seconds / xfer's). Also xfer's start-up on 2 photos per family.
# Usage: REPEATS=3 bench/families_speed.sh [N_IMAGES] [ARCH@SIZE...]   (default 500 photos and the five families
# issue 21 names). Needs ../shared/data/pets2k and pip's tensorflow-cpu and keras (bench/out/venv).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/venv.sh" tensorflow-cpu keras pillow
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "families_speed: needs ../shared/data/pets2k" >&2; exit 2; }
n=${1:-500}
shift || true
specs=("${@:-resnet50@224 mobilenet_v2@224 efficientnet_b0@224 efficientnet_v2_s@384 convnext_tiny@224}")
read -r -a specs <<< "${specs[*]}"
repeats=${REPEATS:-3}
out="$root/bench/out/families"
mkdir -p "$out"
"$root/xfer" --version >/dev/null # build first, outside the timings
data="$out/pets$n"
if [[ ! -d $data ]]; then
  for c in cat dog; do
    mkdir -p "$data/$c"
    ls "$shared/data/pets2k/$c" | sort -n | head -$((n / 2)) | while read -r f; do cp "$shared/data/pets2k/$c/$f" "$data/$c/"; done
  done
fi
two="$out/pets2"
if [[ ! -d $two ]]; then
  for c in cat dog; do mkdir -p "$two/$c"; cp "$data/$c/$(ls "$data/$c" | head -1)" "$two/$c/"; done
fi

timed() { # runs "$@", prints "seconds rss_kib"
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > "$out/stdout.txt" 2> "$out/stderr.txt" \
    || { cat "$out/stderr.txt" >&2; exit 1; }
  cat "$out/time.txt"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

table="$out/families_speed.md"
echo "| model | xfer fp32 s | Keras s | Keras / xfer fp32 | xfer bf16 s | fp32 / bf16 | images/s xfer fp32 | peak RSS MiB xfer / Keras | start-up 2 photos s |" > "$table"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|" >> "$table"
for spec in "${specs[@]}"; do
  arch=${spec%@*} size=${spec#*@}
  xs=() ks=() bs=() xr=() kr=() st=()
  for ((r = 1; r <= repeats; r++)); do
    rm -rf "$out/cache"
    read -r s m < <(timed "$root/xfer" extract --backbone "$arch" --weights random --image-size "$size" \
      --batch-size 32 --threads 2 --quiet --cache "$out/cache" "$data"); xs+=("$s"); xr+=("$m")
    read -r s m < <(timed "$PY" "$root/bench/peer_keras.py" "$arch" "$size" "$data"); ks+=("$s"); kr+=("$m")
    rm -rf "$out/cache"
    read -r s m < <(timed "$root/xfer" extract --backbone "$arch" --weights random --image-size "$size" \
      --batch-size 32 --threads 2 --quiet --precision bf16 --cache "$out/cache" "$data"); bs+=("$s")
    rm -rf "$out/cache"
    read -r s m < <(timed "$root/xfer" extract --backbone "$arch" --weights random --image-size "$size" \
      --quiet --cache "$out/cache" "$two"); st+=("$s")
    echo "$spec run $r: xfer ${xs[-1]} s, keras ${ks[-1]} s, bf16 ${bs[-1]} s, start-up ${st[-1]} s" >&2
  done
  mx=$(echo "${xs[*]}" | median) mk=$(echo "${ks[*]}" | median) mb=$(echo "${bs[*]}" | median)
  awk -v a="$spec" -v x="$mx" -v k="$mk" -v b="$mb" -v n="$n" -v xr="$(echo "${xr[*]}" | median)" \
      -v kr="$(echo "${kr[*]}" | median)" -v st="$(echo "${st[*]}" | median)" 'BEGIN {
    printf "| %s | %.1f | %.1f | %.2fx | %.1f | %.2fx | %.1f | %.0f / %.0f | %.2f |\n", a, x, k, k / x, b, x / b, n / x,
      xr / 1024, kr / 1024, st }' | tee -a "$table"
done
{
  echo
  echo "$n photos, $repeats alternated runs per family, medians; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
  echo "flags: $(grep -o -w 'avx2\|avx512f\|avx512_bf16\|amx_bf16\|avx512_vnni' /proc/cpuinfo | sort -u | xargs), $(date -u +%F)"
} >> "$table"

#!/usr/bin/env bash
# Start-up and no-op costs as a user meets them (issue 13, items 4 and 5): whole `./xfer` processes, launcher
# included, `/usr/bin/time`, median of RUNS (default 5) after one warm-up run that lets the launcher record and
# assemble its AOT cache. Cases: `--help`, `--version`, an unchanged 2,000-photo folder (everything already in the
# store), and 2 photos through each architecture from an empty cache, with random weights and (SqueezeNet) with
# the real h5 weights. Prints a Markdown table and the start-up caches' sizes (KiB); writes bench/out/startup.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples/data"
[[ -d $shared/data/pets2k ]] && pets="$shared/data/pets2k" || pets="$shared/pets2k"
weights=$(ls "$shared"/data/squeezenet/*.h5 2>/dev/null || ls "$shared"/squeezenet/*.h5)
runs=${RUNS:-5}
work="$root/bench/out/startup"
rm -rf "$work" && mkdir -p "$work/two/cat" "$work/two/dog"
cp "$(ls "$pets"/cat/* | head -1)" "$work/two/cat/"
cp "$(ls "$pets"/dog/* | head -1)" "$work/two/dog/"
export XFER_HOME="$work/home"
export XDG_CACHE_HOME="$work/xdg" # the launcher's start-up caches, fresh for each run of this benchmark
"$root/xfer" extract --backbone squeezenet --weights "$weights" --quiet "$pets" > /dev/null # fill the store once
measure() { # label, then the xfer arguments; a fresh cache per run when the label says "2 photos"
  local label=$1; shift
  local secs=() rss=0
  for ((r = -1; r < runs; r++)); do
    [[ $label == *"2 photos"* ]] && rm -rf "$XFER_HOME/cache/"*/
    /usr/bin/time -f "%e %M" -o "$work/t.txt" "$root/xfer" "$@" > /dev/null 2> "$work/err.txt" || { cat "$work/err.txt"; exit 1; }
    sleep 1 # the launcher may assemble an AOT cache in the background after the first run
    ((r >= 0)) || { sleep 8; continue; }
    read -r s m < "$work/t.txt"
    secs+=("$s"); ((m > rss)) && rss=$m
  done
  printf '| %s | %s | %s | %d |\n' "$label" "$(printf '%s\n' "${secs[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
    "$(printf '%s\n' "${secs[@]}" | sort -n | tr '\n' ' ')" $((rss / 1024))
}
{
  echo "| case | median s | all runs s | peak RSS MiB |"
  echo "|---|---:|---|---:|"
  measure "xfer --help" --help
  measure "xfer --version" --version
  measure "2,000 unchanged photos (squeezenet h5)" extract --backbone squeezenet --weights "$weights" --quiet "$pets"
  measure "2 photos, squeezenet, h5 weights" extract --backbone squeezenet --weights "$weights" --quiet "$work/two"
  for a in squeezenet vgg16 inception_v3; do
    measure "2 photos, $a, random weights" extract --backbone "$a" --weights random --quiet "$work/two"
  done
} | tee "$root/bench/out/startup.md"
# what the launcher keeps per command (the old launcher kept them in cli/target/aot)
du -k "$XDG_CACHE_HOME"/xfer/*/*.aot "$root"/cli/target/aot/*.aot 2>/dev/null | sort -n | tee -a "$root/bench/out/startup.md"

#!/usr/bin/env bash
# Fine-tuning against its Keras 3 peer (issue 13, item 8): the same fine-tune of the real ImageNet SqueezeNet on
# ../shared/data/pets2k in xfer and in Keras 3 (bench/finetune_vs_keras.py): the same photos and split (xfer's
# split.csv), the same starting head weights (the phase-two dense head), fire8 onwards unfrozen, the same
# augmentation without shear (Keras 3.15's RandomShear draws a fraction of the image, not an angle), SGD lr 1e-4
# momentum 0.9, batch 32, EPOCHS epochs (default 3), no early stopping. The tools alternate for ROUNDS rounds (default 2; odd rounds xfer first, even
# rounds Keras first). Prints a Markdown table: seconds per epoch (median over epochs 2+ of every round: both tools
# then read decoded pixels from their caches), epoch 1, whole command, peak RSS, and validation accuracy, each with
# the Keras / xfer ratio. Writes bench/out/finetune_vs_keras/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || { echo "needs ../shared/data/pets2k and the SqueezeNet weights" >&2; exit 2; }
work="$root/bench/out/finetune_vs_keras"
rm -rf "$work" && mkdir -p "$work"
export XFER_HOME="$work"
epochs="${EPOCHS:-3}"
rounds="${ROUNDS:-2}"
augment="rotation=20,width_shift=0.1,height_shift=0.1,zoom=0.1"
data="$shared/data/pets2k"
weights=$(ls "$shared"/data/squeezenet/*notop.h5)
source "$root/bench/venv.sh" tensorflow-cpu keras h5py
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

run=$("$root/xfer" extract --backbone squeezenet --weights "$weights" --json --quiet "$data" | py 'd["snapshot"]')
"$root/xfer" head train "$run" --type dense --json --quiet --out "$work/heads/dense" > "$work/head.json"

xfer_round() {
  /usr/bin/time -v -o "$work/xfer-$1.time" "$root/xfer" finetune "$data" --head "$work/heads/dense" \
    --unfreeze-from fire8 --augment "$augment,flip=horizontal,fill=nearest" --optimizer sgd --lr 1e-4 \
    --momentum 0.9 --batch-size 32 --epochs "$epochs" --patience 0 --out "$work/models/xfer-$1" --quiet \
    > "$work/xfer-$1.txt" 2> "$work/xfer-$1.err"
  cat "$work/xfer-$1.txt"
  "$PY" "$root/bench/finetune_vs_keras.py" --record xfer --time "$work/xfer-$1.time" --stdout "$work/xfer-$1.txt" \
    --metrics "$work/models/xfer-$1/metrics.json" --out "$work/xfer-$1.json"
  cp -n "$work/models/xfer-$1/split.csv" "$work/split.csv"
}
keras_round() {
  TF_CPP_MIN_LOG_LEVEL=2 /usr/bin/time -v -o "$work/keras-$1.time" "$PY" "$root/bench/finetune_vs_keras.py" \
    --data "$data" --split "$work/split.csv" --head "$work/heads/dense" --weights "$weights" --size 227 \
    --unfreeze-from fire8 --augment "$augment" --lr 1e-4 --momentum 0.9 --batch 32 --epochs "$epochs" \
    --out "$work/keras-$1.json" 2> "$work/keras-$1.err"
  "$PY" "$root/bench/finetune_vs_keras.py" --record keras --time "$work/keras-$1.time" --out "$work/keras-$1.json"
}
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds"
  if ((r % 2)); then xfer_round "$r"; keras_round "$r"; else keras_round "$r"; xfer_round "$r"; fi
done
{
  echo "Fine-tune, SqueezeNet (real weights) 227 px, pets2k $(awk -F, 'NR>1{n[$3]++} END{printf "%d train / %d val", n["train"], n["val"]}' "$work/split.csv"), fire8+ and head trained, $epochs epochs x $rounds rounds, $(date -u +%F) on $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$PY" "$root/bench/finetune_vs_keras.py" --summarise "$work"
} | tee "$work/summary.md"

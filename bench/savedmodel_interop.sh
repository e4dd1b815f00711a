#!/usr/bin/env bash
# Does TensorFlow Python load a model that 'xfer finetune' exported, and give the same probabilities?
# Runs 'xfer predict --model MODEL --json' on up to N images of DATA, then bench/savedmodel_interop.py loads the
# same folder with tf.saved_model.load, decodes the same files with the same TensorFlow ops and compares.
# Usage: bench/savedmodel_interop.sh MODEL_DIR DATA_DIR [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; data="$2"; n="${3:-64}"
source "$root/bench/venv.sh" tensorflow-cpu numpy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/images"
i=0
while IFS= read -r f; do
  i=$((i + 1)); ln -s "$f" "$work/images/$i-$(basename "$f")"
done < <(find "$(cd "$data" && pwd)" -type f -name '*.jpg' | sort | awk -v n="$n" 'NR % 31 == 1' | head -n "$n")
"$root/xfer" predict --model "$model" --json "$work/images" > "$work/xfer.json"
TF_CPP_MIN_LOG_LEVEL=2 "$PY" "$root/bench/savedmodel_interop.py" "$model" "$work/images" "$work/xfer.json"

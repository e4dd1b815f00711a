#!/usr/bin/env bash
# Method 2 evidence on ../shared/data/pets2k with the real ImageNet SqueezeNet weights: extract the cache, train
# the frozen-feature dense head (its validation accuracy is the baseline), then fine-tune from fire8 with
# augmentation starting from that head. Prints the per-epoch curve, the kept epoch's accuracy, seconds per epoch
# on this machine, and the frozen-variable digests (before training, after, and read back from the SavedModel).
# Then checks the SavedModel with TensorFlow Python (bench/savedmodel_interop.sh).
# EPOCHS (default 8) and LR (default 1e-4) can be set in the environment. Writes bench/out/finetune/summary.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
[[ -d $shared/data/pets2k ]] || shared="$root/examples"
work="$root/bench/out/finetune"
rm -rf "$work" && mkdir -p "$work"
export XFER_HOME="$work"
weights=$(ls "$shared"/data/squeezenet/*.h5)
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
run=$("$root/xfer" extract --backbone squeezenet --weights "$weights" --json --quiet "$shared/data/pets2k" | py 'd["snapshot"]')
"$root/xfer" head train "$run" --type dense --json --quiet --out "$work/heads/dense" > "$work/head.json"
/usr/bin/time -v "$root/xfer" finetune "$shared/data/pets2k" --head "$work/heads/dense" --unfreeze-from fire8 \
  --augment --epochs "${EPOCHS:-8}" --lr "${LR:-1e-4}" --patience 3 --out "$work/models/pets" --quiet \
  2> "$work/finetune.err" | tee "$work/finetune.txt"
grep -E "Maximum resident|Elapsed" "$work/finetune.err" || true
{
  echo "| step | val accuracy | test accuracy | detail |"
  echo "|---|---|---|---|"
  py '"| dense head on frozen features (phase two) | %.4f | %.4f | kept epoch %d, fit %.1f s |" % (d["val"]["accuracy"], d["test"]["accuracy"], d["best_epoch"], d["fit_seconds"])' < "$work/head.json"
  py '"| the same head inside the fine-tuning graph, before any step | %.4f | | same split, same weights: should equal the line above |" % d["initial_val"]["accuracy"]' < "$work/models/pets/metrics.json"
  py '"| fine-tuned from fire8, augmented | %.4f | %.4f | kept epoch %d, %.1f s/epoch, frozen sha256 before %s… after %s… exported %s… |" % (d["val"]["accuracy"], d["test"]["accuracy"], d["best_epoch"], d["seconds_per_epoch"], d["frozen_sha256_before"][:12], d["frozen_sha256_after"][:12], d["frozen_sha256_exported"][:12])' < "$work/models/pets/metrics.json"
  echo
  echo "| epoch | loss | accuracy | val_loss | val_accuracy |"
  echo "|---|---|---|---|---|"
  py '"\n".join("| %d | %.4f | %.4f | %.4f | %.4f |" % (e["epoch"], e["loss"], e["accuracy"], e["valLoss"], e["valAccuracy"]) for e in d["history"])' < "$work/models/pets/metrics.json"
} | tee "$work/summary.md"
"$root/bench/savedmodel_interop.sh" "$work/models/pets" "$shared/data/pets2k" | tee -a "$work/summary.md"

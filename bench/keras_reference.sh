#!/usr/bin/env bash
# Keras' own outputs for xfer's KerasParityTest: for each case, keras_reference.py (tensorflow-cpu and keras
# from pip) builds the application, fills it with seeded weights, writes them in both h5 layouts and writes
# its features for an input batch. The files are large, so they live under bench/out/ (git-ignored), and
# `mvn verify` compares xfer against them when they are there.
# Usage: bench/keras_reference.sh [OUT_DIR]     (default bench/out/keras-ref)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/keras-ref}"
source "$root/bench/venv.sh" tensorflow-cpu keras h5py pillow
export TF_CPP_MIN_LOG_LEVEL=3
mkdir -p "$out"
# name                 arch          size seed layer        pooling
cases="vgg16-224           vgg16         224  3    -            avg
vgg16-96-block4_pool     vgg16         96   5    block4_pool  flatten
inception_v3-299         inception_v3  299  3    -            avg
inception_v3-299-mixed7  inception_v3  299  3    mixed7       avg
inception_v3-139-mixed5  inception_v3  139  9    mixed5       max
vgg19-64                 vgg19         64   4    -            avg
resnet50-96              resnet50      96   3    -            avg
resnet50-64-conv3_block4_out resnet50  64   5    conv3_block4_out max
resnet152-64             resnet152     64   3    -            avg
resnet50_v2-96           resnet50_v2   96   3    -            avg
resnet50_v2-64-conv4_block2_out resnet50_v2 64 5 conv4_block2_out avg
resnet152_v2-64          resnet152_v2  64   3    -            avg"
while read -r name arch size seed layer pooling; do
  [[ -f $out/$name/features.f32 ]] && continue
  args=(--arch "$arch" --size "$size" --seed "$seed" --n 2 --pooling "$pooling" --out "$out/$name.tmp")
  [[ $layer != - ]] && args+=(--layer "$layer")
  echo "keras reference: $name" >&2
  rm -rf "$out/$name.tmp"
  "$PY" "$root/bench/keras_reference.py" "${args[@]}" >&2
  mv "$out/$name.tmp" "$out/$name"
done <<< "$cases"
echo "$out"

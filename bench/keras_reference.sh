#!/usr/bin/env bash
# Keras' own outputs for xfer's KerasParityTest: for each case, keras_reference.py (tensorflow-cpu and keras
# from pip) builds the application, fills it with seeded weights, writes them in both h5 layouts and writes
# its features for an input batch. The files are large, so they live under bench/out/ (git-ignored), and
# `mvn verify` compares xfer against them when they are there.
# It also makes the Keras model files KerasModelFileTest and the CLI's `backbone import --keras` tests read
# (bench/keras_model_file.py: a hand-made model saved as .keras and .h5, Keras' features, a Lambda model), in
# bench/out/keras-model.
# Usage: bench/keras_reference.sh [OUT_DIR]     (default bench/out/keras-ref)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/keras-ref}"
source "$root/bench/venv.sh" tensorflow-cpu keras h5py pillow
export TF_CPP_MIN_LOG_LEVEL=3
mkdir -p "$out"
# name                 arch          size seed layer        pooling  [summary: Keras' summary only, for the members
#                                                                  between a family's smallest and largest]
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
resnet152_v2-64          resnet152_v2  64   3    -            avg
mobilenet_v2-96          mobilenet_v2  96   3    -            avg
mobilenet_v2-75-block_6_project_BN mobilenet_v2 75 5 block_6_project_BN max
densenet121-64           densenet121   64   3    -            avg
densenet121-64-pool3_conv densenet121  64   5    pool3_conv   avg
densenet201-64           densenet201   64   3    -            avg
xception-71              xception      71   3    -            avg
xception-96-block8_sepconv2_bn xception 96  5    block8_sepconv2_bn avg
efficientnet_b0-64       efficientnet_b0 64 3    -            avg
efficientnet_b0-75-block4b_add efficientnet_b0 75 5 block4b_add max
efficientnet_b7-64       efficientnet_b7 64 3    -            avg
efficientnet_v2_b0-64    efficientnet_v2_b0 64 3 -            avg
efficientnet_v2_s-64     efficientnet_v2_s 64 3  -            avg
efficientnet_v2_s-64-block5c_add efficientnet_v2_s 64 5 block5c_add max
efficientnet_v2_l-64     efficientnet_v2_l 64 3  -            avg
mobilenet_v3_small-64    mobilenet_v3_small 64 3 -            avg
mobilenet_v3_large-96    mobilenet_v3_large 96 3 -            avg
mobilenet_v3_large-64-expanded_conv_11_add mobilenet_v3_large 64 5 expanded_conv_11_add max
inception_resnet_v2-75   inception_resnet_v2 75 3 -           avg
inception_resnet_v2-96-block17_10_ac inception_resnet_v2 96 5 block17_10_ac max
convnext_tiny-64         convnext_tiny 64    3    -            avg
convnext_tiny-64-convnext_tiny_downsampling_block_1 convnext_tiny 64 5 convnext_tiny_downsampling_block_1 max
convnext_xlarge-64       convnext_xlarge 64  3    -            avg
resnet101-64             resnet101     64   3    -            avg   summary
resnet101_v2-64          resnet101_v2  64   3    -            avg   summary
densenet169-64           densenet169   64   3    -            avg   summary
efficientnet_b1-64       efficientnet_b1 64 3    -            avg   summary
efficientnet_b2-64       efficientnet_b2 64 3    -            avg   summary
efficientnet_b3-64       efficientnet_b3 64 3    -            avg   summary
efficientnet_b4-64       efficientnet_b4 64 3    -            avg   summary
efficientnet_b5-64       efficientnet_b5 64 3    -            avg   summary
efficientnet_b6-64       efficientnet_b6 64 3    -            avg   summary
efficientnet_v2_b1-64    efficientnet_v2_b1 64 3 -            avg   summary
efficientnet_v2_b2-64    efficientnet_v2_b2 64 3 -            avg   summary
efficientnet_v2_b3-64    efficientnet_v2_b3 64 3 -            avg   summary
efficientnet_v2_m-64     efficientnet_v2_m 64 3  -            avg   summary
convnext_small-64        convnext_small 64  3    -            avg   summary
convnext_base-64         convnext_base 64   3    -            avg   summary
convnext_large-64        convnext_large 64  3    -            avg   summary"
# one Python process for every missing case: TensorFlow is imported once (about 10 s a case otherwise)
printf '%s\n' "$cases" > "$out/cases.txt"
"$PY" "$root/bench/keras_reference.py" --cases "$out/cases.txt" --out "$out" >&2
"$PY" "$root/bench/keras_model_file.py" --out "$root/bench/out/keras-model" >/dev/null
echo "$out"

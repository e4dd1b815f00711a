#!/usr/bin/env python3
"""Prints the published ImageNet notop files of every keras.applications family xfer builds, read from Keras' own
source constants (addresses and hashes), as the lines of extract/.../weights/PublishedWeights.tsv:
    xfer-name <TAB> file name <TAB> url <TAB> md5|sha256|none <TAB> hash
Keras publishes no hash for MobileNetV2's files (it downloads them unchecked); those rows say none.
Run with the venv of bench/venv.sh (keras installed); xfer itself never runs Python."""
import importlib

A = "keras.src.applications."


def mod(name):
    return importlib.import_module(A + name)


def algo(h):
    return "none" if not h else ("sha256" if len(h) == 64 else "md5")


rows = []
def add(xfer, fname, url, h):
    rows.append((xfer, fname, url, algo(h), h or "-"))

v19 = mod("vgg19")
add("vgg19", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", v19.WEIGHTS_PATH_NO_TOP,
    "253f8cb515780f3b799900260a226db6")
r = mod("resnet")
for xfer, keras_name in [("resnet50", "resnet50"), ("resnet101", "resnet101"), ("resnet152", "resnet152"),
                         ("resnet50_v2", "resnet50v2"), ("resnet101_v2", "resnet101v2"),
                         ("resnet152_v2", "resnet152v2")]:
    f = f"{keras_name}_weights_tf_dim_ordering_tf_kernels_notop.h5"
    add(xfer, f, r.BASE_WEIGHTS_PATH + f, r.WEIGHTS_HASHES[keras_name][1])
d = mod("densenet")
import inspect, re
src = inspect.getsource(d)
for n in (121, 169, 201):
    # the notop hash follows the notop path's constant in DenseNet()
    h = re.search(r"DENSENET%d_WEIGHT_PATH_NO_TOP,\s*cache_subdir=\"models\",\s*file_hash=\"([0-9a-f]+)\"" % n, src)
    add(f"densenet{n}", f"densenet{n}_weights_tf_dim_ordering_tf_kernels_notop.h5",
        getattr(d, f"DENSENET{n}_WEIGHT_PATH_NO_TOP"), h.group(1))
m2 = mod("mobilenet_v2")
f = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"
add("mobilenet_v2", f, m2.BASE_WEIGHT_PATH + f, None)
m3 = mod("mobilenet_v3")
for size in ("small", "large"):
    key = f"{size}_224_1.0_float"
    f = f"weights_mobilenet_v3_{key}_no_top_v2.h5"
    add(f"mobilenet_v3_{size}", f, m3.BASE_WEIGHT_PATH + f, m3.WEIGHTS_HASHES[key][1])
e = mod("efficientnet")
for i in range(8):
    f = f"efficientnetb{i}_notop.h5"
    add(f"efficientnet_b{i}", f, e.BASE_WEIGHTS_PATH + f, e.WEIGHTS_HASHES[f"b{i}"][1])
e2 = mod("efficientnet_v2")
for v in ("b0", "b1", "b2", "b3", "s", "m", "l"):
    f = f"efficientnetv2-{v}_notop.h5"
    add(f"efficientnet_v2_{v}", f, e2.BASE_WEIGHTS_PATH + f, e2.WEIGHTS_HASHES[v if v.startswith("b") else "-" + v][1])
x = mod("xception")
add("xception", "xception_weights_tf_dim_ordering_tf_kernels_notop.h5", x.WEIGHTS_PATH_NO_TOP,
    "b0042744bf5b25fce3cb969f33bebb97")
irv2 = mod("inception_resnet_v2")
f = "inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5"
add("inception_resnet_v2", f, irv2.BASE_WEIGHT_URL + f, "d19885ff4a710c122648d3b5c3b684e4")
cn = mod("convnext")
for v in ("tiny", "small", "base", "large", "xlarge"):
    f = f"convnext_{v}_notop.h5"
    add(f"convnext_{v}", f, cn.BASE_WEIGHTS_PATH + f, cn.WEIGHTS_HASHES[f"convnext_{v}"][1])
print("# xfer published-weights format 1")
for row in rows:
    print("\t".join(row))

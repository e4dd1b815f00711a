#!/usr/bin/env python3
"""The Keras 3 peer of `xfer finetune`, for bench/finetune_vs_keras.sh.

Train mode (default): builds SqueezeNet v1.1 in Keras 3 (Keras has no SqueezeNet application; layer names use
"_" where the weights file has "/", which Keras 3 refuses in names), loads the real ImageNet weights from the
*_notop.h5 file, cuts at fire9's output (xfer's cut drop9: its Dropout is identity in xfer's graph, so it is left
out here too), global average pooling, Dropout(0.5), Dense softmax starting from the phase-two head bundle's
weights (heads/NAME/weights.f32), the same starting weights xfer takes. fire8 onwards and the head train, the rest
is frozen. Augmentation with Keras preprocessing layers inside the model (active in training only):
RandomRotation, RandomTranslation, RandomZoom, RandomFlip, fill nearest; shear has no Keras 3 layer, so the script
that calls this leaves shear out on both sides. Preprocessing as keras.applications' caffe mode (RGB->BGR, minus
the ImageNet means). SGD(lr, momentum), categorical cross-entropy, batch 32. Input: tf.data over exactly the
photos and split xfer used (the model folder's split.csv), decode_jpeg (INTEGER_ACCURATE, as xfer) + bilinear
resize, cache() (decoded once per run, Keras' fair best), shuffled each epoch, prefetch. Writes JSON: seconds of
each epoch (training + validation, as xfer's epoch line), the history, the validation score before any step.

Record mode (--record TOOL): adds a run's wall seconds and peak RSS (from /usr/bin/time -v) to its JSON; for xfer
builds that JSON from the model folder's metrics.json and the epoch lines it printed.
Summary mode (--summarise DIR): reads DIR/xfer-*.json and DIR/keras-*.json and prints the Markdown table.
"""
import argparse
import csv
import glob
import json
import os
import statistics
import time

MEAN_BGR = [103.939, 116.779, 123.68]


def squeezenet(keras, size):
    L = keras.layers
    inp = keras.Input((size, size, 3), name="images")

    def conv(x, name, filters, k, stride=1, padding="valid"):
        return L.Conv2D(filters, k, strides=stride, padding=padding, activation="relu", name=name)(x)

    def fire(x, i, squeeze, expand):
        p = "fire%d_" % i
        x = conv(x, p + "squeeze1x1", squeeze, 1)
        left = conv(x, p + "expand1x1", expand, 1)
        right = conv(x, p + "expand3x3", expand, 3, padding="same")
        return L.Concatenate(axis=-1, name=p + "concat")([left, right])

    return inp, conv, fire


def build(keras, size, head_dir, weights_h5, unfreeze_from, aug, seed):
    import h5py
    import numpy as np
    L = keras.layers
    inp, conv, fire = squeezenet(keras, size)
    x = keras.Sequential([
        L.RandomRotation(aug["rotation"] / 360.0, fill_mode="nearest", seed=seed),
        L.RandomTranslation(aug["height_shift"], aug["width_shift"], fill_mode="nearest", seed=seed + 1),
        L.RandomZoom(aug["zoom"], fill_mode="nearest", seed=seed + 2),
        L.RandomFlip("horizontal", seed=seed + 3),
    ], name="augment")(inp)
    mean = keras.ops.convert_to_tensor(np.array(MEAN_BGR, "float32"))
    x = L.Lambda(lambda t: keras.ops.flip(t, axis=-1) - mean, name="caffe_preprocess")(x)
    x = conv(x, "conv1", 64, 3, stride=2)
    x = L.MaxPooling2D(3, 2, name="pool1")(x)
    x = fire(x, 2, 16, 64)
    x = fire(x, 3, 16, 64)
    x = L.MaxPooling2D(3, 2, name="pool3")(x)
    x = fire(x, 4, 32, 128)
    x = fire(x, 5, 32, 128)
    x = L.MaxPooling2D(3, 2, name="pool5")(x)
    for i, s, e in [(6, 48, 192), (7, 48, 192), (8, 64, 256), (9, 64, 256)]:
        x = fire(x, i, s, e)
    x = L.GlobalAveragePooling2D(name="avg_pool")(x)
    x = L.Dropout(0.5, seed=seed + 4, name="head_dropout")(x)
    layout = json.load(open(os.path.join(head_dir, "dense.json")))
    sizes = layout["sizes"]
    assert len(sizes) == 2, "the peer builds a head without hidden layers, like the benchmark's"
    out = L.Dense(sizes[1], activation="softmax", name="head")(x)
    model = keras.Model(inp, out)

    with h5py.File(weights_h5, "r") as f:
        for layer in model.layers:
            if isinstance(layer, L.Conv2D):
                g = f[layer.name.replace("_", "/", 1)]
                arrays = [np.asarray(g[n]) for n in g.attrs["weight_names"]]
                kernel = next(a for a in arrays if a.ndim == 4)
                bias = next(a for a in arrays if a.ndim == 1)
                layer.set_weights([kernel, bias])
    w = np.fromfile(os.path.join(head_dir, "weights.f32"), dtype="<f4")
    k = sizes[0] * sizes[1]
    model.get_layer("head").set_weights([w[:k].reshape(sizes[0], sizes[1]), w[k:k + sizes[1]]])

    trainable = False
    for layer in model.layers:
        if layer.name.startswith(unfreeze_from + "_"):
            trainable = True
        if isinstance(layer, L.Conv2D):
            layer.trainable = trainable
    return model


def dataset(tf, rows, classes, size, train, seed, batch):
    paths = [r[0] for r in rows]
    labels = tf.one_hot([classes.index(r[1]) for r in rows], len(classes))

    def load(path, label):
        img = tf.io.decode_jpeg(tf.io.read_file(path), channels=3, dct_method="INTEGER_ACCURATE")
        return tf.image.resize(img, (size, size), method="bilinear"), label

    ds = tf.data.Dataset.from_tensor_slices((paths, labels)).map(load, num_parallel_calls=tf.data.AUTOTUNE).cache()
    if train:
        ds = ds.shuffle(len(rows), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(batch).prefetch(tf.data.AUTOTUNE)


def train(a):
    t_start = time.time()
    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(a.seed)
    aug = dict(kv.split("=") for kv in a.augment.split(","))
    aug = {k: float(aug.get(k, 0)) for k in ("rotation", "width_shift", "height_shift", "zoom")}
    with open(a.split) as f:
        rows = [(os.path.join(a.data, r["path"]), r["class"], r["split"]) for r in csv.DictReader(f)]
    classes = json.load(open(os.path.join(a.head, "head.json")))["classes"]
    tr = [r for r in rows if r[2] == "train"]
    va = [r for r in rows if r[2] == "val"]
    model = build(keras, a.size, a.head, a.weights, a.unfreeze_from, aug, a.seed)
    model.compile(optimizer=keras.optimizers.SGD(a.lr, momentum=a.momentum), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    train_ds = dataset(tf, tr, classes, a.size, True, a.seed, a.batch)
    val_ds = dataset(tf, va, classes, a.size, False, a.seed, a.batch)

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.t0)
            print("keras epoch %d/%d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  %.1f s" % (
                epoch + 1, a.epochs, logs["loss"], logs["accuracy"], logs["val_loss"], logs["val_accuracy"],
                self.seconds[-1]), flush=True)

    timer = Timer()
    trainable = sum(int(tf.size(w)) for w in model.trainable_weights)
    # as xfer does before its first epoch (this also fills the validation cache, as xfer's check fills its own)
    init_loss, init_acc = model.evaluate(val_ds, verbose=0)
    print("keras start  val_loss %.4f  val_accuracy %.4f" % (init_loss, init_acc), flush=True)
    hist = model.fit(train_ds, epochs=a.epochs, validation_data=val_ds, callbacks=[timer], verbose=0)
    h = hist.history
    out = {"tool": "keras", "keras": keras.__version__, "tensorflow": tf.__version__,
           "epoch_seconds": timer.seconds, "train_rows": len(tr), "val_rows": len(va), "trainable_params": trainable,
           "initial_val": {"log_loss": init_loss, "accuracy": init_acc},
           "history": [{"epoch": i + 1, "loss": h["loss"][i], "accuracy": h["accuracy"][i],
                        "valLoss": h["val_loss"][i], "valAccuracy": h["val_accuracy"][i]}
                       for i in range(len(h["loss"]))],
           "wall_seconds_in_python": time.time() - t_start}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


def summarise(d):
    runs = {t: [json.load(open(p)) for p in sorted(glob.glob(os.path.join(d, t + "-*.json")))]
            for t in ("xfer", "keras")}
    med = statistics.median

    def steady(rs):  # epochs after the first: both tools then read decoded pixels from their caches
        return [s for r in rs for s in (r["epoch_seconds"][1:] or r["epoch_seconds"])]

    def first(rs):
        return [r["epoch_seconds"][0] for r in rs]

    x, k = runs["xfer"], runs["keras"]
    rows = [
        ("seconds per epoch, epochs 2+ (median)", med(steady(x)), med(steady(k)), True),
        ("seconds of epoch 1 (median; Keras decodes into its cache here, xfer before it)", med(first(x)),
         med(first(k)), True),
        ("whole command, wall seconds (median)", med(r["wall_seconds"] for r in x),
         med(r["wall_seconds"] for r in k), True),
        ("peak RSS, MiB (max)", max(r["peak_rss_mib"] for r in x), max(r["peak_rss_mib"] for r in k), True),
    ]
    print("| measure | xfer | Keras 3 | Keras / xfer |")
    print("|---|---|---|---|")
    for name, xv, kv, ratio in rows:
        print("| %s | %.1f | %.1f | %.2fx |" % (name, xv, kv, kv / xv))
    xi, ki = x[0]["initial_val"], k[0]["initial_val"]
    print("| val accuracy before any step (same head weights) | %.4f | %.4f | %+.2f points |" % (
        xi["accuracy"], ki["accuracy"], 100 * (ki["accuracy"] - xi["accuracy"])))
    xf = [r["history"][-1]["valAccuracy"] for r in x]
    kf = [r["history"][-1]["valAccuracy"] for r in k]
    print("| val accuracy after the last epoch (median of rounds) | %.4f | %.4f | %+.2f points (xfer - Keras) |" % (
        med(xf), med(kf), 100 * (med(xf) - med(kf))))
    xl = [r["history"][-1]["valLoss"] for r in x]
    kl = [r["history"][-1]["valLoss"] for r in k]
    print("| val loss after the last epoch (median of rounds) | %.4f | %.4f | |" % (med(xl), med(kl)))
    print()
    print("Per round: epoch seconds xfer %s; Keras %s. Final val accuracy xfer %s; Keras %s." % (
        [[round(s, 1) for s in r["epoch_seconds"]] for r in x], [[round(s, 1) for s in r["epoch_seconds"]] for r in k],
        ["%.4f" % v for v in xf], ["%.4f" % v for v in kf]))
    print()
    ratio = med(steady(k)) / med(steady(x))
    print("Speed ratio (Keras seconds per epoch / xfer's, epochs 2+): %.2fx (target 1.2x: %s); "
          "val accuracy gap %.2f points (target within 1: %s)" % (
              ratio, "met" if ratio >= 1.2 else "missed", 100 * abs(med(xf) - med(kf)),
              "met" if abs(med(xf) - med(kf)) <= 0.01 else "missed"))


def record(a):
    import re
    timing = open(a.time).read()
    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", timing)
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1)) / 1024
    if a.record == "xfer":
        metrics = json.load(open(a.metrics))
        seconds = [float(x) for x in re.findall(r"^epoch \d+/\d+ .* ([\d.]+) s", open(a.stdout).read(), re.M)]
        out = {"tool": "xfer", "epoch_seconds": seconds, "history": metrics["history"],
               "initial_val": metrics["initial_val"], "seconds_per_epoch_reported": metrics["seconds_per_epoch"]}
    else:
        out = json.load(open(a.out))
    out["wall_seconds"] = wall
    out["peak_rss_mib"] = rss
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--summarise", metavar="DIR")
    ap.add_argument("--record", choices=["xfer", "keras"])
    ap.add_argument("--time", help="record: /usr/bin/time -v output")
    ap.add_argument("--stdout", help="record xfer: what xfer finetune printed")
    ap.add_argument("--metrics", help="record xfer: the model folder's metrics.json")
    ap.add_argument("--data")
    ap.add_argument("--split", help="split.csv from xfer's model folder")
    ap.add_argument("--head", help="the phase-two dense head bundle xfer starts from")
    ap.add_argument("--weights", help="squeezenet *_notop.h5")
    ap.add_argument("--size", type=int, default=227)
    ap.add_argument("--unfreeze-from", default="fire8")
    ap.add_argument("--augment", default="rotation=20,width_shift=0.1,height_shift=0.1,zoom=0.1")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out")
    a = ap.parse_args()
    if a.summarise:
        summarise(a.summarise)
    elif a.record:
        record(a)
    else:
        train(a)


if __name__ == "__main__":
    main()

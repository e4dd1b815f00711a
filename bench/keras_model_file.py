"""A hand-made Keras model for xfer's `backbone import --keras` tests: a Functional model with a nested
Sequential, a layer called twice (shared), an operator node (x * 0.5 + 1), Rescaling, Normalization (mean and
variance given), LayerNormalization, DepthwiseConv2D, SeparableConv2D, a Conv2D with groups=2 and one with
groups=channels, seeded weights. Writes to OUT:
  model.keras      Keras 3 zip (config.json, metadata.json, model.weights.h5)
  model.h5         the same model, legacy full-model h5 (model_config + model_weights)
  lambda.keras     a model with a Lambda layer, which xfer refuses
  seq.keras, seq.h5  a Sequential model of any input size ending in a feature map; seq_input.f32 (at 40x40)
                   and seq_features.f32 (Keras' output, average-pooled as xfer's --pooling avg does)
  input.f32        N x S x S x 3 float32 little-endian, RGB 0..255
  features.f32     Keras' output for it (the model ends in global average pooling: a vector per image)
  meta.json        shapes, Keras version
Usage: keras_model_file.py --out DIR
"""
import argparse, json, os
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--out", required=True)
a = p.parse_args()
os.makedirs(a.out, exist_ok=True)
import keras
from keras import layers

S, N = 32, 4
keras.utils.set_random_seed(11)

inner = keras.Sequential([
    layers.Conv2D(16, 3, padding="same", groups=2, activation="relu"),
    layers.BatchNormalization(),
    layers.DepthwiseConv2D(3, padding="same", depth_multiplier=1),
], name="inner")

inp = keras.Input((S, S, 3))
x = layers.Rescaling(1 / 127.5, offset=-1)(inp)
x = layers.Normalization(mean=[0.1, -0.2, 0.05], variance=[0.9, 1.1, 0.8])(x)
x = layers.Conv2D(8, 3, strides=2, padding="same", activation="swish")(x)
x = inner(x)
shared = layers.Conv2D(16, 1, padding="same", name="shared")
y = shared(x)
y = y * 0.5 + 1
y = layers.Activation("relu")(y)
z = shared(y)
x = layers.Add()([x, z])
x = layers.LayerNormalization(epsilon=1e-5)(x)
x = layers.Conv2D(16, 3, padding="same", groups=16)(x)
x = layers.SeparableConv2D(24, 3, padding="same", depth_multiplier=2, activation="relu")(x)
x = layers.MaxPooling2D(2)(x)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inp, x, name="handmade")

rng = np.random.default_rng(5)
for l in model.layers + inner.layers:
    ws = l.get_weights()
    if not ws:
        continue
    out = []
    for w, v in zip(l.weights, ws):
        if "variance" in w.name:
            out.append(rng.uniform(0.5, 1.5, v.shape).astype(v.dtype))
        elif "gamma" in w.name:
            out.append(rng.uniform(0.8, 1.2, v.shape).astype(v.dtype))
        else:
            out.append((rng.standard_normal(v.shape) * 0.3).astype(v.dtype))
    l.set_weights(out)

model.save(os.path.join(a.out, "model.keras"))
model.save(os.path.join(a.out, "model.h5"))
x_in = rng.uniform(0, 255, (N, S, S, 3)).astype("float32")
feats = model.predict(x_in, verbose=0)
x_in.astype("<f4").tofile(os.path.join(a.out, "input.f32"))
feats.astype("<f4").tofile(os.path.join(a.out, "features.f32"))

li = keras.Input((S, S, 3))
lx = layers.Conv2D(4, 3)(li)
lx = layers.Lambda(lambda t: t * 2.0, name="times_two")(lx)
lx = layers.GlobalAveragePooling2D()(lx)
keras.Model(li, lx).save(os.path.join(a.out, "lambda.keras"))

seq = keras.Sequential([
    keras.Input((None, None, 3)),
    layers.Rescaling(1 / 255.0),
    layers.ZeroPadding2D(((1, 0), (0, 1))),
    layers.Conv2D(8, 3, strides=2, use_bias=False, dilation_rate=1),
    layers.BatchNormalization(center=False, epsilon=1e-5),
    layers.ReLU(max_value=6.0),
    layers.Dropout(0.5),
    layers.Conv2D(8, 3, padding="same", dilation_rate=2, activation="hard_sigmoid"),
    layers.AveragePooling2D(3, strides=1, padding="same"),
    layers.Dense(12, activation="gelu"),
], name="seq")
for l in seq.layers:
    ws = l.get_weights()
    if ws:
        l.set_weights([(rng.uniform(0.5, 1.5, v.shape) if "variance" in w.name else
                        rng.standard_normal(v.shape) * 0.3).astype(v.dtype) for w, v in zip(l.weights, ws)])
seq.save(os.path.join(a.out, "seq.keras"))
seq.save(os.path.join(a.out, "seq.h5"))
sx = rng.uniform(0, 255, (N, 40, 40, 3)).astype("float32")
sx.astype("<f4").tofile(os.path.join(a.out, "seq_input.f32"))
seq.predict(sx, verbose=0).mean(axis=(1, 2)).astype("<f4").tofile(os.path.join(a.out, "seq_features.f32"))

json.dump({"size": S, "input": {"file": "input.f32", "shape": [N, S, S, 3]},
           "features": {"file": "features.f32", "shape": list(feats.shape)},
           "keras_version": keras.__version__}, open(os.path.join(a.out, "meta.json"), "w"), indent=1)
print(a.out)

"""Writes photos of things a pets head never saw, as 180x180 JPEGs, into OUT: the sample photos scikit-image and
scikit-learn ship (all but chelsea, a cat), the full picture and four seeded crops of each; 50 faces of scikit-image's
LFW subset; and 30 made-up "walls" (flat paint with noise, plaster, brick-like stripes, gradients)."""
import os
import sys

import numpy as np
from PIL import Image, ImageFilter
import skimage
import skimage.io
from sklearn.datasets import load_sample_images

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(11)


def save(arr, name):
    img = Image.fromarray(arr)
    img.convert("RGB").resize((180, 180), Image.BILINEAR).save(os.path.join(out, name + ".jpg"), quality=92)


def crops(arr, name):
    save(arr, name)
    h, w = arr.shape[:2]
    for i in range(4):
        s = int(min(h, w) * rng.uniform(0.4, 0.8))
        y, x = rng.integers(0, h - s + 1), rng.integers(0, w - s + 1)
        save(arr[y:y + s, x:x + s], f"{name}-crop{i}")


data = os.path.join(os.path.dirname(skimage.__file__), "data")
for f in sorted(os.listdir(data)):
    if f.endswith((".png", ".jpg")) and not f.startswith("chelsea"):
        a = skimage.io.imread(os.path.join(data, f))
        if a.dtype != np.uint8:
            a = (255 * (a.astype(float) - a.min()) / max(1e-9, float(a.max() - a.min()))).astype(np.uint8)
        if a.ndim == 3 and a.shape[2] == 4:
            a = a[:, :, :3]
        crops(a, "skimage-" + f.rsplit(".", 1)[0])
for i, a in enumerate(load_sample_images().images):
    crops(a, f"sklearn-{i}")
faces = np.load(os.path.join(data, "lfw_subset.npy"))
for i in range(50):
    save((255 * faces[i]).astype(np.uint8), f"face-{i:02d}")
for i in range(30):
    base = rng.integers(60, 240, size=3)
    kind = i % 3
    noise = rng.normal(0, 6 + 4 * kind, size=(180, 180, 1))
    a = np.clip(base + noise, 0, 255).astype(np.uint8)
    img = Image.fromarray(a)
    if kind == 1:
        img = img.filter(ImageFilter.GaussianBlur(2))  # plaster
    elif kind == 2:
        arr = np.asarray(img).copy()
        arr[::30, :, :] //= 2  # mortar lines
        img = Image.fromarray(arr)
    img.save(os.path.join(out, f"wall-{i:02d}.jpg"), quality=92)
print(len(os.listdir(out)))

"""Loads an xfer fine-tuned SavedModel with TensorFlow Python and compares its probabilities with xfer's.

The images are decoded as xfer decodes them (DecodeJpeg with the accurate integer IDCT, ResizeBilinear with
half-pixel centres, float RGB 0..255), so any difference comes from the model, not from decoding.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf


def main(model_dir, images_dir, xfer_json):
    meta = json.load(open(os.path.join(model_dir, "head.json")))
    size = meta["provenance"]["image_size"]
    classes = meta["classes"]
    model = tf.saved_model.load(model_dir)
    fn = model.signatures["serving_default"]
    ours = {p["path"]: {c["class"]: c["probability"] for c in p["predictions"]}
            for p in json.load(open(xfer_json))["results"]}
    worst, agree, n = 0.0, 0, 0
    for name in sorted(ours):
        data = tf.io.read_file(os.path.join(images_dir, name))
        img = tf.io.decode_jpeg(data, channels=3, dct_method="INTEGER_ACCURATE")
        img = tf.image.resize(img[None], [size, size], method="bilinear")
        probs = fn(images=tf.cast(img, tf.float32))["probabilities"].numpy()[0]
        theirs = np.array([ours[name][c] for c in classes])
        worst = max(worst, float(np.abs(probs - theirs).max()))
        agree += int(np.argmax(probs) == np.argmax(theirs))
        n += 1
    print(f"TensorFlow {tf.__version__} loaded {model_dir}: {n} images, same top class for {agree}, "
          f"largest probability difference {worst:.2e}")
    if n == 0 or agree != n or worst > 1e-5:
        sys.exit("FAIL: TensorFlow Python disagrees with xfer")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:4])

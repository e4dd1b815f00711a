"""Peer for bench/extract_speed.sh and bench/families_speed.sh (ARCH: any of xfer's names for a keras.applications
family): Keras' own pipeline (tensorflow-cpu and keras from pip), random weights:
image_dataset_from_directory + preprocess_input + predict, batch 32, pooling avg. With --model-only, instead
times predict on one fixed batch of 32 (after a warm-up): the conv base's own rate, the ceiling for any
pipeline. Prints one JSON line."""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

arch, size, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
model_only = "--model-only" in sys.argv
t0 = time.time()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from keras_reference import CTORS, PREPROCESS  # noqa: E402  (xfer's names for every keras.applications family)

app = getattr(keras.applications, CTORS[arch])
pre = getattr(keras.applications, PREPROCESS[arch]).preprocess_input
model = app(weights=None, include_top=False, pooling="avg", input_shape=(size, size, 3))
if model_only:
    batch = pre(np.random.default_rng(0).uniform(0, 255, (32, size, size, 3)).astype("float32"))
    model.predict(batch, verbose=0)
    t1 = time.time()
    reps = 3
    for _ in range(reps):
        model.predict(batch, verbose=0)
    sec = time.time() - t1
    n = 32 * reps
else:
    ds = keras.utils.image_dataset_from_directory(data, image_size=(size, size), batch_size=32, shuffle=False,
                                                  verbose=False)
    ds = ds.map(lambda x, y: pre(x)).prefetch(2)
    f = model.predict(ds, verbose=0)
    n = f.shape[0]
    sec = time.time() - t0
print(json.dumps({"peer": "keras-model-only" if model_only else "keras", "tensorflow": tf.__version__,
                  "keras": keras.__version__, "images": n, "seconds": sec, "images_per_second": n / sec}))

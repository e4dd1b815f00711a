"""numpy peer for bench/doctor_scale.sh: the same exact duplicate search (unit rows, X @ X.T in blocks of 1024
rows, pairs at or above 0.95, 10 nearest neighbours per row) on random non-negative float32 features of a size.
Usage: python doctor_scale.py N D   -> one JSON line with seconds."""
import json
import sys
import time

import numpy as np

n, d = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(3)
x = np.maximum(0, rng.standard_normal((n, d), dtype=np.float32) + 0.5)
t0 = time.perf_counter()
x /= np.linalg.norm(x, axis=1, keepdims=True)
pairs = 0
for i in range(0, n, 1024):
    s = x[i:i + 1024] @ x.T
    for r in range(s.shape[0]):
        s[r, i + r] = -np.inf
    top = np.argpartition(-s, 10, axis=1)[:, :10]
    pairs += int((s >= 0.95).sum())
print(json.dumps({"n": n, "d": d, "numpy_duplicates_s": round(time.perf_counter() - t0, 2)}))

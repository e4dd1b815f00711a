"""pyarrow's side of bench/cache_readback.sh: the same snapshot into a float32 numpy matrix, REPEAT times.

Usage: python cache_readback.py STORE_DIR SNAPSHOT_ID REPEAT
Prints: pyarrow plain BYTES FIRST_S MEDIAN_S GBPS (memory-mapped shards, listing joined on sha256).
"""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.ipc

store, snap, repeat = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def read():
    listing = pa.ipc.open_file(str(store / "snapshots" / f"{snap}.listing.arrow")).read_all()
    want = listing.column("sha256").to_pylist()
    where = {k: i for i, k in enumerate(want)}
    out = None
    for f in (store / "shards").glob("*.arrow"):
        t = pa.ipc.open_file(pa.memory_map(str(f))).read_all()
        keys = t.column("sha256").to_pylist()
        feats = t.column("features").combine_chunks()
        dim = feats.type.list_size
        values = feats.flatten().to_numpy(zero_copy_only=False).reshape(-1, dim)
        if out is None:
            out = np.empty((len(want), dim), dtype=np.float32)
        rows = [(where[k], r) for r, k in enumerate(keys) if k in where]
        if rows:
            dst, src = zip(*rows)
            out[list(dst)] = values[list(src)]
    return out


times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    x = read()
    times.append(time.perf_counter() - t0)
med = statistics.median(times[1:])
print(f"pyarrow plain {x.nbytes} {times[0]:.4f} {med:.4f} {x.nbytes / med / 1e9:.3f}")

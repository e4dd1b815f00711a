"""Reads an xfer feature cache with pyarrow and pandas only, and checks it against xfer's own exports.

Usage: python arrow_interop.py CACHE_RUN_DIR EXPORT_PREFIX
  CACHE_RUN_DIR  cache/<run-id>/ (manifest.json + Arrow shards)
  EXPORT_PREFIX  path prefix of `xfer cache export` outputs: PREFIX-npy/, PREFIX.csv, PREFIX.parquet
Exits non-zero on any difference.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq

run, prefix = Path(sys.argv[1]), sys.argv[2]
manifest = json.loads((run / "manifest.json").read_text())

# Each shard on its own, as a Spark or pandas user would open it: no xfer code involved.
tables = []
for shard in manifest["shards"]:
    with pa.memory_map(str(run / shard["file"])) as src:
        t = pa.ipc.open_file(src).read_all()
    meta = json.loads(t.schema.metadata[b"xfer.provenance"])
    assert meta["weights_sha256"] == manifest["provenance"]["weights_sha256"], shard["file"]
    assert t.num_rows == shard["rows"], shard["file"]
    tables.append(t.cast(pa.schema([f if f.name != "label" else pa.field("label", pa.string())
                                    for f in t.schema])))
table = pa.concat_tables(tables)
df = table.to_pandas()
features = np.stack(df["features"].to_numpy()).astype(np.float32)
print(f"pyarrow {pa.__version__}: {len(manifest['shards'])} shards, {table.num_rows} rows x {features.shape[1]} "
      f"features, classes {sorted(df['label'].dropna().unique())}, backbone {meta['backbone']} / {meta['layer']}")

failures = []


def check(name, ok):
    print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        failures.append(name)


npy = Path(prefix + "-npy")
x = np.load(npy / "features.npy")
labels = np.load(npy / "labels.npy")
rows = pd.read_csv(npy / "rows.csv", keep_default_na=False)
classes = json.loads((npy / "meta.json").read_text())["classes"]
check("npy features equal the shards' bit for bit", x.dtype == np.float32 and np.array_equal(x, features))
check("npy paths and labels match", list(rows["path"]) == list(df["path"])
      and [classes[i] for i in labels] == list(df["label"]))

csv = pd.read_csv(prefix + ".csv", keep_default_na=False)
cx = csv[[f"f{j}" for j in range(features.shape[1])]].to_numpy(dtype=np.float32)
check("csv features equal the shards' (shortest round-trip text)", np.array_equal(cx, features))
check("csv sha256 column matches", list(csv["sha256"]) == list(df["sha256"]))
check("csv and parquet view columns match the shards'", list(csv["view"]) == list(df["view"])
      == pq.read_table(prefix + ".parquet").column("view").to_pylist())

pt = pq.read_table(prefix + ".parquet")
px = np.stack(pt.column("features").to_numpy(zero_copy_only=False)).astype(np.float32)
check("parquet features equal the shards'", np.array_equal(px, features))
check("parquet labels and paths match", pt.column("label").to_pylist() == list(df["label"])
      and pt.column("path").to_pylist() == list(df["path"]))
check("parquet carries the provenance",
      json.loads(pt.schema.metadata[b"xfer.provenance"])["weights_sha256"] == meta["weights_sha256"])
sys.exit(1 if failures else 0)

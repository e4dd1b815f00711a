"""Reads an xfer feature store and snapshot with pyarrow and pandas only, and checks them against xfer's exports.

Usage: python arrow_interop.py STORE_DIR SNAPSHOT_ID EXPORT_PREFIX
  STORE_DIR      cache/<store-id>/ (store.json, shards/*.arrow, snapshots/<id>.json and <id>.listing.arrow)
  SNAPSHOT_ID    the snapshot `xfer extract --json` printed
  EXPORT_PREFIX  path prefix of `xfer cache export` outputs: PREFIX-npy/, PREFIX.csv, PREFIX.parquet
Exits non-zero on any difference.
"""
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc
import pyarrow.parquet as pq

store, snapshot_id, prefix = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
info = json.loads((store / "store.json").read_text())
snapshot = json.loads((store / "snapshots" / f"{snapshot_id}.json").read_text())
failures = []


def check(name, ok):
    print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        failures.append(name)


# The store: every shard on its own, as a Spark or pandas user would open it; no xfer code involved.
shards = []
for f in sorted((store / "shards").glob("*.arrow")):
    data = f.read_bytes()
    check(f"shard {f.name[:12]}… is named by the sha256 of its bytes", hashlib.sha256(data).hexdigest() == f.stem)
    t = pa.ipc.open_file(pa.BufferReader(data)).read_all()
    meta = json.loads(t.schema.metadata[b"xfer.provenance"])
    check(f"shard {f.name[:12]}… carries the store's provenance",
          meta["weights_sha256"] == info["provenance"]["weights_sha256"] and meta["layer"] == info["provenance"]["layer"])
    shards.append(t)
features = pa.concat_tables(shards).to_pandas().drop_duplicates("sha256")

# The snapshot: its listing joined with the store on the image's sha256 (or an augmented view's key).
listing = pa.ipc.open_file(str(store / "snapshots" / f"{snapshot_id}.listing.arrow")).read_all().to_pandas()
df = listing.merge(features, on="sha256", how="left", validate="many_to_one")
check("every listed row has its features in the store", df["features"].notna().all())
check("the snapshot's row count", len(df) == snapshot["rows"])
x = np.stack(df["features"].to_numpy()).astype(np.float32)
print(f"pyarrow {pa.__version__}: {len(shards)} shards, snapshot {snapshot_id[:12]} of {snapshot['dataset']}: "
      f"{len(df)} rows x {x.shape[1]} features, classes {sorted(df['label'].dropna().unique())}, "
      f"backbone {info['provenance']['backbone']} / {info['provenance']['layer']}")

npy = Path(prefix + "-npy")
xn = np.load(npy / "features.npy")
labels = np.load(npy / "labels.npy")
rows = pd.read_csv(npy / "rows.csv", keep_default_na=False)
classes = json.loads((npy / "meta.json").read_text())["classes"]
check("npy rows are the listing's, in its order", list(rows["path"]) == list(df["path"])
      and list(rows["view"]) == list(df["view"]))
check("npy features equal the store's bit for bit", xn.dtype == np.float32 and np.array_equal(xn, x))
check("npy labels match the listing", [classes[i] if i >= 0 else None for i in labels]
      == [v if isinstance(v, str) else None for v in df["label"]])

csv = pd.read_csv(prefix + ".csv", keep_default_na=False)
cx = csv[[f"f{j}" for j in range(x.shape[1])]].to_numpy(dtype=np.float32)
check("csv features equal the store's (shortest round-trip text)", np.array_equal(cx, x))
check("csv sha256 and view columns match the listing", list(csv["sha256"]) == list(df["sha256"])
      and list(csv["view"]) == list(df["view"]))

pt = pq.read_table(prefix + ".parquet")
px = np.stack(pt.column("features").to_numpy(zero_copy_only=False)).astype(np.float32)
check("parquet features equal the store's", np.array_equal(px, x))
check("parquet labels and paths match", pt.column("label").to_pylist() == [v if isinstance(v, str) else None
                                                                           for v in df["label"]]
      and pt.column("path").to_pylist() == list(df["path"]))
check("parquet carries the provenance and the snapshot",
      json.loads(pt.schema.metadata[b"xfer.provenance"])["weights_sha256"] == info["provenance"]["weights_sha256"]
      and pt.schema.metadata[b"xfer.snapshot"].decode() == snapshot_id[:12])
sys.exit(1 if failures else 0)

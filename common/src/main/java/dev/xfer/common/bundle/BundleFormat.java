package dev.xfer.common.bundle;

/** File and field names of the bundle format, shared by the head and fine-tuning modules and by gc. */
public final class BundleFormat {
    /** The description of a bundle or model, beside its data files. */
    public static final String HEAD_FILE = "head.json";
    /** Format 2: the snapshot trained on, as {@link dev.xfer.common.store.SnapshotRef}. */
    public static final String SNAPSHOT_FIELD = "snapshot";
    /** Format 1 (xfer 0.1): the cache run trained on. Read, never written. */
    public static final String LEGACY_CACHE_RUN_FIELD = "cache_run";
    public static final int FORMAT = 2;

    private BundleFormat() {
    }
}

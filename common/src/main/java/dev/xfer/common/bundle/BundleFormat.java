package dev.xfer.common.bundle;

import java.nio.file.Files;
import java.nio.file.Path;

/** File and field names of the bundle format, shared by the head and fine-tuning modules and by gc. */
public final class BundleFormat {
    /** The description of a bundle or model, beside its data files. */
    public static final String HEAD_FILE = "head.json";
    /** Format 2: the snapshot trained on, as {@link dev.xfer.common.store.SnapshotRef}. */
    public static final String SNAPSHOT_FIELD = "snapshot";
    /** Format 1 (xfer 0.1): the cache run trained on. Read, never written. */
    public static final String LEGACY_CACHE_RUN_FIELD = "cache_run";
    public static final int FORMAT = 2;
    /** head.json's type for a fine-tuned model (models/NAME), which head bundles never have. */
    public static final String FINETUNE_TYPE = "finetune";
    /** How far above a file a bundle's folder is looked for (models/NAME/variables/variables.index is two). */
    private static final int MAX_DEPTH = 3;

    /**
     * The bundle or model folder a path given by a user names: the path itself when it holds head.json (or does
     * not exist, for the caller to report), else the nearest folder above it that does, so
     * {@code heads/NAME/head.json} or any other file inside a bundle stands for its bundle.
     */
    public static Path folderOf(Path given) {
        if (!Files.exists(given) || Files.isRegularFile(given.resolve(HEAD_FILE))) {
            return given;
        }
        Path p = given.toAbsolutePath().normalize().getParent();
        for (int up = 0; p != null && up < MAX_DEPTH; up++, p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(HEAD_FILE))) {
                Path rel = given.toAbsolutePath().normalize();
                int drop = rel.getNameCount() - p.getNameCount();
                Path out = given;
                for (int i = 0; i < drop && out != null; i++) {
                    out = out.getParent();
                }
                return out != null ? out : p;
            }
        }
        return given;
    }

    private BundleFormat() {
    }
}

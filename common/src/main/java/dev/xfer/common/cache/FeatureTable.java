package dev.xfer.common.cache;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A whole cache run as one row-major float matrix plus its row descriptions: what phase two trains on and
 * what {@code xfer cache export} writes. Feature values are bulk-copied from the Arrow buffers, so reading
 * is bounded by the disk, not by per-value calls.
 *
 * @param labels class index per row into {@code classes}, -1 for unlabelled rows
 * @param views  0 for an image's own features, 1..K for its augmented views (training rows only)
 */
public record FeatureTable(Provenance provenance, String runId, List<String> classes, List<String> paths,
                           int[] labels, List<String> splits, List<String> sha256, int[] views, float[] features,
                           int dim) {

    public int rows() {
        return labels.length;
    }

    /** Row {@code i}'s features (a copy). */
    public float[] row(int i) {
        float[] r = new float[dim];
        System.arraycopy(features, i * dim, r, 0, dim);
        return r;
    }

    /**
     * Reads every shard named by {@code dir}'s manifest. With {@code verify}, each shard's bytes are checked
     * against the manifest's sha256 first, so a damaged shard is refused rather than trained on.
     */
    public static FeatureTable load(Path dir, BufferAllocator allocator, boolean verify) throws IOException {
        if (!CacheManifest.exists(dir)) {
            throw new BadInputException(dir + ": not a feature cache (no manifest.json); run 'xfer cache list'");
        }
        CacheManifest m = CacheManifest.read(dir);
        int n = m.rows();
        int dim = m.provenance().featureLength();
        float[] x = new float[Math.multiplyExact(n, dim)];
        int[] labels = new int[n];
        List<String> paths = new ArrayList<>(n);
        List<String> splits = new ArrayList<>(n);
        List<String> shas = new ArrayList<>(n);
        int[] views = new int[n];
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < m.classes().size(); i++) {
            classIndex.put(m.classes().get(i), i);
        }
        int row = 0;
        for (CacheManifest.Shard s : m.shards()) {
            Path f = dir.resolve(s.file());
            if (verify && (!Files.exists(f) || !Digests.sha256(f).equals(s.sha256()))) {
                throw new BadInputException(f + ": damaged or missing shard; run 'xfer extract' on " + m.dataset()
                        + " again to re-extract it");
            }
            row = readShard(f, allocator, row, dim, x, labels, views, paths, splits, shas, classIndex);
        }
        if (row != n) {
            throw new BadInputException(dir + ": manifest names " + n + " rows, shards hold " + row
                    + "; run 'xfer cache verify'");
        }
        return new FeatureTable(m.provenance(), dir.getFileName().toString(), m.classes(), paths, labels, splits,
                shas, views, x, dim);
    }

    private static int readShard(Path f, BufferAllocator allocator, int start, int dim, float[] x, int[] labels,
                                 int[] views, List<String> paths, List<String> splits, List<String> shas,
                                 Map<String, Integer> classIndex) {
        int[] row = {start};
        ShardFile.readBatches(f, allocator, (c, names, count) -> {
            if (c.features().getListSize() != dim) {
                throw new BadInputException(f + ": rows have " + c.features().getListSize() + " features, the "
                        + "manifest " + dim + "; run 'xfer cache verify'");
            }
            if (row[0] + count > labels.length) {
                throw new BadInputException(f + ": more rows than the manifest names; run 'xfer cache verify'");
            }
            c.values().getDataBuffer().nioBuffer(0, count * dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(x, row[0] * dim, count * dim);
            for (int i = 0; i < count; i++, row[0]++) {
                paths.add(ShardFile.text(c.path(), i));
                labels[row[0]] = c.label().isNull(i) ? -1
                        : classIndex.getOrDefault(ShardFile.text(names, c.label().get(i)), -1);
                splits.add(c.split().isNull(i) ? null : ShardFile.text(c.split(), i));
                shas.add(ShardFile.text(c.sha(), i));
                views[row[0]] = c.viewOf(i);
            }
        });
        return row[0];
    }
}

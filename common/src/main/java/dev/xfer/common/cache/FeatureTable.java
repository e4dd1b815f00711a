package dev.xfer.common.cache;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * A whole cache run as one row-major float matrix plus its row descriptions: what phase two trains on and
 * what {@code xfer cache export} writes. Feature values are bulk-copied from the Arrow buffers, so reading
 * is bounded by the disk, not by per-value calls.
 *
 * @param labels class index per row into {@code classes}, -1 for unlabelled rows
 */
public record FeatureTable(Provenance provenance, String runId, List<String> classes, List<String> paths,
                           int[] labels, List<String> splits, List<String> sha256, float[] features, int dim) {

    public int rows() {
        return labels.length;
    }

    /** Row {@code i}'s features (a copy). */
    public float[] row(int i) {
        float[] r = new float[dim];
        System.arraycopy(features, i * dim, r, 0, dim);
        return r;
    }

    /** Rows as {@code double[][]}, the shape Smile takes. */
    public double[][] toDoubleRows() {
        double[][] x = new double[rows()][dim];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = features[i * dim + j];
            }
        }
        return x;
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
        int dim = Math.toIntExact(java.util.Arrays.stream(m.provenance().featureShape()).reduce(1, (a, b) -> a * b));
        float[] x = new float[Math.multiplyExact(n, dim)];
        int[] labels = new int[n];
        List<String> paths = new ArrayList<>(n);
        List<String> splits = new ArrayList<>(n);
        List<String> shas = new ArrayList<>(n);
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
            row = readShard(f, allocator, row, dim, x, labels, paths, splits, shas, classIndex);
        }
        if (row != n) {
            throw new BadInputException(dir + ": manifest names " + n + " rows, shards hold " + row
                    + "; run 'xfer cache verify'");
        }
        return new FeatureTable(m.provenance(), dir.getFileName().toString(), m.classes(), paths, labels, splits,
                shas, x, dim);
    }

    private static int readShard(Path f, BufferAllocator allocator, int row, int dim, float[] x, int[] labels,
                                 List<String> paths, List<String> splits, List<String> shas,
                                 Map<String, Integer> classIndex) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                Dictionary dict = reader.getDictionaryVectors().get(0L);
                VarCharVector names = (VarCharVector) dict.getVector();
                FixedSizeListVector fl = (FixedSizeListVector) root.getVector("features");
                if (fl.getListSize() != dim) {
                    throw new BadInputException(f + ": rows have " + fl.getListSize() + " features, the manifest "
                            + dim + "; run 'xfer cache verify'");
                }
                Float4Vector values = (Float4Vector) fl.getDataVector();
                IntVector label = (IntVector) root.getVector("label");
                VarCharVector path = (VarCharVector) root.getVector("path");
                VarCharVector split = (VarCharVector) root.getVector("split");
                VarCharVector sha = (VarCharVector) root.getVector("sha256");
                int count = root.getRowCount();
                if (row + count > labels.length) {
                    throw new BadInputException(f + ": more rows than the manifest names; run 'xfer cache verify'");
                }
                values.getDataBuffer().nioBuffer(0, count * dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(x, row * dim, count * dim);
                for (int i = 0; i < count; i++, row++) {
                    paths.add(text(path, i));
                    labels[row] = label.isNull(i) ? -1 : classIndex.getOrDefault(text(names, label.get(i)), -1);
                    splits.add(split.isNull(i) ? null : text(split, i));
                    shas.add(text(sha, i));
                }
            }
            return row;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(f + ": damaged or not an xfer shard (" + e.getMessage()
                    + "); run 'xfer cache verify'", e);
        }
    }

    private static String text(VarCharVector v, int i) {
        return new String(v.get(i), StandardCharsets.UTF_8);
    }
}

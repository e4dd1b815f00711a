package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One shard of a feature store: an Arrow IPC file of two columns, {@code sha256} (utf8, the key) and
 * {@code features} (fixed-size list of float32), with the provenance as JSON under the schema metadata key
 * {@code xfer.provenance}. Its name is the sha256 of its bytes, so damage shows and two writers never clash.
 * The keys are repeated, in row order, in the file's footer metadata ({@code xfer.keys}): a writer learns what
 * a store holds by reading footers, not features. pyarrow reads it without xfer.
 */
public final class ShardFile {
    public static final String DIR = "shards";
    public static final String SUFFIX = ".arrow";
    public static final String PROVENANCE_KEY = "xfer.provenance";
    static final String KEYS_KEY = "xfer.keys";

    /** What a reader does with each batch: its keys and its features, {@code dim} floats per row, row-major. */
    public interface BatchVisitor {
        void visit(VarCharVector keys, Float4Vector values, int firstRow, int rows, int dim);
    }

    private ShardFile() {
    }

    /**
     * Rows per shard for features of {@code dim} floats: at most {@code maxRows}, and at most {@code maxBytes} (a
     * row is its floats plus the 64-character key and Arrow's offsets; a flatten layer's rows are large).
     */
    public static int rowsPerShard(long dim, int maxRows, long maxBytes) {
        long perRow = dim * Float.BYTES + 72;
        return (int) Math.max(1, Math.min(maxRows, maxBytes / perRow));
    }

    static Schema schema(int dim, Provenance provenance) {
        Field features = new Field("features", FieldType.notNullable(new ArrowType.FixedSizeList(dim)),
                List.of(Field.notNullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
        return new Schema(List.of(Field.notNullable("sha256", ArrowType.Utf8.INSTANCE), features),
                Map.of(PROVENANCE_KEY, provenance.toJson()));
    }

    /** Writes {@code rows} as a new shard under {@code store}/shards/ and returns its name (sha256 + .arrow). */
    public static String write(Storage store, Provenance provenance, List<FeatureVector> rows,
                               BufferAllocator allocator) throws IOException {
        int dim = provenance.featureLength();
        int n = rows.size();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(dim, provenance), allocator)) {
            VarCharVector keys = (VarCharVector) root.getVector("sha256");
            FixedSizeListVector features = (FixedSizeListVector) root.getVector("features");
            Float4Vector values = (Float4Vector) features.getDataVector();
            keys.allocateNew(n);
            features.setInitialCapacity(n);
            features.allocateNew();
            values.allocateNew(n * dim);
            StringBuilder keyList = new StringBuilder(n * 65);
            for (int i = 0; i < n; i++) {
                FeatureVector r = rows.get(i);
                if (r.values().length != dim) {
                    throw new IllegalArgumentException(r.key() + " has " + r.values().length + " features, the store "
                            + dim);
                }
                keys.setSafe(i, r.key().getBytes(StandardCharsets.UTF_8));
                features.setNotNull(i);
                for (int j = 0; j < dim; j++) {
                    values.set(i * dim + j, r.values()[j]);
                }
                keyList.append(i == 0 ? "" : "\n").append(r.key());
            }
            keys.setValueCount(n);
            values.setValueCount(n * dim);
            root.setRowCount(n);
            Map<String, String> footer = Map.of(KEYS_KEY, keyList.toString());
            return store.writeContentAddressed(DIR, SUFFIX, out -> {
                try (ArrowFileWriter w = new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(), out, footer)) {
                    w.start();
                    w.writeBatch();
                    w.end();
                }
            });
        }
    }

    /** The keys of shard {@code name}, in row order, from its footer; a damaged file is bad input naming it. */
    public static List<String> keys(Storage store, String name, BufferAllocator allocator) {
        try (SeekableByteChannel ch = store.openRead(DIR + "/" + name);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            reader.initialize();
            String keys = reader.getMetaData().get(KEYS_KEY);
            if (keys == null) {
                throw new IOException("no key list in the footer");
            }
            return keys.isEmpty() ? List.of() : Arrays.asList(keys.split("\n"));
        } catch (IOException | RuntimeException e) {
            throw damaged(store, name, e);
        }
    }

    /**
     * Hands every batch of shard {@code name} to {@code visitor}. The provenance in its metadata is not parsed:
     * a shard is named by the sha256 of its bytes and lives in the store whose provenance describes it, so the
     * store's is the one readers need (the copy in the shard serves readers that see the file alone).
     */
    public static void read(Storage store, String name, BufferAllocator allocator, BatchVisitor visitor) {
        try (SeekableByteChannel ch = store.openRead(DIR + "/" + name);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            int first = 0;
            while (reader.loadNextBatch()) {
                FixedSizeListVector f = (FixedSizeListVector) root.getVector("features");
                visitor.visit((VarCharVector) root.getVector("sha256"), (Float4Vector) f.getDataVector(), first,
                        root.getRowCount(), f.getListSize());
                first += root.getRowCount();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(store, name, e);
        }
    }

    /** The key of row {@code row} of a batch. */
    public static String key(VarCharVector keys, int row) {
        return new String(keys.get(row), StandardCharsets.UTF_8);
    }

    /** A batch's {@code rows} x {@code dim} features as one float view of its buffer (no copy). */
    public static java.nio.FloatBuffer floats(Float4Vector values, int rows, int dim) {
        return values.getDataBuffer().nioBuffer(0, Math.multiplyExact(rows, dim) * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** Copies row {@code row} of a batch's features into {@code into} at {@code offset} (bulk, not per value). */
    public static void copyRow(Float4Vector values, int row, int dim, float[] into, int offset) {
        values.getDataBuffer().nioBuffer((long) row * dim * Float.BYTES, dim * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, offset, dim);
    }

    static BadInputException damaged(Storage store, String name, Exception e) {
        return new BadInputException(store.describe() + "/" + DIR + "/" + name + ": damaged or not an xfer shard ("
                + e.getMessage() + "); run 'xfer cache verify --repair', then extract again", e);
    }
}

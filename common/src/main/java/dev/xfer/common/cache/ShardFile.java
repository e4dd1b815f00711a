package dev.xfer.common.cache;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One shard of a feature cache: an Arrow IPC file with columns path (utf8), label (dictionary-encoded utf8),
 * split (utf8), sha256 (utf8), view (int32: 0 for the image itself, 1..K for augmented views; absent in shards
 * written before views existed) and features (fixed-size list of float32), and the provenance as JSON under
 * the schema metadata key {@code xfer.provenance}. pyarrow and pandas read it without xfer.
 */
public final class ShardFile {
    public static final String PROVENANCE_KEY = "xfer.provenance";
    private static final long LABEL_DICTIONARY_ID = 0;

    /** What a shard holds. */
    public record Contents(Provenance provenance, List<FeatureRow> rows) {
    }

    private ShardFile() {
    }

    /** The shard's vectors inside a schema root, fetched by name in one place. */
    record Columns(VarCharVector path, IntVector label, VarCharVector split, VarCharVector sha, IntVector view,
                           FixedSizeListVector features, Float4Vector values) {
        static Columns of(VectorSchemaRoot root) {
            FixedSizeListVector f = (FixedSizeListVector) root.getVector("features");
            return new Columns((VarCharVector) root.getVector("path"), (IntVector) root.getVector("label"),
                    (VarCharVector) root.getVector("split"), (VarCharVector) root.getVector("sha256"),
                    (IntVector) root.getVector("view"), f, (Float4Vector) f.getDataVector());
        }

        /** Row {@code i}'s view number; 0 in shards that predate the column. */
        int viewOf(int i) {
            return view == null ? 0 : view.get(i);
        }
    }

    static Schema schema(int dim, Provenance provenance) {
        DictionaryEncoding labels = new DictionaryEncoding(LABEL_DICTIONARY_ID, false, new ArrowType.Int(32, true));
        Field features = new Field("features", FieldType.notNullable(new ArrowType.FixedSizeList(dim)),
                List.of(Field.notNullable("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
        return new Schema(List.of(
                Field.notNullable("path", ArrowType.Utf8.INSTANCE),
                new Field("label", new FieldType(true, new ArrowType.Int(32, true), labels), null),
                Field.nullable("split", ArrowType.Utf8.INSTANCE),
                Field.notNullable("sha256", ArrowType.Utf8.INSTANCE),
                Field.notNullable("view", new ArrowType.Int(32, true)),
                features), Map.of(PROVENANCE_KEY, provenance.toJson()));
    }

    /** Writes {@code rows} to {@code target} atomically: a temporary file, synced, then renamed. */
    public static void write(Path target, Provenance provenance, List<String> classes, List<FeatureRow> rows,
                             BufferAllocator allocator) throws IOException {
        int dim = rows.isEmpty() ? provenance.featureLength() : rows.getFirst().features().length;
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (VarCharVector dictValues = new VarCharVector("label", allocator);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(dim, provenance), allocator)) {
            for (int i = 0; i < classes.size(); i++) {
                dictValues.setSafe(i, classes.get(i).getBytes(StandardCharsets.UTF_8));
            }
            dictValues.setValueCount(classes.size());
            DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider(
                    new Dictionary(dictValues, root.getSchema().findField("label").getDictionary()));
            fill(root, rows, classIndex, dim);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 ArrowFileWriter w = new ArrowFileWriter(root, dictionaries, ch)) {
                w.start();
                w.writeBatch();
                w.end();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fill(VectorSchemaRoot root, List<FeatureRow> rows, Map<String, Integer> classIndex,
                             int dim) {
        Columns c = Columns.of(root);
        VarCharVector path = c.path();
        IntVector label = c.label();
        VarCharVector split = c.split();
        VarCharVector sha = c.sha();
        FixedSizeListVector features = c.features();
        Float4Vector values = c.values();
        int n = rows.size();
        for (FieldVector v : root.getFieldVectors()) {
            v.setInitialCapacity(n);
            v.allocateNew();
        }
        values.setInitialCapacity(n * dim);
        values.allocateNew();
        for (int i = 0; i < n; i++) {
            FeatureRow r = rows.get(i);
            path.setSafe(i, r.path().getBytes(StandardCharsets.UTF_8));
            if (r.label() == null) {
                label.setNull(i);
            } else {
                label.setSafe(i, classIndex.get(r.label()));
            }
            if (r.split() == null) {
                split.setNull(i);
            } else {
                split.setSafe(i, r.split().getBytes(StandardCharsets.UTF_8));
            }
            sha.setSafe(i, r.sha256().getBytes(StandardCharsets.UTF_8));
            c.view().setSafe(i, r.view());
            features.setNotNull(i);
            float[] f = r.features();
            if (f.length != dim) {
                throw new IllegalArgumentException(r.path() + " has " + f.length + " features, the shard " + dim);
            }
            for (int j = 0; j < dim; j++) {
                values.set(i * dim + j, f[j]);
            }
        }
        values.setValueCount(n * dim);
        root.setRowCount(n);
    }

    /** Reads a whole shard as rows; a damaged file is bad input naming it. */
    public static Contents read(Path file, BufferAllocator allocator) {
        List<FeatureRow> rows = new ArrayList<>();
        Provenance p = readBatches(file, allocator, (c, classes, count) -> {
            Float4Vector values = c.values();
            int dim = c.features().getListSize();
            for (int i = 0; i < count; i++) {
                float[] f = new float[dim];
                for (int j = 0; j < dim; j++) {
                    f[j] = values.get(i * dim + j);
                }
                rows.add(new FeatureRow(text(c.path(), i), c.label().isNull(i) ? null : text(classes, c.label().get(i)),
                        c.split().isNull(i) ? null : text(c.split(), i), text(c.sha(), i), f, c.viewOf(i)));
            }
        });
        return new Contents(p, rows);
    }

    /** What a reader does with each record batch: its columns, the label dictionary and the row count. */
    interface BatchVisitor {
        void visit(Columns columns, VarCharVector classes, int rows);
    }

    /**
     * Opens a shard, hands every record batch to {@code visitor} and returns the provenance from the schema
     * metadata (null if absent). A file Arrow cannot read is bad input naming it; the visitor's own bad-input
     * errors pass through unchanged.
     */
    static Provenance readBatches(Path file, BufferAllocator allocator, BatchVisitor visitor) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            String json = root.getSchema().getCustomMetadata().get(PROVENANCE_KEY);
            Provenance p = json == null ? null : Provenance.fromJson(json);
            while (reader.loadNextBatch()) {
                Dictionary dict = reader.getDictionaryVectors().get(LABEL_DICTIONARY_ID);
                visitor.visit(Columns.of(root), (VarCharVector) dict.getVector(), root.getRowCount());
            }
            return p;
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": damaged or not an xfer shard (" + e.getMessage()
                    + "); run 'xfer cache verify' to re-extract it", e);
        }
    }

    static String text(VarCharVector v, int i) {
        return new String(v.get(i), StandardCharsets.UTF_8);
    }
}

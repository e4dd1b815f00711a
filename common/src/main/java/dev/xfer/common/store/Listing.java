package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.training.Split;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a dataset snapshot holds: its classes and one row per image and augmented view, in (path, view) order.
 * Content-addressed: {@link #sha256} is a digest of a canonical text of the classes and rows, independent of
 * how the Arrow file that stores it is laid out. Stored as an Arrow IPC file of path, label, split, sha256, view
 * (joins with the store's shards on sha256 in pyarrow or pandas).
 */
public record Listing(List<String> classes, List<ListingRow> rows) {
    static final String CLASSES_KEY = "xfer.classes";

    public Listing {
        classes = List.copyOf(classes);
        rows = rows.stream().sorted(Comparator.comparing(ListingRow::path).thenComparingInt(ListingRow::view)).toList();
    }

    /** Rows of images (view 0), not of augmented views. */
    public long images() {
        return rows.stream().filter(r -> r.view() == 0).count();
    }

    /** sha256 of the canonical text: "classes" line, then path, label, split, key, view per row, tab-separated. */
    public String sha256() {
        StringBuilder s = new StringBuilder("xfer listing 1\nclasses");
        classes.forEach(c -> s.append('\t').append(c));
        s.append('\n');
        for (ListingRow r : rows) {
            s.append(r.path()).append('\t').append(r.label() == null ? "" : r.label()).append('\t')
                    .append(r.split() == null ? "" : r.split().label()).append('\t').append(r.sha256()).append('\t')
                    .append(r.view()).append('\n');
        }
        return Digests.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Schema schema(List<String> classes) {
        return new Schema(List.of(Field.notNullable("path", ArrowType.Utf8.INSTANCE),
                Field.nullable("label", ArrowType.Utf8.INSTANCE), Field.nullable("split", ArrowType.Utf8.INSTANCE),
                Field.notNullable("sha256", ArrowType.Utf8.INSTANCE),
                Field.notNullable("view", new ArrowType.Int(32, true))), Map.of(CLASSES_KEY, String.join("\n", classes)));
    }

    /** Writes the listing to object {@code name} of {@code store}, whole or not at all. */
    public void write(Storage store, String name, BufferAllocator allocator) throws IOException {
        int n = rows.size();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(classes), allocator)) {
            VarCharVector path = (VarCharVector) root.getVector("path");
            VarCharVector label = (VarCharVector) root.getVector("label");
            VarCharVector split = (VarCharVector) root.getVector("split");
            VarCharVector sha = (VarCharVector) root.getVector("sha256");
            IntVector view = (IntVector) root.getVector("view");
            root.getFieldVectors().forEach(v -> {
                v.setInitialCapacity(n);
                v.allocateNew();
            });
            for (int i = 0; i < n; i++) {
                ListingRow r = rows.get(i);
                path.setSafe(i, utf8(r.path()));
                if (r.label() == null) {
                    label.setNull(i);
                } else {
                    label.setSafe(i, utf8(r.label()));
                }
                if (r.split() == null) {
                    split.setNull(i);
                } else {
                    split.setSafe(i, utf8(r.split().label()));
                }
                sha.setSafe(i, utf8(r.sha256()));
                view.setSafe(i, r.view());
            }
            root.setRowCount(n);
            store.write(name, out -> {
                try (ArrowFileWriter w = new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(), out)) {
                    w.start();
                    w.writeBatch();
                    w.end();
                }
            });
        }
    }

    /** Reads the listing in object {@code name}; a damaged file is bad input naming it. */
    public static Listing read(Storage store, String name, BufferAllocator allocator) {
        try (SeekableByteChannel ch = store.openRead(name);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            String cls = root.getSchema().getCustomMetadata().getOrDefault(CLASSES_KEY, "");
            List<ListingRow> rows = new ArrayList<>();
            while (reader.loadNextBatch()) {
                VarCharVector path = (VarCharVector) root.getVector("path");
                VarCharVector label = (VarCharVector) root.getVector("label");
                VarCharVector split = (VarCharVector) root.getVector("split");
                VarCharVector sha = (VarCharVector) root.getVector("sha256");
                IntVector view = (IntVector) root.getVector("view");
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(new ListingRow(text(path, i), label.isNull(i) ? null : text(label, i),
                            split.isNull(i) ? null : Split.parse(text(split, i)), text(sha, i), view.get(i)));
                }
            }
            return new Listing(cls.isEmpty() ? List.of() : List.of(cls.split("\n")), rows);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(store.describe() + "/" + name + ": damaged listing (" + e.getMessage()
                    + "); extract the dataset again to write a new snapshot", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(VarCharVector v, int i) {
        return new String(v.get(i), StandardCharsets.UTF_8);
    }
}

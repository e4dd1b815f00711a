package dev.xfer.common.store.legacy;

import dev.xfer.common.BadInputException;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.training.Split;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * A shard of xfer 0.1: columns path, label (dictionary-encoded, id 0), split, sha256, view (absent in the
 * oldest shards: 0) and features (fixed-size list of float32).
 */
public final class LegacyShard {
    /** One row as xfer 0.1 stored it. */
    public record Row(String path, String label, Split split, String sha256, int view, float[] features) {
    }

    private LegacyShard() {
    }

    public static List<Row> read(Storage dir, String file, BufferAllocator allocator) {
        List<Row> rows = new ArrayList<>();
        try (SeekableByteChannel ch = dir.openRead(file);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                VarCharVector classes = (VarCharVector) reader.getDictionaryVectors().get(0L).getVector();
                VarCharVector path = (VarCharVector) root.getVector("path");
                IntVector label = (IntVector) root.getVector("label");
                VarCharVector split = (VarCharVector) root.getVector("split");
                VarCharVector sha = (VarCharVector) root.getVector("sha256");
                IntVector view = (IntVector) root.getVector("view");
                FixedSizeListVector f = (FixedSizeListVector) root.getVector("features");
                Float4Vector values = (Float4Vector) f.getDataVector();
                int dim = f.getListSize();
                for (int i = 0; i < root.getRowCount(); i++) {
                    float[] x = new float[dim];
                    for (int j = 0; j < dim; j++) {
                        x[j] = values.get(i * dim + j);
                    }
                    rows.add(new Row(text(path, i), label.isNull(i) ? null : text(classes, label.get(i)),
                            split.isNull(i) ? null : Split.parse(text(split, i)), text(sha, i),
                            view == null ? 0 : view.get(i), x));
                }
            }
            return rows;
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(dir.describe() + "/" + file + ": damaged xfer 0.1 shard (" + e.getMessage()
                    + ")", e);
        }
    }

    private static String text(VarCharVector v, int i) {
        return new String(v.get(i), StandardCharsets.UTF_8);
    }
}

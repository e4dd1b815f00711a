package dev.xfer.common.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link FeatureTable} for Python users. {@code npy}: a folder with {@code features.npy} (float32,
 * rows x dim), {@code labels.npy} (int32 class index, -1 unlabelled), {@code rows.csv} (path, label, split,
 * sha256, view per row) and {@code meta.json} (classes, provenance). {@code csv}: one file, path, label, split,
 * sha256, view, then f0..f(dim-1). {@code parquet}: one file with a list-of-float features column and the provenance
 * in the file's key-value metadata. Values are written exactly (shortest round-trip text in CSV).
 */
public final class CacheExport {
    public enum Format {
        NPY, CSV, PARQUET;

        /** The default output name for a snapshot: a folder for npy, a file otherwise. */
        public String defaultName(SnapshotRef s) {
            String base = s.dataset() + "-" + s.shortId();
            return this == NPY ? base + "-npy" : base + "." + name().toLowerCase(Locale.ROOT);
        }
    }

    private CacheExport() {
    }

    /** Writes {@code t} to {@code target} and returns the files written; an existing target only with force. */
    public static List<Path> write(FeatureTable t, Format format, Path target, boolean force) throws IOException {
        if (Files.exists(target) && !force) {
            throw new BadInputException(target + " exists: pass --force to replace it, or another --out");
        }
        Path staging = AtomicFiles.stagingDirFor(target);
        try {
            Path written = switch (format) {
                case NPY -> {
                    writeNpy(t, staging);
                    yield staging;
                }
                case CSV -> {
                    Path f = staging.resolve("export.csv");
                    writeCsv(t, f);
                    yield f;
                }
                case PARQUET -> {
                    Path f = staging.resolve("export.parquet");
                    ParquetTable.write(t, f);
                    yield f;
                }
            };
            AtomicFiles.publish(written, target);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
        if (format != Format.NPY) {
            return List.of(target);
        }
        try (var s = Files.list(target)) {
            return s.sorted().toList();
        }
    }

    private static void writeNpy(FeatureTable t, Path dir) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dir.resolve("features.npy")))) {
            NpyArray.writeFloat32(o, t.features(), t.rows(), t.dim());
        }
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dir.resolve("labels.npy")))) {
            NpyArray.writeInt32(o, t.labels());
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("rows.csv"), StandardCharsets.UTF_8)) {
            w.write("path,label,split,sha256,view\n");
            for (int i = 0; i < t.rows(); i++) {
                rowPrefix(w, t, i);
                w.write('\n');
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("snapshot", t.source());
        meta.put("classes", t.classes());
        meta.put("rows", t.rows());
        meta.put("dim", t.dim());
        meta.put("provenance", t.provenance());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("meta.json").toFile(), meta);
    }

    private static void writeCsv(FeatureTable t, Path file) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("path,label,split,sha256,view");
            for (int j = 0; j < t.dim(); j++) {
                w.write(",f" + j);
            }
            w.write('\n');
            float[] x = t.features();
            for (int i = 0; i < t.rows(); i++) {
                rowPrefix(w, t, i);
                for (int j = 0; j < t.dim(); j++) {
                    w.write(',');
                    w.write(Float.toString(x[i * t.dim() + j]));
                }
                w.write('\n');
            }
        }
    }

    private static void rowPrefix(Writer w, FeatureTable t, int i) throws IOException {
        CsvTable.field(w, t.paths().get(i));
        w.write(',');
        CsvTable.field(w, t.labels()[i] < 0 ? null : t.classes().get(t.labels()[i]));
        w.write(',');
        CsvTable.field(w, t.splits().get(i) == null ? null : t.splits().get(i).label());
        w.write(',');
        w.write(t.sha256().get(i));
        w.write(',');
        w.write(Integer.toString(t.views()[i]));
    }
}

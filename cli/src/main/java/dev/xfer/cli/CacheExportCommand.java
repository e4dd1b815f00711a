package dev.xfer.cli;

import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.export.CacheExport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer cache export}: a snapshot's features and labels for Python users. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write a snapshot's features as NumPy, CSV or Parquet.",
        description = {"Write a snapshot's features and labels as NumPy arrays, CSV or Parquet. npy: a folder "
                + "with features.npy (float32 rows x dim), labels.npy (int32, -1 = unlabelled), rows.csv "
                + "(path,label,split,sha256,view) and meta.json (classes, snapshot, provenance). csv: "
                + "path,label,split,sha256,view,f0..fN.  parquet: the same columns, features as "
                + "list<float>."},
        footer = {"", "Example:", "  xfer cache export --dataset pets --format npy",
                "  python -c \"import numpy as np; X = np.load('pets-1a2b3c4d5e6f-npy/features.npy')\""})
final class CacheExportCommand implements Callable<Integer> {
    @Mixin
    SnapshotOptions snapshot;

    @Option(names = "--format", required = true, paramLabel = "npy|csv|parquet",
            description = "Output format: ${COMPLETION-CANDIDATES}.", converter = FormatConverter.class)
    CacheExport.Format format;

    @Option(names = "--out", paramLabel = "PATH",
            description = "Output file (csv, parquet) or folder (npy). Default: DATASET-SNAPSHOT.csv, .parquet or "
                    + "-npy in the working directory.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--json", description = "Print the files written as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        try (BufferAllocator a = new RootAllocator()) {
            FeatureTable t = snapshot.resolve().table(a, true);
            Path target = out != null ? out : Path.of(format.defaultName(t.source()));
            List<Path> files = CacheExport.write(t, format, target, force);
            double seconds = (System.nanoTime() - start) / 1e9;
            var o = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("snapshot", t.source().id());
                m.put("format", format.name().toLowerCase(Locale.ROOT));
                m.put("rows", t.rows());
                m.put("dim", t.dim());
                m.put("files", files.stream().map(Path::toString).toList());
                m.put("seconds", seconds);
                JsonOutput.print(o, m);
            } else {
                o.printf(Locale.ROOT, "%d rows x %d features -> %s (%.1f s)%n", t.rows(), t.dim(), target, seconds);
            }
        }
        return XferCommand.OK;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<CacheExport.Format> {
        @Override
        public CacheExport.Format convert(String value) {
            try {
                return CacheExport.Format.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a format: use npy, csv or parquet");
            }
        }
    }
}

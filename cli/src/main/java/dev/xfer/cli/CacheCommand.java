package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Workspace;
import dev.xfer.common.cache.CacheManifest;
import dev.xfer.common.cache.FeatureRow;
import dev.xfer.common.cache.ShardFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer cache}: what the feature caches hold, and whether they are intact. */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "List, show, verify, export and garbage-collect feature caches.",
        subcommands = {CacheCommand.ListRuns.class, CacheCommand.Show.class, CacheCommand.Verify.class,
                CacheExportCommand.class, CacheGcCommand.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static List<Path> runs() throws IOException {
        Path root = Workspace.current().cache();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(CacheManifest::exists).sorted().toList();
        }
    }

    static Path run(String id) {
        Path dir = Workspace.current().cache().resolve(id);
        if (!CacheManifest.exists(dir)) {
            Path asPath = Path.of(id);
            if (CacheManifest.exists(asPath)) {
                return asPath;
            }
            throw new BadInputException("no cache '" + id + "' in " + Workspace.current().cache()
                    + ": run 'xfer cache list'");
        }
        return dir;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the caches under cache/.")
    static final class ListRuns implements Callable<Integer> {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Path dir : runs()) {
                CacheManifest m = CacheManifest.read(dir);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("run_id", dir.getFileName().toString());
                r.put("backbone", m.provenance().backbone());
                r.put("rows", m.rows());
                r.put("classes", m.classes());
                r.put("dataset", m.dataset());
                r.put("updated", m.updated());
                rows.add(r);
                if (!json) {
                    out.printf("%-48s %-22s %7d rows  %s%n", r.get("run_id"), r.get("backbone"), m.rows(), m.dataset());
                }
            }
            if (json) {
                JsonOutput.print(out, rows);
            } else if (rows.isEmpty()) {
                out.println("no caches yet: xfer extract --backbone B DATA");
            }
            return XferCommand.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Provenance, counts per class and size.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", description = "A run id from 'xfer cache list', or a cache folder.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path dir = run(id);
            CacheManifest m = CacheManifest.read(dir);
            Map<String, Integer> perClass = new TreeMap<>();
            Map<String, Integer> perSplit = new TreeMap<>();
            long bytes = 0;
            try (RootAllocator a = new RootAllocator()) {
                for (CacheManifest.Shard s : m.shards()) {
                    bytes += Files.size(dir.resolve(s.file()));
                    for (FeatureRow r : ShardFile.read(dir.resolve(s.file()), a).rows()) {
                        perClass.merge(String.valueOf(r.label()), 1, Integer::sum);
                        perSplit.merge(String.valueOf(r.split()), 1, Integer::sum);
                    }
                }
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("run_id", dir.getFileName().toString());
            info.put("provenance", m.provenance());
            info.put("dataset", m.dataset());
            info.put("rows", m.rows());
            info.put("per_class", perClass);
            info.put("per_split", perSplit);
            info.put("shards", m.shards().size());
            info.put("bytes", bytes);
            var out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, info);
            } else {
                var p = m.provenance();
                out.printf("%s%n  backbone %s (%s), weights %s sha256 %s%n  layer %s, %s pooling, %dx%d, "
                                + "features %s%n  dataset %s%n  %d rows in %d shards, %,d bytes%n  per class %s%n"
                                + "  per split %s%n", info.get("run_id"), p.backbone(), p.arch(), p.weights(),
                        p.weightsSha256(), p.layer(), p.pooling(), p.imageSize(), p.imageSize(),
                        java.util.Arrays.toString(p.featureShape()), m.dataset(), m.rows(), m.shards().size(),
                        bytes, perClass, perSplit);
            }
            return XferCommand.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every shard against its manifest sha256; damaged shards are re-extracted by the "
                    + "next 'xfer extract' of that data.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            int damaged = 0;
            for (Path dir : runs()) {
                CacheManifest m = CacheManifest.read(dir);
                for (CacheManifest.Shard s : m.shards()) {
                    Path f = dir.resolve(s.file());
                    if (!Files.exists(f) || !Digests.sha256(f).equals(s.sha256())) {
                        damaged++;
                        out.printf("DAMAGED %s: re-run 'xfer extract' on %s to re-extract its %d rows%n", f,
                                m.dataset(), s.rows());
                    }
                }
                out.printf("checked %s%n", dir.getFileName());
            }
            return damaged == 0 ? XferCommand.OK : XferCommand.FAILURE;
        }
    }
}

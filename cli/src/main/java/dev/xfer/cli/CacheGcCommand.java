package dev.xfer.cli;

import dev.xfer.common.Workspace;
import dev.xfer.common.bundle.BundleReferences;
import dev.xfer.common.store.FeatureStore;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.store.StoreGc;
import dev.xfer.common.store.legacy.LegacyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer cache gc}: drop snapshots nothing needs, then the features no kept snapshot uses. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        header = "Remove snapshots and features nothing uses any more.",
        description = {"Remove snapshots that no head (heads/*/head.json) or model (models/*/head.json) names "
                + "and that are not the latest of their dataset, then every feature row no kept snapshot "
                + "uses (shards are rewritten, the new one in place before the old one goes), and what "
                + "killed writers left. A store with a running extraction is left alone. Try --dry-run "
                + "first."})
final class CacheGcCommand implements Callable<Integer> {
    @Option(names = {"-n", "--dry-run"}, description = "List what would be removed and the bytes freed; remove "
            + "nothing.")
    boolean dryRun;

    @Mixin
    CacheOptions cache;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var catalog = cache.catalog();
        BundleReferences refs = BundleReferences.scan(Workspace.current());
        List<Map<String, Object>> stores = new ArrayList<>();
        long bytes = 0;
        String verb = dryRun ? "would remove" : "removed";
        try (RootAllocator a = new RootAllocator()) {
            for (FeatureStore s : catalog.stores()) {
                StoreGc.Plan p = dryRun ? StoreGc.plan(s, refs, a) : StoreGc.apply(s, refs, a);
                bytes += p.bytes();
                stores.add(describe(p));
                if (json) {
                    continue;
                }
                if (p.busy()) {
                    out.printf("store %s: left alone, an extraction is writing to it%n", s.id());
                    continue;
                }
                for (Snapshot d : p.drop()) {
                    out.printf("%s snapshot %s: not the latest of its dataset, and no head or model names it%n",
                            verb, CacheCommand.name(d));
                }
                out.printf(Locale.ROOT, "store %s: %s %d snapshot(s), %d shard(s) and %d temporary file(s), %s %d "
                                + "shard(s): %,d bytes freed; kept %d snapshot(s)%s%n", s.id(), verb, p.drop().size(),
                        p.dropShards().size(), p.temporaries().size(), dryRun ? "would rewrite" : "rewrote",
                        p.rewrite().size(), p.bytes(), p.kept().size(),
                        p.wholeStore() ? " (nothing left: the store goes)" : "");
            }
        }
        List<String> legacy = catalog.legacyRuns().stream().map(LegacyRun::id).toList();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", dryRun);
            m.put("bytes", bytes);
            m.put("stores", stores);
            m.put("legacy_left_alone", legacy);
            JsonOutput.print(out, m);
        } else {
            legacy.forEach(r -> out.printf("xfer 0.1 cache %s left alone: 'xfer cache migrate' converts it%n", r));
            out.printf(Locale.ROOT, "%s %,d bytes in all%n", verb, bytes);
        }
        return XferCommand.OK;
    }

    private static Map<String, Object> describe(StoreGc.Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", p.store());
        m.put("busy", p.busy());
        m.put("removed_snapshots", p.drop().stream().map(s -> Map.of("snapshot", s.id(), "dataset", s.dataset()))
                .toList());
        m.put("kept_snapshots", p.kept().stream().map(Snapshot::id).toList());
        m.put("removed_shards", p.dropShards());
        m.put("rewritten_shards", p.rewrite().stream().map(r -> Map.of("shard", r.shard(), "keep", r.keep().size(),
                "rows", r.total())).toList());
        m.put("temporaries", p.temporaries());
        m.put("bytes", p.bytes());
        m.put("whole_store", p.wholeStore());
        return m;
    }
}

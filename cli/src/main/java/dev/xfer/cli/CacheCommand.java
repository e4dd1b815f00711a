package dev.xfer.cli;

import dev.xfer.common.store.FeatureStore;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.store.CacheVerification;
import dev.xfer.common.store.StoreCheck;
import dev.xfer.common.store.legacy.LegacyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer cache}: the feature stores and dataset snapshots, and whether they are intact. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        header = "List, check, export and clean up the feature cache.",
        description = {"List, show, verify, export, garbage-collect and migrate the feature cache: one feature "
                + "store per backbone configuration, and a snapshot per extracted dataset."},
        subcommands = {CacheCommand.ListStores.class, CacheShowCommand.class, CacheCommand.Verify.class,
                CacheExportCommand.class, CacheGcCommand.class, CacheMigrateCommand.class})
final class CacheCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as for any other usage error. */
    @Override
    public Integer call() {
        return Usage.missingSubcommand(spec);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            header = "List the feature stores and their snapshots.",
            description = {"The feature stores, their snapshots (newest of each dataset marked latest), and caches "
                    + "still in xfer 0.1's layout."})
    static final class ListStores implements Callable<Integer> {
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
            List<Map<String, Object>> stores = new ArrayList<>();
            try (RootAllocator a = new RootAllocator()) {
                for (FeatureStore s : catalog.stores()) {
                    Map<String, Object> m = CacheShowCommand.describeStore(s, a);
                    stores.add(m);
                    if (!json) {
                        CacheShowCommand.printStore(out, m);
                    }
                }
            }
            List<Map<String, Object>> legacy = new ArrayList<>();
            for (LegacyRun run : catalog.legacyRuns()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", run.id());
                m.put("rows", run.manifest().rows());
                m.put("dataset", run.manifest().dataset());
                legacy.add(m);
                if (!json) {
                    out.printf("xfer 0.1 cache %s (%d rows of %s): read-only; convert it with 'xfer cache migrate'%n",
                            run.id(), run.manifest().rows(), run.manifest().dataset());
                }
            }
            if (json) {
                JsonOutput.print(out, Map.of("stores", stores, "legacy", legacy));
            } else if (stores.isEmpty() && legacy.isEmpty()) {
                out.println("no feature stores in " + catalog.root().describe() + " yet: xfer extract --backbone B DATA");
            }
            return XferCommand.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            header = "Check shards and snapshots against their checksums.",
            description = {"Check every shard's bytes against the sha256 in its name, every snapshot's listing, and "
                    + "that every snapshot row has its features. Exit code 1 if anything is wrong."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        CacheOptions cache;

        @Option(names = "--repair", description = "Move damaged shards aside (to <store>/damaged/, nothing is "
                + "deleted), so the next 'xfer extract' of their datasets runs those images again.")
        boolean repair;

        @Option(names = "--json", description = "Print JSON: every store's report, xfer 0.1 caches, and ok.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            CacheVerification v = CacheVerification.of(cache.catalog(), repair);
            if (json) {
                JsonOutput.print(out, v);
                return v.ok() ? XferCommand.OK : XferCommand.FAILURE;
            }
            for (StoreCheck.Report r : v.stores()) {
                for (StoreCheck.Problem p : r.problems()) {
                    out.printf("PROBLEM %s: %s%n", p.object(), p.what());
                }
                for (String moved : r.movedAside()) {
                    out.printf("moved %s to %s/damaged/: extract its datasets again%n", moved, r.store());
                }
                out.printf("checked store %s: %d shards, %d snapshots, %s%n", r.store(), r.shards(), r.snapshots(),
                        r.ok() ? "ok" : r.problems().size() + " problem(s)");
            }
            for (CacheVerification.LegacyCheck l : v.legacy()) {
                out.println(l.ok() ? "checked xfer 0.1 cache " + l.run() + ": ok" : "PROBLEM " + l.problem());
            }
            return v.ok() ? XferCommand.OK : XferCommand.FAILURE;
        }
    }

    /** For messages: a snapshot's short id and dataset. */
    static String name(Snapshot s) {
        return s.shortId() + " (" + s.dataset() + ")";
    }
}

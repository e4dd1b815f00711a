package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.CacheMigration;
import dev.xfer.common.store.legacy.LegacyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer cache migrate}: xfer 0.1 caches into feature stores and snapshots. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        header = "Convert xfer 0.1 caches into feature stores.",
        description = {"Convert caches in xfer 0.1's layout (cache/RUN/manifest.json) into feature stores and "
                + "one snapshot each, keeping every row and feature value. Heads trained on a 0.1 cache "
                + "keep working: gc keeps the snapshot migrated from the run they name. Safe to run again "
                + "if interrupted."})
final class CacheMigrateCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "RUN", description = "Runs to convert. Default: every 0.1 cache.")
    List<String> runs;

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
        List<LegacyRun> todo = new ArrayList<>();
        if (runs == null || runs.isEmpty()) {
            todo.addAll(catalog.legacyRuns());
        } else {
            for (String r : runs) {
                if (!LegacyRun.exists(catalog.root(), r)) {
                    throw new BadInputException("no xfer 0.1 cache " + r + " in " + catalog.root().describe()
                            + "; 'xfer cache list' shows them");
                }
                todo.add(LegacyRun.open(catalog.root(), r));
            }
        }
        List<Map<String, Object>> done = new ArrayList<>();
        try (RootAllocator a = new RootAllocator()) {
            for (LegacyRun run : todo) {
                CacheMigration.Result r = CacheMigration.migrate(catalog.root(), run, a);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", r.run());
                m.put("snapshot", r.snapshot().id());
                m.put("dataset", r.snapshot().dataset());
                m.put("rows", r.rows());
                m.put("shards", r.shards());
                done.add(m);
                if (!json) {
                    out.printf("migrated %s: %d rows -> snapshot %s of %s in store %s%n", r.run(), r.rows(),
                            r.snapshot().shortId(), r.snapshot().dataset(), r.snapshot().store());
                }
            }
        }
        if (json) {
            JsonOutput.print(out, Map.of("migrated", done));
        } else if (done.isEmpty()) {
            out.println("nothing to migrate: no xfer 0.1 caches in " + catalog.root().describe());
        }
        return XferCommand.OK;
    }
}

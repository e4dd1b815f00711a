package dev.xfer.cli;

import dev.xfer.common.Workspace;
import dev.xfer.common.cache.CacheGc;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer cache gc}: drop cache runs that no head bundle or model was trained on. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Remove cache runs that no head (heads/*/head.json) or model (models/*/head.json) refers",
                "to, and unfinished runs. A run being extracted into is left alone. Try --dry-run first."})
final class CacheGcCommand implements Callable<Integer> {
    @Option(names = {"-n", "--dry-run"}, description = "List what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Workspace ws = Workspace.current();
        CacheGc.Plan plan = CacheGc.plan(ws.cache(), CacheGc.referencedRuns(ws));
        if (!dryRun) {
            plan = CacheGc.apply(plan);
        }
        var out = spec.commandLine().getOut();
        String verb = dryRun ? "would remove" : "removed";
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dry_run", dryRun);
            m.put("removed", plan.drop().stream().map(v -> Map.of("run", v.dir().getFileName().toString(),
                    "bytes", v.bytes(), "reason", v.reason())).toList());
            m.put("kept", plan.kept().stream().map(p -> p.getFileName().toString()).toList());
            m.put("busy", plan.busy().stream().map(p -> p.getFileName().toString()).toList());
            m.put("bytes", plan.bytes());
            JsonOutput.print(out, m);
            return XferCommand.OK;
        }
        for (CacheGc.Victim v : plan.drop()) {
            out.printf(Locale.ROOT, "%s %s (%,d bytes): %s%n", verb, v.dir().getFileName(), v.bytes(), v.reason());
        }
        for (Path p : plan.busy()) {
            out.printf("kept %s: an extraction is writing it%n", p.getFileName());
        }
        out.printf(Locale.ROOT, "%s %d run(s), %,d bytes; kept %d run(s) that heads or models use%n", verb,
                plan.drop().size(), plan.bytes(), plan.kept().size());
        return XferCommand.OK;
    }
}

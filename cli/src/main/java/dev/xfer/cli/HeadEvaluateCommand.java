package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.Metrics;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.HeadEvaluation;
import dev.xfer.head.TrainedSplit;
import java.nio.file.Path;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xfer head evaluate}: a saved head scored again on its own snapshot, or on another one. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score a saved head again.",
        description = {"Score a saved head again. By default on exactly the snapshot it was trained on "
                + "(head.json names it), with the same split: the scores must equal the recorded ones. "
                + "With a snapshot or --dataset, on another snapshot of the same features and classes: a "
                + "photo the head's own snapshot also had (the same bytes) is scored in the split it had "
                + "there (train, val, test), the others as new."},
        footer = {"", "Examples:", "  xfer head evaluate heads/best-pets-1a2b3c4d5e6f",
                "  xfer head evaluate --head heads/best-pets-1a2b3c4d5e6f 1a2b3c4d",
                "  xfer head evaluate heads/best-pets-1a2b3c4d5e6f --dataset pets-2027"})
final class HeadEvaluateCommand implements Callable<Integer> {
    @Parameters(arity = "0..2", paramLabel = "HEAD [SNAPSHOT]", description = {"HEAD: a head bundle folder "
            + "(heads/NAME; or --head DIR).", "SNAPSHOT: another snapshot (id or unique prefix). Default: the "
            + "head's own."})
    List<String> positional = List.of();

    @Option(names = "--head", paramLabel = "DIR", description = "The head bundle folder, as on every other command "
            + "(instead of the first argument).")
    Path headOption;

    private Path head;
    private String snapshot;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The latest snapshot of dataset NAME instead.")
    String dataset;

    @Mixin
    CacheOptions cache;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> args = positional == null ? List.of() : positional;
        if (headOption != null && args.size() > 1) {
            throw new BadInputException("name the bundle once: --head " + headOption + " or the first argument "
                    + args.getFirst() + ", then at most a SNAPSHOT");
        }
        if (headOption == null && args.isEmpty()) {
            throw new BadInputException("name a head bundle: 'xfer head evaluate heads/NAME' or --head heads/NAME");
        }
        head = headOption != null ? headOption : Path.of(args.getFirst());
        snapshot = headOption != null ? (args.isEmpty() ? null : args.getFirst()) : args.size() > 1 ? args.get(1)
                : null;
        HeadBundle.Loaded bundle = HeadBundle.load(head);
        head = bundle.dir();
        String ref = snapshot;
        if (ref == null && dataset == null) {
            if (bundle.info().snapshot() == null || bundle.info().snapshot().id() == null) {
                throw new BadInputException(head + " names no snapshot (trained by xfer 0.1 or on images): pass a "
                        + "snapshot id or --dataset NAME");
            }
            ref = bundle.info().snapshot().id();
        }
        FeatureTable t;
        try (RootAllocator a = new RootAllocator()) {
            t = cache.catalog().resolve(ref, dataset).table(a, true);
        }
        boolean own = bundle.info().snapshot() != null && t.source().id() != null
                && t.source().id().equals(bundle.info().snapshot().id());
        TrainedSplit trained = own ? null : TrainedSplit.lookUp(bundle.info(), cache.catalog()).orElse(null);
        HeadEvaluation.Result r = HeadEvaluation.evaluate(bundle, t, trained);
        boolean same = r.own() && HeadEvaluation.sameAsRecorded(r, bundle.info());
        var out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("head", head.toString());
            m.put("snapshot", r.snapshot());
            m.put("own_snapshot", r.own());
            m.put("split_by_sha256", r.byBytes());
            m.put("same_as_recorded", same);
            m.put("scores", r.scores());
            JsonOutput.print(out, m);
            return XferCommand.OK;
        }
        out.printf("%s on %s%s%n", head, r.snapshot().describe(), r.own() ? " (the snapshot it was trained on)" : "");
        for (Map.Entry<String, Metrics> e : r.scores().entrySet()) {
            Metrics m = e.getValue();
            out.printf(Locale.ROOT, "  %-5s accuracy %.4f, balanced %.4f, macro-F1 %.4f, log-loss %.4f (%d rows)%n",
                    e.getKey(), m.accuracy(), m.balancedAccuracy(), m.macroF1(), m.logLoss(), m.rows());
        }
        if (!r.own() && !r.byBytes()) {
            out.println("  (the head's own snapshot is not in the cache: photos it trained on may be among these)");
        }
        if (r.own()) {
            out.println(same ? "  equal to the scores recorded when it was trained"
                    : "  differs from the scores recorded when it was trained (see metrics.json)");
        }
        return XferCommand.OK;
    }
}

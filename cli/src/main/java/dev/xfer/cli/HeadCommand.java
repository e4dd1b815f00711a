package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Workspace;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Metrics;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xfer head}: phase two, heads on cached features. */
@Command(name = "head", mixinStandardHelpOptions = true,
        header = "Train, compare and evaluate heads on cached features.",
        description = {"Train, compare and re-evaluate heads on a snapshot's cached features (no conv base "
                + "runs)."},
        subcommands = {HeadCommand.Train.class, HeadCompareCommand.class, HeadEvaluateCommand.class})
final class HeadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as for any other usage error. */
    @Override
    public Integer call() {
        return Usage.missingSubcommand(spec);
    }

    static FeatureTable load(SnapshotOptions snapshot) throws Exception {
        return snapshot.resolve().table();
    }

    /**
     * Where a trained head goes by default: heads/TYPE-DATASET-SNAPSHOT-DIGEST, the digest that of its
     * hyperparameters and class weights, so another --C or --class-weight gets a bundle of its own.
     */
    static Path defaultOut(HeadSpec spec, ClassWeights cw, FeatureTable t) {
        return defaultOut(spec.type().id() + "-" + t.source().dataset() + "-" + t.source().shortId() + "-"
                + spec.digest(cw));
    }

    /** Where a bundle goes by default: heads/PREFIX-DATASET-SNAPSHOT, so datasets never share a name. */
    static Path defaultOut(String prefix, FeatureTable t) {
        return defaultOut(prefix + "-" + t.source().dataset() + "-" + t.source().shortId());
    }

    private static Path defaultOut(String name) {
        return Workspace.current().heads().resolve(name);
    }

    static Map<String, Object> metricsMap(HeadTraining.Result r) {
        return r.metricsMap();
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            header = "Fit one head on a snapshot and save it as a bundle.",
            description = {"Fit one head on a snapshot's features and save it as a bundle with metrics.json and "
                    + "report.html. Rows: the snapshot's train/val/test split when the data had one, else a "
                    + "seeded stratified split."},
            footer = {"", "Heads: logreg, svm, svm-rbf, rf, knn, lda, gbt (Smile), dense (TensorFlow).",
                    "Examples:", "  xfer head train --dataset pets --type dense --hidden 256",
                    "  xfer head train 1a2b3c4d --type logreg --out heads/pets-logreg"})
    static final class Train implements Callable<Integer> {
        @Mixin
        SnapshotOptions snapshot;

        @Option(names = "--type", paramLabel = "TYPE", description = "Head type (below). Default: logreg. "
                + "Hyperparameter flags that do not apply to it are refused.")
        String type;

        /** --head names a bundle folder on every command; here it is refused with the spelling to use. */
        @Option(names = "--head", hidden = true, paramLabel = "DIR")
        String head;

        @Mixin
        HeadOptions options;

        @Option(names = "--val", defaultValue = "0.2", description = "Validation fraction. Default: ${DEFAULT-VALUE}.")
        double val;

        @Option(names = "--test", defaultValue = "0.1", description = "Test fraction. Default: ${DEFAULT-VALUE}.")
        double test;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Bundle folder. Default: heads/TYPE-DATASET-SNAPSHOT-DIGEST, DIGEST six "
                        + "hex digits of the hyperparameters and class weights.")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists.")
        boolean force;

        @Mixin
        OutputOptions output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var o = spec.commandLine().getOut();
            if (this.head != null) {
                throw new BadInputException("--head names a bundle folder; the head type is --type "
                        + (HeadType.ids().contains(this.head) ? this.head : "TYPE (one of "
                        + String.join(", ", HeadType.ids()) + ")"));
            }
            String head = type != null ? type : "logreg";
            HeadSpec hs = options.strictSpec(head);
            ClassWeights cw = ClassWeights.parse(options.classWeight);
            FeatureTable t = load(snapshot);
            Path dir = out != null ? out : defaultOut(hs, cw, t);
            HeadBundle.requireFree(dir, force);
            HeadTraining.Result r = HeadTraining.train(t, hs, cw, val, test,
                    output.progress(spec.commandLine().getErr()));
            if (r.fitted().monitoredTraining() && hs instanceof DenseSpec d) {
                // as Keras warns when the monitored quantity is missing, but it still picks the best epoch
                spec.commandLine().getErr().println("xfer: note: no validation rows, so early stopping watched the "
                        + "training " + (d.monitor() == DenseSpec.Monitor.VAL_ACCURACY ? "accuracy" : "loss")
                        + ", not " + DenseSpec.name(d.monitor()) + " (hold some out with --val)");
            }
            Map<String, Object> metrics = metricsMap(r);
            HeadBundle.save(dir, r, t, cw, metrics, force);
            dev.xfer.head.report.Report.training(dir.resolve("report.html"), r, t.classes(), t.provenance(),
                    t.source());
            if (output.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("head", dir.toString());
                m.put("snapshot", t.source().id());
                m.putAll(metrics);
                m.remove("history");
                JsonOutput.print(o, m);
            } else {
                Metrics shown = r.test() != null ? r.test() : r.val() != null ? r.val() : r.train();
                String which = r.test() != null ? "test" : r.val() != null ? "val" : "train";
                o.printf(Locale.ROOT, "%s: %s accuracy %.4f, balanced %.4f, macro-F1 %.4f, log-loss %.4f (%d rows)"
                                + "; fit %.2f s%n", head, which, shown.accuracy(), shown.balancedAccuracy(),
                        shown.macroF1(), shown.logLoss(), shown.rows(), r.fitted().seconds());
                for (Metrics.PerClass c : shown.perClass()) {
                    o.printf(Locale.ROOT, "  %-16s precision %.3f  recall %.3f  f1 %.3f  support %d%n", c.name(),
                            c.precision(), c.recall(), c.f1(), c.support());
                }
                if (!r.fitted().history().isEmpty()) {
                    o.printf("  kept epoch %d of %d%n", r.fitted().bestEpoch(), r.fitted().history().size());
                }
                o.printf("saved %s, trained on %s (report: %s)%n", dir, t.source().describe(),
                        dir.resolve("report.html"));
            }
            return XferCommand.OK;
        }
    }
}

package dev.xfer.cli;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.ComparisonWinner;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.Metric;
import dev.xfer.head.NestedScore;
import dev.xfer.head.spec.SpecGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xfer head compare}: a cross-validated leaderboard of heads or a hyperparameter grid, ranked by one metric;
 * the winner is refitted on every row and saved.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Cross-validate several heads and save the best.",
        description = {"Cross-validate several heads, or a grid of hyperparameters, on the same seeded stratified "
                + "folds (never touching the conv base), print a leaderboard ranked by --metric, write report.html "
                + "and leaderboard.json, and save the winner refitted on every row the folds used.",
                "",
                "A grid lists alternatives with '|'; this is five configurations:",
                "  --heads 'logreg:C=0.01|0.1|1,svm-rbf:C=1|10'",
                "Heads are separated by ';' or by a ',' followed by a head type's name; inside "
                + "a head, ',' separates its parameters (TYPE:K=V,K2=W; dense takes bare hidden widths, dense:256). "
                + "Keys are head.json's: C (logreg, svm, svm-rbf), trees (rf, gbt), k (knn), and for dense hidden, "
                + "dropout, output, optimizer, lr, momentum, nesterov, batch_size, epochs, l2, patience, monitor; "
                + "what a spec leaves out comes from the flags below. A --grid file holds one such spec per line "
                + "('#' starts a comment line).",
                "",
                "With more than one configuration and --cv 3 or more, the winner's quoted score is nested: for each "
                + "fold, the other folds alone cross-validate every configuration, the best is chosen and scored "
                + "on the fold the choice never saw. The leaderboard's rows are plain cross-validated means, which "
                + "flatter the best of many.",
                "",
                "The winner is refitted on all rows (the snapshot's own split when it has one); dense keeps a "
                + "seeded tenth for early stopping, as in each fold. head.json records the split."},
        footer = {"", "Examples:", "  xfer head compare --dataset pets --heads logreg,svm,knn --metric log_loss",
                "  xfer head compare --dataset pets --heads 'logreg:C=0.01|0.1|1,svm-rbf:C=1|10'",
                "  xfer head compare --dataset pets --grid grid.txt --cv 5"})
final class HeadCompareCommand implements Callable<Integer> {
    static final String DEFAULT_HEADS = "logreg,svm,rf,knn,dense";

    @Mixin
    SnapshotOptions snapshot;

    @Option(names = "--heads", paramLabel = "GRID", description = "Heads or a grid to compare (repeatable). "
            + "Default: " + DEFAULT_HEADS + ", unless --grid is given.")
    List<String> heads;

    @Option(names = "--grid", paramLabel = "FILE", description = "A file of head specs, one per line, each may "
            + "list alternatives, e.g. svm-rbf:C=1|10. Added to --heads when both are given.")
    Path grid;

    @Option(names = "--metric", defaultValue = "accuracy", paramLabel = "METRIC",
            description = "Ranks the leaderboard and picks the winner: accuracy, balanced_accuracy, macro_f1 "
                    + "(higher is better) or log_loss (lower is better). Default: ${DEFAULT-VALUE}.")
    String metricName;

    private Metric metric;

    @Option(names = "--no-nested", description = "Skip the nested score: (k-1)/2 fits per configuration and fold "
            + "fewer, but the winner's score is then only its leaderboard row, flattered by the choice.")
    boolean noNested;

    @Option(names = "--cv", defaultValue = "5", description = "Folds. Default: ${DEFAULT-VALUE}.")
    int folds;
    @Option(names = "--threads", description = "Folds fitted at once. Default: the number of cores.")
    Integer threads;

    @Mixin
    HeadOptions options;

    @Option(names = "--group-duplicates", description = "Keep every group of duplicate photos (byte-identical, or "
            + "feature cosine >= --duplicate-threshold confirmed by the photos' perceptual hash, as 'xfer doctor' finds "
            + "them) inside one fold, so no photo is scored by a head that trained on its copy.")
    boolean groupDuplicates;

    @Option(names = "--duplicate-threshold", paramLabel = "COSINE", description = "With --group-duplicates: the "
            + "near-duplicate cosine, as 'xfer doctor --threshold'. Default: doctor's.")
    Double duplicateThreshold;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the winner's bundle goes. Default: heads/best-<dataset>-<snapshot>.")
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
        metric = Metric.of(metricName);
        List<CrossValidation.Candidate> candidates = candidates(heads, grid, DEFAULT_HEADS, options);
        FeatureTable t = HeadCommand.load(snapshot);
        Path dir = out != null ? out : HeadCommand.defaultOut("best", t);
        HeadBundle.requireFree(dir, force);
        ClassWeights cw = ClassWeights.parse(options.classWeight);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        int[] groups = null;
        int duplicateGroups = 0;
        if (groupDuplicates) {
            if (duplicateThreshold != null) {
                dev.xfer.doctor.DoctorOptions.requireThreshold(duplicateThreshold, "--duplicate-threshold");
            }
            var found = dev.xfer.doctor.similarity.Duplicates.find(t, DoctorCommand.rule(duplicateThreshold,
                    dev.xfer.doctor.similarity.DuplicateRule.DEFAULT_HASH_THRESHOLD),
                    DoctorCommand.photos(snapshot.resolve()), dev.xfer.doctor.DoctorOptions.NEIGHBOURS, n,
                    output.progress(spec.commandLine().getErr()));
            groups = dev.xfer.doctor.similarity.Duplicates.groupIds(t.rows(), found.groups());
            duplicateGroups = found.groups().size();
        }
        CrossValidation.Comparison cv = CrossValidation.compare(t, candidates, folds, options.seed, cw, n,
                output.progress(spec.commandLine().getErr()), groups, metric, !noNested);
        List<CrossValidation.Entry> board = cv.board();
        double cvSeconds = (System.nanoTime() - t0) / 1e9;
        CrossValidation.Entry winner = cv.winner();
        HeadTraining.Result r = ComparisonWinner.save(dir, t, cv, candidates, cw, folds, Map.of(), force);
        if (output.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folds", folds);
            if (groupDuplicates) {
                m.put("duplicate_groups_kept_in_one_fold", duplicateGroups);
            }
            m.put("seconds", cvSeconds);
            m.put("metric", metric.id());
            m.put("winner", winner.head());
            m.put("winner_spec", winner.spec());
            m.put("nested", cv.nested());
            m.put("out_of_fold", cv.winnerOutOfFold());
            m.put("refit", r.split());
            m.put("head", dir.toString());
            m.put("snapshot", t.source().id());
            m.put("leaderboard", board);
            JsonOutput.print(o, m);
            return XferCommand.OK;
        }
        o.printf(Locale.ROOT, "%d-fold cross-validation of %d configurations on %d rows x %d features (%.1f s)%s; "
                        + "ranked by %s (%s is better)%n", folds, candidates.size(), cv.rows().length, t.dim(),
                cvSeconds, groupDuplicates ? "; " + duplicateGroups + " duplicate groups each kept in one fold" : "",
                metric.id(), metric.higherIsBetter() ? "higher" : "lower");
        int w = Math.max(8, board.stream().mapToInt(e -> e.spec().length()).max().orElse(8));
        o.printf("  %-" + w + "s %-17s %-17s %-17s %-17s %s%n", "head", mark(Metric.ACCURACY, "accuracy"),
                mark(Metric.BALANCED_ACCURACY, "balanced acc."), mark(Metric.MACRO_F1, "macro-F1"),
                mark(Metric.LOG_LOSS, "log-loss"), "fit s/fold");
        for (CrossValidation.Entry e : board) {
            o.printf(Locale.ROOT, "  %-" + w + "s %.4f ± %.4f   %.4f ± %.4f   %.4f ± %.4f   %.4f ± %.4f   %.3f%n",
                    e.spec(), e.accuracy().mean(), e.accuracy().std(), e.balancedAccuracy().mean(),
                    e.balancedAccuracy().std(), e.macroF1().mean(), e.macroF1().std(), e.logLoss().mean(),
                    e.logLoss().std(), e.fitSeconds().mean());
        }
        NestedScore ns = cv.nested();
        if (ns != null) {
            o.printf(Locale.ROOT, "nested score of the choice (%d outer folds, each scored by the configuration the "
                            + "other %d chose): %s %.4f ± %.4f%s; chose %s%n", ns.outerFolds(), ns.innerFolds(),
                    metric.id(), ns.of(metric).mean(), ns.of(metric).std(), metric == Metric.ACCURACY ? ""
                            : String.format(Locale.ROOT, ", accuracy %.4f ± %.4f", ns.accuracy().mean(),
                            ns.accuracy().std()), chosen(ns));
        } else if (candidates.size() > 1 && !noNested) {
            o.println("no nested score: it needs --cv 3 or more (the winner's row is flattered by the choice)");
        }
        o.printf(Locale.ROOT, "winner %s, refitted on %d rows%s, saved to %s (report: %s)%n", winner.spec(),
                r.split().trainRows(), r.split().valRows() > 0 ? " (" + r.split().valRows() + " held for early "
                        + "stopping)" : "", dir, dir.resolve("report.html"));
        return Files.isDirectory(dir) ? XferCommand.OK : XferCommand.FAILURE;
    }

    private String mark(Metric m, String name) {
        return m == metric ? name + " *" : name;
    }

    /** {@code logreg:C=0.1 (4 folds), logreg:C=1 (1)}. */
    private static String chosen(NestedScore ns) {
        Map<String, Integer> count = new LinkedHashMap<>();
        ns.chosen().forEach(c -> count.merge(c, 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        count.forEach((c, k) -> s.append(s.isEmpty() ? "" : ", ").append(c).append(" (").append(k)
                .append(k == 1 ? " fold)" : " folds)"));
        return s.toString();
    }

    /** --heads and --grid as one list of configurations, each parsed over the flags; duplicates refused. */
    static List<CrossValidation.Candidate> candidates(List<String> heads, Path grid, String defaultHeads,
                                                      HeadOptions options) throws java.io.IOException {
        SpecGrid g = null;
        if (heads != null || grid == null) {
            g = SpecGrid.parse(heads == null ? defaultHeads : String.join(";", heads), "--heads");
        }
        if (grid != null) {
            if (!Files.isRegularFile(grid)) {
                throw new BadInputException("--grid " + grid + ": no such file; write one head spec per line");
            }
            SpecGrid file = SpecGrid.ofLines(Files.readAllLines(grid), grid.toString());
            g = g == null ? file : g.and(file);
        }
        List<CrossValidation.Candidate> out = new ArrayList<>();
        for (String text : g.specs()) {
            HeadSpec s = options.spec(text);
            for (CrossValidation.Candidate c : out) {
                if (c.spec().equals(s)) {
                    throw new BadInputException("--heads: " + c.label() + " and " + text + " are the same "
                            + "configuration; list each once");
                }
            }
            out.add(new CrossValidation.Candidate(text, s));
        }
        return out;
    }
}

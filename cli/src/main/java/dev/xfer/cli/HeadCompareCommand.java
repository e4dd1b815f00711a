package dev.xfer.cli;

import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadBundle;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.HeadTraining;
import dev.xfer.head.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code xfer head compare}: a cross-validated leaderboard; the winner is refitted and saved. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Cross-validate several heads and save the best.",
        description = {"Cross-validate several heads on the same seeded stratified folds (never touching the "
                + "conv base), print a leaderboard, write report.html and leaderboard.json, and save the "
                + "winner."})
final class HeadCompareCommand implements Callable<Integer> {
    @Mixin
    SnapshotOptions snapshot;

    @Option(names = "--heads", split = ",", defaultValue = "logreg,svm,rf,knn,dense",
            description = "Heads to compare. Default: ${DEFAULT-VALUE}.")
    List<String> heads;

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
        FeatureTable t = HeadCommand.load(snapshot);
        Path dir = out != null ? out : HeadCommand.defaultOut("best", t);
        HeadBundle.requireFree(dir, force);
        ClassWeights cw = ClassWeights.parse(options.classWeight);
        List<HeadSpec> specs = heads.stream().map(h -> options.spec(h.trim())).toList();
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
        CrossValidation.Comparison cv = CrossValidation.compare(t, specs, folds, options.seed, cw, n,
                output.progress(spec.commandLine().getErr()), groups);
        List<CrossValidation.Entry> board = cv.board();
        double cvSeconds = (System.nanoTime() - t0) / 1e9;
        String winner = board.getFirst().head();
        HeadTraining.Result r = HeadTraining.train(t, options.spec(winner), cw, 0.2, 0, dev.xfer.common.Progress.SILENT);
        Map<String, Object> metrics = HeadCommand.metricsMap(r);
        metrics.put("leaderboard", board);
        HeadBundle.save(dir, r, t, cw, metrics, force);
        HeadBundle.writeJson(dir.resolve("leaderboard.json"), board);
        writeFolds(dir.resolve("folds.csv"), t, cv);
        Report.comparison(dir.resolve("report.html"), board, folds, t.provenance(), t.source());
        if (output.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folds", folds);
            if (groupDuplicates) {
                m.put("duplicate_groups_kept_in_one_fold", duplicateGroups);
            }
            m.put("seconds", cvSeconds);
            m.put("winner", winner);
            m.put("head", dir.toString());
            m.put("snapshot", t.source().id());
            m.put("leaderboard", board);
            JsonOutput.print(o, m);
            return XferCommand.OK;
        }
        o.printf(Locale.ROOT, "%d-fold cross-validation of %d heads on %d rows x %d features (%.1f s)%s%n", folds,
                specs.size(), cv.rows().length, t.dim(), cvSeconds, groupDuplicates ? "; " + duplicateGroups
                        + " duplicate groups each kept in one fold" : "");
        o.printf("  %-8s %-17s %-17s %-17s %-17s %s%n", "head", "accuracy", "balanced acc.", "macro-F1", "log-loss",
                "fit s/fold");
        for (CrossValidation.Entry e : board) {
            o.printf(Locale.ROOT, "  %-8s %.4f ± %.4f   %.4f ± %.4f   %.4f ± %.4f   %.4f ± %.4f   %.3f%n", e.head(),
                    e.accuracy().mean(), e.accuracy().std(), e.balancedAccuracy().mean(), e.balancedAccuracy().std(),
                    e.macroF1().mean(), e.macroF1().std(), e.logLoss().mean(), e.logLoss().std(),
                    e.fitSeconds().mean());
        }
        o.printf("winner %s saved to %s (report: %s)%n", winner, dir, dir.resolve("report.html"));
        return Files.isDirectory(dir) ? XferCommand.OK : XferCommand.FAILURE;
    }

    /** The fold of every labelled row, so other tools (bench/heads_vs_sklearn.py) can use the same folds. */
    private static void writeFolds(Path file, FeatureTable t, CrossValidation.Comparison cv)
            throws java.io.IOException {
        StringBuilder s = new StringBuilder("path,fold\n");
        for (int i = 0; i < cv.rows().length; i++) {
            s.append(t.paths().get(cv.rows()[i])).append(',').append(cv.fold()[i]).append('\n');
        }
        dev.xfer.common.AtomicFiles.write(file, s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

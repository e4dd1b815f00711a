package dev.xfer.head;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.report.Report;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.spec.HeadSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The winner of a {@link CrossValidation.Comparison}, refitted on every row the folds used and saved as a head
 * bundle with its leaderboard, folds and report: what {@code xfer head compare} and {@code xfer backbone compare}
 * both keep.
 */
public final class ComparisonWinner {
    private ComparisonWinner() {
    }

    /** The spec of the board's winner among {@code candidates}. */
    public static HeadSpec spec(CrossValidation.Comparison cv, List<CrossValidation.Candidate> candidates) {
        String label = cv.winner().spec();
        return candidates.stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow().spec();
    }

    /**
     * Refits the winner on {@code t} and writes the bundle to {@code dir} (replaced only with {@code force}), with
     * {@code leaderboard.json}, {@code folds.csv} and {@code report.html}; {@code extra} goes into its metrics.
     */
    public static HeadTraining.Result save(Path dir, FeatureTable t, CrossValidation.Comparison cv,
                                           List<CrossValidation.Candidate> candidates, ClassWeights cw, int folds,
                                           Map<String, Object> extra, boolean force) throws IOException {
        HeadSpec winning = spec(cv, candidates);
        // Refitted on every row (the snapshot's own split when it has one); only dense holds a tenth back, to stop
        // early on, as it does in each fold.
        double val = winning instanceof DenseSpec ? 0.1 : 0;
        HeadTraining.Result r = HeadTraining.train(t, winning, cw, val, 0, Progress.SILENT);
        Map<String, Object> metrics = r.metricsMap();
        metrics.put("metric", cv.metric().id());
        metrics.put("winner_spec", cv.winner().spec());
        metrics.put("out_of_fold", cv.winnerOutOfFold());
        if (cv.nested() != null) {
            metrics.put("nested", cv.nested());
        }
        metrics.put("leaderboard", cv.board());
        metrics.putAll(extra);
        HeadBundle.save(dir, r, t, cw, metrics, force);
        HeadBundle.writeJson(dir.resolve("leaderboard.json"), cv.board());
        writeFolds(dir.resolve("folds.csv"), t, cv);
        Report.comparison(dir.resolve("report.html"), cv, folds, r.split(), t.classes(), t.provenance(), t.source());
        return r;
    }

    /** The fold of every labelled row, so other tools (bench/heads_vs_sklearn.py) can use the same folds. */
    private static void writeFolds(Path file, FeatureTable t, CrossValidation.Comparison cv) throws IOException {
        StringBuilder s = new StringBuilder("path,fold\n");
        for (int i = 0; i < cv.rows().length; i++) {
            s.append(t.paths().get(cv.rows()[i])).append(',').append(cv.fold()[i]).append('\n');
        }
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.xfer.head;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Metrics;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.Splits;
import dev.xfer.head.spec.HeadSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * {@code xfer head compare}: every head on the same seeded stratified folds, folds run in parallel, a
 * leaderboard of mean and standard deviation per metric. The dense head's early stopping watches a seeded
 * tenth of each training fold, never the held-out fold.
 */
public final class CrossValidation {

    /** Mean and standard deviation over folds. */
    public record Stat(@JsonProperty("mean") double mean, @JsonProperty("std") double std) {
        static Stat of(double[] v) {
            double m = Arrays.stream(v).average().orElse(0);
            double var = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1);
            return new Stat(m, Math.sqrt(var));
        }
    }

    /** One line of the leaderboard. */
    public record Entry(@JsonProperty("head") String head, @JsonProperty("params") java.util.Map<String, Object> params,
                        @JsonProperty("accuracy") Stat accuracy,
                        @JsonProperty("balanced_accuracy") Stat balancedAccuracy,
                        @JsonProperty("macro_f1") Stat macroF1, @JsonProperty("log_loss") Stat logLoss,
                        @JsonProperty("fit_seconds") Stat fitSeconds,
                        @JsonProperty("fold_accuracy") double[] foldAccuracy) {
    }

    /**
     * The leaderboard (best mean accuracy first) and the folds it used: {@code fold[i]} is the fold of cache row
     * {@code rows[i]}, so other tools can be run on the same folds.
     */
    public record Comparison(List<Entry> board, int[] rows, int[] fold) {
    }

    private CrossValidation() {
    }

    /** Runs {@code specs} on {@code k} seeded stratified folds with {@code threads} workers. */
    public static Comparison compare(FeatureTable t, List<HeadSpec> specs, int k, long seed, ClassWeights weights,
                                      int threads, Progress progress) throws Exception {
        return compare(t, specs, k, seed, weights, threads, progress, null);
    }

    /**
     * As {@link #compare(FeatureTable, List, int, long, ClassWeights, int, Progress)}, but rows that share a
     * {@code groups} id (one per table row, e.g. a duplicate group) stay in one fold, so no photo is scored by a
     * head that trained on its copy. Null groups: plain stratified folds.
     */
    public static Comparison compare(FeatureTable t, List<HeadSpec> specs, int k, long seed, ClassWeights weights,
                                     int threads, Progress progress, int[] groups) throws Exception {
        int[] idx = HeadTraining.labelled(t);
        int[] y = Arrays.stream(idx).map(i -> t.labels()[i]).toArray();
        int[] fold = groups == null ? Splits.folds(y, t.classes().size(), k, seed)
                : Splits.groupedFolds(y, Arrays.stream(idx).map(i -> groups[i]).toArray(), t.classes().size(), k,
                seed);
        progress.start("cross-validation", (long) specs.size() * k);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<List<Future<double[]>>> futures = new ArrayList<>();
            for (HeadSpec spec : specs) {
                List<Future<double[]>> perFold = new ArrayList<>();
                for (int f = 0; f < k; f++) {
                    int held = f;
                    perFold.add(pool.submit(() -> {
                        double[] r = runFold(t, spec.withSeed(seed), idx, fold, held, weights);
                        progress.advance(1);
                        return r;
                    }));
                }
                futures.add(perFold);
            }
            List<Entry> board = new ArrayList<>();
            for (int s = 0; s < specs.size(); s++) {
                double[][] r = new double[k][];
                for (int f = 0; f < k; f++) {
                    r[f] = futures.get(s).get(f).get();
                }
                board.add(new Entry(specs.get(s).type().id(), specs.get(s).withSeed(seed).params(), col(r, 0), col(r, 1),
                        col(r, 2), col(r, 3), col(r, 4), Arrays.stream(r).mapToDouble(a -> a[0]).toArray()));
            }
            board.sort(Comparator.comparingDouble((ToDoubleFunction<Entry>) e -> e.accuracy().mean()).reversed());
            return new Comparison(board, idx, fold);
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    private static double[] runFold(FeatureTable t, HeadSpec spec, int[] idx, int[] fold, int held,
                                    ClassWeights weights) {
        List<Integer> trainIdx = new ArrayList<>();
        List<Integer> testIdx = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            (fold[i] == held ? testIdx : trainIdx).add(idx[i]);
        }
        int[] tr = trainIdx.stream().mapToInt(Integer::intValue).toArray();
        Rows val = new Rows(new float[0], new int[0], t.dim());
        if (spec instanceof dev.xfer.head.spec.DenseSpec) {
            int[] ty = Arrays.stream(tr).map(i -> t.labels()[i]).toArray();
            Split[] s = Splits.stratified(ty, t.classes().size(), 0.1, 0, spec.seed() + held);
            val = Rows.of(t, HeadTraining.pick(tr, s, Split.VAL));
            tr = HeadTraining.pick(tr, s, Split.TRAIN);
        }
        Rows train = Rows.of(t, HeadTraining.withViews(t, tr));
        Rows test = Rows.of(t, testIdx.stream().mapToInt(Integer::intValue).toArray());
        Heads.Fitted f = Heads.fit(spec, train, val, t.classes(), weights, Progress.SILENT);
        Metrics m = HeadTraining.score(f.head(), test, t);
        return new double[] {m.accuracy(), m.balancedAccuracy(), m.macroF1(), m.logLoss(), f.seconds()};
    }

    private static Stat col(double[][] r, int c) {
        return Stat.of(Arrays.stream(r).mapToDouble(a -> a[c]).toArray());
    }
}

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

/**
 * {@code xfer head compare}: every configuration on the same seeded stratified folds, fits run in parallel, a
 * leaderboard of mean and standard deviation per metric, best first by the chosen {@link Metric}. With more than
 * one configuration and at least 3 folds, {@link NestedScore} says what the whole choose-then-fit procedure
 * scores on folds the choice never saw. The dense head's early stopping watches a seeded tenth of each training
 * fold, never a held-out fold.
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

    /** A configuration to cross-validate: its spec and how the leaderboard names it ({@code logreg:C=0.1}). */
    public record Candidate(String label, HeadSpec spec) {
        public static Candidate of(HeadSpec spec) {
            return new Candidate(spec.type().id(), spec);
        }
    }

    /** One line of the leaderboard: {@code spec} names the configuration, {@code params} all its values. */
    public record Entry(@JsonProperty("head") String head, @JsonProperty("spec") String spec,
                        @JsonProperty("params") java.util.Map<String, Object> params,
                        @JsonProperty("accuracy") Stat accuracy,
                        @JsonProperty("balanced_accuracy") Stat balancedAccuracy,
                        @JsonProperty("macro_f1") Stat macroF1, @JsonProperty("log_loss") Stat logLoss,
                        @JsonProperty("fit_seconds") Stat fitSeconds,
                        @JsonProperty("fold_accuracy") double[] foldAccuracy) {
    }

    /**
     * The leaderboard (best first by {@code metric}) and the folds it used: {@code fold[i]} is the fold of cache
     * row {@code rows[i]}, so other tools can be run on the same folds. {@code winnerOutOfFold} pools the winner's
     * predictions on its held-out folds (each row scored by a fit that never saw it); {@code nested} is null with
     * one configuration (nothing was chosen) or fewer than 3 folds.
     */
    public record Comparison(List<Entry> board, int[] rows, int[] fold, Metric metric, Metrics winnerOutOfFold,
                             NestedScore nested) {
        public Entry winner() {
            return board.getFirst();
        }
    }

    private CrossValidation() {
    }

    /** Runs {@code specs} on {@code k} seeded stratified folds with {@code threads} workers, ranked by accuracy. */
    public static Comparison compare(FeatureTable t, List<HeadSpec> specs, int k, long seed, ClassWeights weights,
                                      int threads, Progress progress) throws Exception {
        return compare(t, specs, k, seed, weights, threads, progress, null);
    }

    /**
     * As {@link #compare(FeatureTable, List, int, long, ClassWeights, int, Progress)}, but rows that share a
     * {@code groups} id (one per table row, e.g. a duplicate group) stay in one fold, so no photo is scored by a
     * head that trained on its copy. Null groups: plain stratified folds. No nested score.
     */
    public static Comparison compare(FeatureTable t, List<HeadSpec> specs, int k, long seed, ClassWeights weights,
                                     int threads, Progress progress, int[] groups) throws Exception {
        return compare(t, specs.stream().map(Candidate::of).toList(), k, seed, weights, threads, progress, groups,
                Metric.ACCURACY, false);
    }

    /**
     * Every candidate on the same folds, ranked by {@code metric}; with {@code nested} (and more than one
     * candidate, at least 3 folds) the nested score too.
     */
    public static Comparison compare(FeatureTable t, List<Candidate> candidates, int k, long seed,
                                     ClassWeights weights, int threads, Progress progress, int[] groups,
                                     Metric metric, boolean nested) throws Exception {
        int[] idx = HeadTraining.labelled(t);
        int[] y = Arrays.stream(idx).map(i -> t.labels()[i]).toArray();
        int[] fold = groups == null ? Splits.folds(y, t.classes().size(), k, seed)
                : Splits.groupedFolds(y, Arrays.stream(idx).map(i -> groups[i]).toArray(), t.classes().size(), k,
                seed);
        int n = candidates.size();
        boolean nest = nested && n > 1 && k >= 3;
        progress.start("cross-validation", (long) n * k + (nest ? (long) n * k * (k - 1) / 2 : 0));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<List<Future<Scored[]>>> plain = new ArrayList<>();
            List<List<Future<Scored[]>>> pairs = new ArrayList<>();
            for (Candidate c : candidates) {
                HeadSpec spec = c.spec().withSeed(seed);
                List<Future<Scored[]>> perFold = new ArrayList<>();
                for (int f = 0; f < k; f++) {
                    int held = f;
                    perFold.add(pool.submit(() -> fitAndScore(t, spec, idx, fold, new int[] {held}, spec.seed() + held,
                            weights, progress)));
                }
                plain.add(perFold);
                // Nested: the inner fits of outer fold o leave out folds o and j; the fit that leaves out {a, b}
                // serves outer a (scored on b) and outer b (scored on a), so each pair is fitted once.
                List<Future<Scored[]>> perPair = new ArrayList<>();
                for (int a = 0; nest && a < k; a++) {
                    for (int b = a + 1; b < k; b++) {
                        int[] out = {a, b};
                        long s = spec.seed() + 1000L + (long) a * k + b;
                        perPair.add(pool.submit(() -> fitAndScore(t, spec, idx, fold, out, s, weights, progress)));
                    }
                }
                pairs.add(perPair);
            }
            Scored[][] scores = new Scored[n][k];
            List<Entry> board = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                for (int f = 0; f < k; f++) {
                    scores[c][f] = plain.get(c).get(f).get()[0];
                }
                board.add(entry(candidates.get(c), seed, scores[c]));
            }
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparing(i -> metric.of(board.get(i)).mean(), metric.best()));
            NestedScore ns = null;
            if (nest) {
                double[][][] inner = new double[n][k][k]; // [candidate][outer][inner fold]
                for (int c = 0; c < n; c++) {
                    int p = 0;
                    for (int a = 0; a < k; a++) {
                        for (int b = a + 1; b < k; b++) {
                            Scored[] r = pairs.get(c).get(p++).get();
                            inner[c][a][b] = metric.of(r[1].metrics());
                            inner[c][b][a] = metric.of(r[0].metrics());
                        }
                    }
                }
                ns = NestedScore.of(candidates.stream().map(Candidate::label).toList(), inner, scores, metric);
            }
            return new Comparison(Arrays.stream(order).map(board::get).toList(), idx, fold, metric,
                    pooled(scores[order[0]], t), ns);
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    /** One fit's scores on one held-out fold: the rows (cache indices) and their probabilities. */
    record Scored(Metrics metrics, double seconds, int[] rows, double[][] proba) {
    }

    /** Fits {@code spec} on the rows outside folds {@code out} and scores it on each of them. */
    private static Scored[] fitAndScore(FeatureTable t, HeadSpec spec, int[] idx, int[] fold, int[] out,
                                        long valSeed, ClassWeights weights, Progress progress) {
        List<Integer> trainIdx = new ArrayList<>();
        for (int i = 0; i < idx.length; i++) {
            int f = fold[i];
            if (Arrays.stream(out).noneMatch(o -> o == f)) {
                trainIdx.add(idx[i]);
            }
        }
        int[] tr = trainIdx.stream().mapToInt(Integer::intValue).toArray();
        Rows val = new Rows(new float[0], new int[0], t.dim());
        if (spec instanceof dev.xfer.head.spec.DenseSpec) {
            int[] ty = Arrays.stream(tr).map(i -> t.labels()[i]).toArray();
            Split[] s = Splits.stratified(ty, t.classes().size(), 0.1, 0, valSeed);
            val = Rows.of(t, HeadTraining.pick(tr, s, Split.VAL));
            tr = HeadTraining.pick(tr, s, Split.TRAIN);
        }
        Heads.Fitted fit = Heads.fit(spec, Rows.of(t, HeadTraining.withViews(t, tr)), val, t.classes(), weights,
                Progress.SILENT);
        Scored[] r = new Scored[out.length];
        for (int o = 0; o < out.length; o++) {
            int held = out[o];
            int[] test = java.util.stream.IntStream.range(0, idx.length).filter(i -> fold[i] == held)
                    .map(i -> idx[i]).toArray();
            Rows rows = Rows.of(t, test);
            double[][] p = fit.head().predictProba(rows.x(), rows.count(), rows.dim());
            r[o] = new Scored(Metrics.of(rows.y(), p, t.classes()), fit.seconds(), test, p);
        }
        progress.advance(1);
        return r;
    }

    private static Entry entry(Candidate c, long seed, Scored[] folds) {
        ToDouble[] cols = {Metrics::accuracy, Metrics::balancedAccuracy, Metrics::macroF1, Metrics::logLoss};
        Stat[] s = new Stat[cols.length];
        for (int i = 0; i < cols.length; i++) {
            ToDouble col = cols[i];
            s[i] = Stat.of(Arrays.stream(folds).mapToDouble(f -> col.of(f.metrics())).toArray());
        }
        return new Entry(c.spec().type().id(), c.label(), c.spec().withSeed(seed).params(), s[0], s[1], s[2], s[3],
                Stat.of(Arrays.stream(folds).mapToDouble(Scored::seconds).toArray()),
                Arrays.stream(folds).mapToDouble(f -> f.metrics().accuracy()).toArray());
    }

    private interface ToDouble {
        double of(Metrics m);
    }

    /** The held-out predictions of every fold as one table: every labelled row scored once. */
    private static Metrics pooled(Scored[] folds, FeatureTable t) {
        List<Integer> y = new ArrayList<>();
        List<double[]> p = new ArrayList<>();
        for (Scored f : folds) {
            for (int i = 0; i < f.rows().length; i++) {
                y.add(t.labels()[f.rows()[i]]);
                p.add(f.proba()[i]);
            }
        }
        return Metrics.of(y.stream().mapToInt(Integer::intValue).toArray(), p.toArray(double[][]::new), t.classes());
    }
}

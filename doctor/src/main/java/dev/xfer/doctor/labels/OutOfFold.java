package dev.xfer.doctor.labels;

import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Splits;
import dev.xfer.head.Head;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.Heads;
import dev.xfer.head.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Out-of-fold class probabilities: every photo scored by a head that never saw it (nor any photo of its
 * duplicate group). The one place doctor uses head/: a spec in, probabilities out.
 */
public final class OutOfFold {
    private OutOfFold() {
    }

    /**
     * Probabilities for table rows {@code rows} (all labelled), {@code [i][class]}, from {@code k} seeded
     * stratified folds that keep rows sharing a {@code groups} id (per table row) together.
     */
    public static double[][] probabilities(FeatureTable t, int[] rows, int[] groups, HeadSpec spec, int k, long seed,
                                           int threads, Progress progress) throws Exception {
        int[] y = new int[rows.length];
        int[] g = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = t.labels()[rows[i]];
            g[i] = groups[rows[i]];
        }
        int[] fold = Splits.groupedFolds(y, g, t.classes().size(), k, seed);
        double[][] p = new double[rows.length][];
        progress.start("cross-validation", k);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, k)));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int held = f;
                done.add(pool.submit(() -> {
                    List<Integer> train = new ArrayList<>();
                    List<Integer> test = new ArrayList<>();
                    for (int i = 0; i < rows.length; i++) {
                        (fold[i] == held ? test : train).add(i);
                    }
                    Rows tr = Rows.of(t, train.stream().mapToInt(i -> rows[i]).toArray());
                    Rows te = Rows.of(t, test.stream().mapToInt(i -> rows[i]).toArray());
                    Head h = Heads.fit(spec.withSeed(seed), tr, new Rows(new float[0], new int[0], t.dim()),
                            t.classes(), ClassWeights.NONE, Progress.SILENT).head();
                    double[][] q = h.predictProba(te.x(), te.count(), te.dim());
                    for (int i = 0; i < test.size(); i++) {
                        p[test.get(i)] = q[i];
                    }
                    progress.advance(1);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return p;
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }
}

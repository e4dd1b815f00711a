package dev.xfer.doctor.report;

import java.util.Arrays;
import java.util.Random;
import smile.feature.extraction.PCA;
import smile.manifold.TSNE;

/**
 * A 2-D map of the photos: PCA to {@value #PCA_DIMS} dimensions (the usual first step before t-SNE: it removes
 * noise and makes the affinities cheap), then t-SNE (Smile). t-SNE here is exact, quadratic in the number of
 * points, so at most {@value #MAX_POINTS} photos are placed: the ones that must be on it (flagged) and a seeded
 * sample of the rest.
 */
public final class DatasetMap {
    static final int PCA_DIMS = 50;
    static final int MAX_POINTS = 2500;

    /** Which table rows are placed, and where. */
    public record Points(int[] rows, double[][] xy) {
    }

    private DatasetMap() {
    }

    /** Places {@code rows} (table indices; those in {@code mustShow} are always kept) of the row-major features. */
    public static Points of(float[] x, int d, int[] rows, java.util.Set<Integer> mustShow, long seed) {
        int[] chosen = choose(rows, mustShow, seed);
        double[][] data = new double[chosen.length][d];
        for (int i = 0; i < chosen.length; i++) {
            for (int k = 0; k < d; k++) {
                data[i][k] = x[chosen[i] * d + k];
            }
        }
        int dims = Math.min(PCA_DIMS, Math.min(d, chosen.length - 1));
        double[][] reduced = PCA.fit(data).getProjection(dims).apply(data);
        // byte-identical photos have identical features: at distance 0 t-SNE's affinities turn NaN, so every point
        // is moved by a seeded jitter far below the spread of the data
        Random rnd = new Random(seed);
        double spread = 0;
        for (double[] r : reduced) {
            spread = Math.max(spread, Math.abs(r[0]));
        }
        for (double[] r : reduced) {
            for (int k = 0; k < r.length; k++) {
                r[k] += 1e-4 * spread * rnd.nextGaussian();
            }
        }
        double perplexity = Math.max(2, Math.min(30, (chosen.length - 1) / 3.0));
        double[][] xy = TSNE.fit(reduced, new TSNE.Options(2, perplexity, 200, 12, 1000)).coordinates();
        for (double[] p : xy) {
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                // t-SNE failed to converge: the first two principal components still make a (coarser) map
                double[][] pc = new double[reduced.length][];
                for (int i = 0; i < reduced.length; i++) {
                    pc[i] = new double[] {reduced[i][0], reduced[i].length > 1 ? reduced[i][1] : 0};
                }
                return new Points(chosen, pc);
            }
        }
        return new Points(chosen, xy);
    }

    private static int[] choose(int[] rows, java.util.Set<Integer> mustShow, long seed) {
        if (rows.length <= MAX_POINTS) {
            return rows;
        }
        int[] must = Arrays.stream(rows).filter(mustShow::contains).toArray();
        int[] rest = Arrays.stream(rows).filter(r -> !mustShow.contains(r)).toArray();
        Random rnd = new Random(seed);
        for (int i = rest.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int s = rest[i];
            rest[i] = rest[j];
            rest[j] = s;
        }
        int take = Math.max(0, MAX_POINTS - must.length);
        int[] out = Arrays.copyOf(must, must.length + Math.min(take, rest.length));
        System.arraycopy(rest, 0, out, must.length, out.length - must.length);
        Arrays.sort(out);
        return out;
    }
}

package dev.xfer.head.forest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grows one classification tree as scikit-learn's forests do: Gini impurity, sqrt(features) candidates per node
 * (more are drawn while none splits), no depth limit, split while a node holds two rows or more and is impure.
 * Rows carry weights (bootstrap counts times class weights). Sorting a node's rows by a feature uses one
 * primitive sort of packed (value, row) keys.
 */
final class TreeGrower {
    private final float[] x;
    private final int dim;
    private final int[] y;
    private final int classes;
    private final int tries;
    private final SplittableRandom rnd;
    private final List<int[]> nodes = new ArrayList<>();
    private final List<Float> thresholds = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();

    TreeGrower(float[] x, int dim, int[] y, int classes, int tries, SplittableRandom rnd) {
        this.x = x;
        this.dim = dim;
        this.y = y;
        this.classes = classes;
        this.tries = tries;
        this.rnd = rnd;
    }

    /** A tree on the rows with a positive weight. */
    Tree grow(double[] weight) {
        int[] rows = java.util.stream.IntStream.range(0, weight.length).filter(i -> weight[i] > 0).toArray();
        split(rows, weight);
        int n = nodes.size();
        int[] feature = new int[n];
        int[] left = new int[n];
        int[] right = new int[n];
        float[] threshold = new float[n];
        float[][] value = new float[n][];
        for (int i = 0; i < n; i++) {
            int[] node = nodes.get(i);
            feature[i] = node[0];
            left[i] = node[1];
            right[i] = node[2];
            threshold[i] = thresholds.get(i);
            value[i] = values.get(i);
        }
        return new Tree(feature, threshold, left, right, value);
    }

    /** Adds the node for {@code rows} and, depth first, its children; returns its index. */
    private int split(int[] rows, double[] w) {
        int id = nodes.size();
        double[] counts = new double[classes];
        double total = 0;
        for (int r : rows) {
            counts[y[r]] += w[r];
            total += w[r];
        }
        nodes.add(new int[] {-1, 0, 0});
        thresholds.add(0f);
        values.add(null);
        Best best = rows.length >= 2 && impure(counts) ? bestSplit(rows, w, counts, total) : null;
        if (best == null) {
            float[] v = new float[classes];
            for (int c = 0; c < classes; c++) {
                v[c] = (float) (counts[c] / total);
            }
            values.set(id, v);
            return id;
        }
        int nLeft = 0;
        for (int r : rows) {
            nLeft += x[r * dim + best.feature] <= best.threshold ? 1 : 0;
        }
        int[] l = new int[nLeft];
        int[] rr = new int[rows.length - nLeft];
        int a = 0;
        int b = 0;
        for (int r : rows) {
            if (x[r * dim + best.feature] <= best.threshold) {
                l[a++] = r;
            } else {
                rr[b++] = r;
            }
        }
        int leftId = split(l, w);
        int rightId = split(rr, w);
        nodes.set(id, new int[] {best.feature, leftId, rightId});
        thresholds.set(id, best.threshold);
        return id;
    }

    private static boolean impure(double[] counts) {
        int nonZero = 0;
        for (double c : counts) {
            nonZero += c > 0 ? 1 : 0;
        }
        return nonZero > 1;
    }

    private record Best(int feature, float threshold) {
    }

    private Best bestSplit(int[] rows, double[] w, double[] counts, double total) {
        int[] order = new int[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
        }
        long[] keys = new long[rows.length];
        double[] leftCounts = new double[classes];
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestFeature = -1;
        float bestThreshold = 0;
        double parentSq = 0;
        for (double c : counts) {
            parentSq += c * c;
        }
        // Fisher-Yates over the features: the first `tries` are the candidates, more only while none splits
        for (int t = 0; t < dim && (t < tries || bestFeature < 0); t++) {
            int pick = t + rnd.nextInt(dim - t);
            int f = order[pick];
            order[pick] = order[t];
            order[t] = f;
            for (int i = 0; i < rows.length; i++) {
                keys[i] = (long) sortable(x[rows[i] * dim + f]) << 32 | rows[i];
            }
            Arrays.sort(keys);
            Arrays.fill(leftCounts, 0);
            double leftTotal = 0;
            double leftSq = 0;
            double rightSq = parentSq;
            for (int i = 0; i < rows.length - 1; i++) {
                int r = (int) keys[i];
                double wr = w[r];
                int c = y[r];
                double lc = leftCounts[c];
                double rc = counts[c] - lc;
                leftSq += wr * (2 * lc + wr);
                rightSq -= wr * (2 * rc - wr);
                leftCounts[c] = lc + wr;
                leftTotal += wr;
                int next = (int) (keys[i + 1] >>> 32);
                if ((int) (keys[i] >>> 32) == next) {
                    continue; // no threshold between equal values
                }
                double rightTotal = total - leftTotal;
                // maximising sum over children of (sum of squared class weights / child weight) minimises the
                // weighted Gini impurity
                double score = leftSq / leftTotal + rightSq / rightTotal;
                if (score > bestScore + 1e-12) {
                    bestScore = score;
                    bestFeature = f;
                    float lo = x[r * dim + f];
                    float hi = x[(int) keys[i + 1] * dim + f];
                    float mid = lo / 2 + hi / 2;
                    bestThreshold = mid < hi ? mid : lo;
                }
            }
        }
        return bestFeature < 0 ? null : new Best(bestFeature, bestThreshold);
    }

    /** Float bits as an int whose signed order is the floats' order. */
    private static int sortable(float v) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }
}

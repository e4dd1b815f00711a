package dev.xfer.head.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A class weight is in the loss, as scikit-learn's class_weight: a weight of 3 on a class finds the same model as
 * that class's rows given three times (the standardised rows are the same in both, so only the loss differs).
 */
class ClassWeightsInTheLossTest {
    private static final int DIM = 4;

    /** Rows of {@code classes} overlapping gaussian classes, class c around c on the first feature. */
    private static double[] rows(int n, int classes, int[] y, long seed) {
        Random r = new Random(seed);
        double[] z = new double[n * DIM];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < DIM; j++) {
                z[i * DIM + j] = r.nextGaussian() + (j == 0 ? y[i] : 0);
            }
        }
        return z;
    }

    /** The rows with every row of class {@code c} repeated {@code times} times. */
    private static double[] repeat(double[] z, int[] y, int c, int times, int[][] yOut) {
        int extra = (int) Arrays.stream(y).filter(v -> v == c).count() * (times - 1);
        double[] out = Arrays.copyOf(z, z.length + extra * DIM);
        int[] ys = Arrays.copyOf(y, y.length + extra);
        int at = y.length;
        for (int i = 0; i < y.length; i++) {
            for (int t = 1; t < times && y[i] == c; t++, at++) {
                System.arraycopy(z, i * DIM, out, at * DIM, DIM);
                ys[at] = c;
            }
        }
        yOut[0] = ys;
        return out;
    }

    @Test
    void logisticRegressionWeightsAreRepeatedRows() {
        int n = 150;
        int[] y = new int[n];
        double[] z = rows(n, 3, y, 1);
        double[][] w = new double[3][DIM];
        double[] b = new double[3];
        WeightedLogistic.fit(z, n, DIM, y, 3, new double[] {1, 1, 3}, 0.5, w, b);
        int[][] ys = new int[1][];
        double[] zr = repeat(z, y, 2, 3, ys);
        double[][] wr = new double[3][DIM];
        double[] br = new double[3];
        WeightedLogistic.fit(zr, ys[0].length, DIM, ys[0], 3, new double[] {1, 1, 1}, 0.5, wr, br);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(wr[c], w[c], 1e-3, "class " + c);
            assertEquals(br[c], b[c], 1e-3, "intercept " + c);
        }
        assertEquals(0.0, Arrays.stream(w[2]).map(Math::abs).sum(), "the reference class is scored 0");
    }

    @Test
    void linearSvmWeightsAreRepeatedRows() {
        int n = 120;
        int[] y = new int[n];
        double[] z = rows(n, 2, y, 2);
        boolean[] pos = new boolean[n];
        double[] cost = new double[n];
        for (int i = 0; i < n; i++) {
            pos[i] = y[i] == 1;
            cost[i] = pos[i] ? 3 * 0.2 : 0.2;
        }
        double[] wb = new double[DIM + 1];
        LinearSvmFit.solve(z, n, DIM, pos, cost, wb, new SplittableRandom(1));
        int[][] ys = new int[1][];
        double[] zr = repeat(z, y, 1, 3, ys);
        int m = ys[0].length;
        boolean[] posr = new boolean[m];
        double[] costr = new double[m];
        for (int i = 0; i < m; i++) {
            posr[i] = ys[0][i] == 1;
            costr[i] = 0.2;
        }
        double[] wbr = new double[DIM + 1];
        LinearSvmFit.solve(zr, m, DIM, posr, costr, wbr, new SplittableRandom(1));
        assertArrayEquals(wbr, wb, 2e-3);
    }
}

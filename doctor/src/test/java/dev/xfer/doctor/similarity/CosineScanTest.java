package dev.xfer.doctor.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked scan against a plain double-precision loop over every pair. */
class CosineScanTest {

    @Test
    void neighboursAndPairsEqualABruteForceScan() throws Exception {
        int n = 301; // not a multiple of the tile (128) nor of the 4 rows done at once
        int d = 37;
        Random rnd = new Random(5);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        // planted near copies: row b = row a plus a little noise
        int[][] copies = {{3, 250}, {130, 131}, {0, 300}};
        for (int[] c : copies) {
            for (int k = 0; k < d; k++) {
                x[c[1] * d + k] = x[c[0] * d + k] + 0.05f * (float) rnd.nextGaussian();
            }
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        float[] u = UnitRows.of(x, d, all);
        int k = 6;
        CosineScan.Result java = CosineScan.scan(u, n, d, k, 0.9, 2, Progress.SILENT, null);
        assertTrue(BlasProducts.available(), "OpenBLAS loads on the build machines (libopenblas0)");
        CosineScan.Result blas = CosineScan.scan(u, n, d, k, 0.9, 1, Progress.SILENT);
        for (CosineScan.Result r : List.of(java, blas)) {
            check(r, u, n, d, k);
        }
    }

    private static void check(CosineScan.Result r, float[] u, int n, int d, int k) {

        List<String> expected = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            double[] s = new double[n];
            for (int b = 0; b < n; b++) {
                s[b] = a == b ? Double.NEGATIVE_INFINITY : UnitRows.dot(u, d, a, b);
                if (b > a && s[b] >= 0.9) {
                    expected.add(a + "-" + b);
                }
            }
            Integer[] order = java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
            for (int j = 0; j < k; j++) {
                assertEquals(s[order[j]], r.similarity()[a * k + j], 1e-5, "row " + a + " neighbour " + j);
                assertEquals(s[r.neighbours()[a * k + j]], r.similarity()[a * k + j], 1e-5);
            }
        }
        assertEquals(List.of("0-300", "3-250", "130-131"), expected, "the brute force finds the planted copies");
        assertEquals(expected, r.pairs().stream().map(p -> p.a() + "-" + p.b()).toList());
        assertEquals(250, r.neighbours()[3 * k]);
    }

    @Test
    void blasTilesSpanningTheEdgesEqualTheJavaLoop() throws Exception {
        int n = CosineScan.BLAS_TILE + 37;
        int d = 9;
        Random rnd = new Random(11);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        float[] u = UnitRows.of(x, d, java.util.stream.IntStream.range(0, n).toArray());
        CosineScan.Result a = CosineScan.scan(u, n, d, 3, 0.97, 2, Progress.SILENT, null);
        CosineScan.Result b = CosineScan.scan(u, n, d, 3, 0.97, 1, Progress.SILENT);
        assertEquals(a.pairs().size(), b.pairs().size());
        assertTrue(a.pairs().size() > 10, "pairs to compare: " + a.pairs().size());
        for (int i = 0; i < a.similarity().length; i++) {
            assertEquals(a.similarity()[i], b.similarity()[i], 1e-5);
        }
    }

    @Test
    void aThresholdThatKeepsEverythingIsRefused() {
        int n = 300;
        float[] u = new float[n * 2];
        for (int i = 0; i < n; i++) {
            u[i * 2] = 1;
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> CosineScan.scan(u, n, 2, 3, 0.5, 1, Progress.SILENT, null));
        assertTrue(e.getMessage().contains("raise --threshold"), e.getMessage());
    }
}

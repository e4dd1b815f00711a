package dev.xfer.head.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heads' products and solves against plain definitions. */
class ProductsTest {
    @Test
    void blockedBlasAndJavaProductsAgreeWithTheDefinition() {
        int m = 37;
        int n = 301;
        int d = 65;
        Random r = new Random(2);
        float[] a = new float[m * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        float[] java = Products.timesTransposed(a, m, Products.transpose(b, n, d), n, d);
        float[] blas = new Blas(b, n, d).timesTransposed(a, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = 0;
                for (int k = 0; k < d; k++) {
                    want += (double) a[i * d + k] * b[j * d + k];
                }
                assertEquals(want, java[i * n + j], 1e-4, "java " + i + "," + j);
                assertEquals(want, blas[i * n + j], 1e-4, (Blas.available() ? "blas " : "fallback ") + i + "," + j);
            }
        }
    }

    @Test
    void choleskySolvesAndRefusesASingularMatrix() {
        double[] x = {4, 1, 0, 1, 3, 1, 0, 1, 2};
        double[] sol = Cholesky.of(x, 3, 1e-10).orElseThrow().solve(new double[] {1, 2, 3});
        double[] back = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                back[i] += x[i * 3 + k] * sol[k];
            }
        }
        assertEquals(1, back[0], 1e-12);
        assertEquals(2, back[1], 1e-12);
        assertEquals(3, back[2], 1e-12);
        assertTrue(Cholesky.of(new double[] {1, 2, 2, 4}, 2, 1e-10).isEmpty(), "rank one");
    }
}

package dev.xfer.head.math;

/**
 * Products of row-major double matrices. Inner loops run along contiguous rows with no reduction, the shape
 * C2 turns into SIMD; a dot-product loop would stay scalar because floating-point sums may not be reordered.
 */
public final class Products {
    /** Columns of the result per pass: four such rows of doubles and a row of the right side stay in L1. */
    private static final int BLOCK = 256;

    private Products() {
    }

    /**
     * {@code a * b^T} in single precision (twice the numbers per SIMD register of doubles): {@code a} is m x d,
     * {@code bt} is b transposed (d x n), the result m x n.
     */
    public static float[] timesTransposed(float[] a, int m, float[] bt, int n, int d) {
        float[] c = new float[m * n];
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int c0 = i * n;
                int c1 = c0 + n;
                int c2 = c1 + n;
                int c3 = c2 + n;
                for (int k = 0; k < d; k++) {
                    float a0 = a[i * d + k];
                    float a1 = a[(i + 1) * d + k];
                    float a2 = a[(i + 2) * d + k];
                    float a3 = a[(i + 3) * d + k];
                    int tk = k * n;
                    for (int j = j0; j < j1; j++) {
                        float v = bt[tk + j];
                        c[c0 + j] += a0 * v;
                        c[c1 + j] += a1 * v;
                        c[c2 + j] += a2 * v;
                        c[c3 + j] += a3 * v;
                    }
                }
            }
            for (; i < m; i++) {
                int ci = i * n;
                for (int k = 0; k < d; k++) {
                    float aik = a[i * d + k];
                    int tk = k * n;
                    for (int j = j0; j < j1; j++) {
                        c[ci + j] += aik * bt[tk + j];
                    }
                }
            }
        }
        return c;
    }

    /** The d x n transpose of an n x d single-precision matrix. */
    public static float[] transpose(float[] b, int n, int d) {
        float[] t = new float[d * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                t[k * n + i] = b[i * d + k];
            }
        }
        return t;
    }

    /** {@code x^T x} of an n x d matrix (d x d, both triangles filled). */
    public static double[] gram(double[] x, int n, int d) {
        double[] s = new double[d * d];
        for (int i = 0; i < n; i++) {
            int r = i * d;
            for (int a = 0; a < d; a++) {
                double v = x[r + a];
                if (v == 0) {
                    continue;
                }
                int sa = a * d;
                for (int b = a; b < d; b++) {
                    s[sa + b] += v * x[r + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                s[a * d + b] = s[b * d + a];
            }
        }
        return s;
    }

    /** Squared Euclidean norm of each row, summed in double precision. */
    public static double[] rowNorms(float[] x, int n, int d) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                double v = x[i * d + k];
                s += v * v;
            }
            r[i] = s;
        }
        return r;
    }
}

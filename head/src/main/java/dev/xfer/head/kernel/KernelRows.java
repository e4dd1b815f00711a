package dev.xfer.head.kernel;

import dev.xfer.head.math.Blas;

/**
 * Rows of the Gaussian kernel matrix K_ij = exp(-gamma |x_i - x_j|^2) of the training rows, computed when SMO
 * first asks and kept up to a memory budget (then the oldest cached row makes room). A row is one product of
 * x_i with every row; where BLAS loads and the whole matrix fits the budget, all rows are computed at once.
 */
final class KernelRows {
    private static final long BUDGET_BYTES = 256L << 20;

    private final float[] transposed;
    private final float[] x;
    private final double[] norms;
    private final int n;
    private final int dim;
    private final double gamma;
    private final float[][] cache;
    private final int[] ring;
    private int ringNext;
    private int cached;

    KernelRows(float[] x, int n, int dim, double gamma) {
        this.x = x;
        this.n = n;
        this.dim = dim;
        this.gamma = gamma;
        this.norms = dev.xfer.head.math.Products.rowNorms(x, n, dim);
        this.cache = new float[n][];
        this.ring = new int[(int) Math.max(2, Math.min(n, BUDGET_BYTES / (4L * n)))];
        java.util.Arrays.fill(ring, -1);
        boolean whole = Blas.available() && ring.length == n;
        // the transposed rows serve only rows computed one at a time: the whole matrix needs none
        this.transposed = whole ? null : dev.xfer.head.math.Products.transpose(x, n, dim);
        if (whole) {
            whole();
        }
    }

    /**
     * Every row at once, a block of rows per {@code sgemm}: SMO asks for most rows sooner or later, and one
     * product of all of them runs at BLAS speed where rows one at a time would not.
     */
    private void whole() {
        Blas products = new Blas(x, n, dim);
        int block = 256;
        for (int i0 = 0; i0 < n; i0 += block) {
            int m = Math.min(block, n - i0);
            float[] dot = products.timesTransposed(java.util.Arrays.copyOfRange(x, i0 * dim, (i0 + m) * dim), m);
            for (int i = 0; i < m; i++) {
                float[] r = java.util.Arrays.copyOfRange(dot, i * n, (i + 1) * n);
                toKernel(i0 + i, r);
                cache[i0 + i] = r;
                ring[i0 + i] = i0 + i;
            }
        }
        cached = n;
        ringNext = 0;
    }

    private void toKernel(int i, float[] dot) {
        for (int t = 0; t < n; t++) {
            dot[t] = (float) Math.exp(-gamma * Math.max(0, norms[i] + norms[t] - 2.0 * dot[t]));
        }
    }

    double diagonal(int i) {
        return 1;
    }

    float[] row(int i) {
        float[] r = cache[i];
        if (r != null) {
            return r;
        }
        r = new float[n];
        int base = i * dim;
        for (int k = 0; k < dim; k++) {
            float xk = x[base + k];
            int tk = k * n;
            for (int t = 0; t < n; t++) {
                r[t] += xk * transposed[tk + t];
            }
        }
        toKernel(i, r);
        if (ring[ringNext] >= 0) {
            cache[ring[ringNext]] = null;
        } else {
            cached++;
        }
        ring[ringNext] = i;
        ringNext = (ringNext + 1) % ring.length;
        cache[i] = r;
        return r;
    }

    int cached() {
        return cached;
    }
}

package dev.xfer.head.kernel;

/**
 * Rows of the Gaussian kernel matrix K_ij = exp(-gamma |x_i - x_j|^2) of the training rows, computed when SMO
 * first asks and kept up to a memory budget (then the oldest cached row makes room). A row is one product of
 * x_i with the transposed rows, in the contiguous form the JIT vectorises.
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
        this.transposed = dev.xfer.head.math.Products.transpose(x, n, dim);
        this.norms = dev.xfer.head.math.Products.rowNorms(x, n, dim);
        this.cache = new float[n][];
        this.ring = new int[(int) Math.max(2, Math.min(n, BUDGET_BYTES / (4L * n)))];
        java.util.Arrays.fill(ring, -1);
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
        for (int t = 0; t < n; t++) {
            r[t] = (float) Math.exp(-gamma * Math.max(0, norms[i] + norms[t] - 2.0 * r[t]));
        }
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

package dev.xfer.head.math;

import java.util.Optional;

/** The Cholesky factor L (lower, row-major) of a symmetric positive definite matrix, and solves with it. */
public final class Cholesky {
    private final double[] l;
    private final int d;

    private Cholesky(double[] l, int d) {
        this.l = l;
        this.d = d;
    }

    /**
     * Factors {@code a} (d x d), or empty when a pivot falls to {@code relativeFloor} times the largest diagonal
     * entry or below: the matrix is singular or too badly conditioned to invert usefully.
     */
    public static Optional<Cholesky> of(double[] a, int d, double relativeFloor) {
        double maxDiag = 0;
        for (int i = 0; i < d; i++) {
            maxDiag = Math.max(maxDiag, a[i * d + i]);
        }
        double floor = Math.max(relativeFloor * maxDiag, Double.MIN_NORMAL);
        double[] l = new double[d * d];
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            int lj = j * d;
            for (int k = 0; k < j; k++) {
                s -= l[lj + k] * l[lj + k];
            }
            if (!(s > floor)) {
                return Optional.empty();
            }
            double ljj = Math.sqrt(s);
            l[lj + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                int li = i * d;
                double t = a[li + j];
                for (int k = 0; k < j; k++) {
                    t -= l[li + k] * l[lj + k];
                }
                l[li + j] = t / ljj;
            }
        }
        return Optional.of(new Cholesky(l, d));
    }

    /** x with A x = b. */
    public double[] solve(double[] b) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * d + k] * y[k];
            }
            y[i] = s / l[i * d + i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k * d + i] * x[k];
            }
            x[i] = s / l[i * d + i];
        }
        return x;
    }
}

package dev.xfer.head.linear;

import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LinearSvmSpec;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A linear SVM with the squared hinge loss and an L2 penalty, one machine per class against the rest (one for
 * two classes), solved in the dual by coordinate descent with shrinking (Hsieh et al., ICML 2008), as
 * LIBLINEAR and scikit-learn's LinearSVC do; the intercept is a constant feature of 1, regularised with the
 * rest. Each machine's decision values get a Platt sigmoid for probabilities. Class weights scale C per row as
 * LIBLINEAR (and so scikit-learn's LinearSVC) does: with two classes each class's rows get C * its weight; with
 * more, a machine's positive rows get C * their class's weight and the rest C; its Platt sigmoid is fitted with
 * the same weights.
 */
public final class LinearSvmFit {
    private static final int MAX_ITERATIONS = 1000;
    private static final double TOLERANCE = 1e-4;

    private LinearSvmFit() {
    }

    /** Fits {@code spec}; {@code classWeights} is one weight per class, or null for none. */
    public static LinearModel fit(LinearSvmSpec spec, float[] x, int rows, int dim, int[] y, int classes,
                                  double[] classWeights) {
        Standardizer scaler = Standardizer.fit(x, rows, dim);
        double[] z = scaler.applyAll(x, rows, dim);
        int machines = classes == 2 ? 1 : classes;
        double[][] w = new double[machines][];
        double[] b = new double[machines];
        double[][] platt = new double[machines][];
        int worst = 0;
        for (int m = 0; m < machines; m++) {
            int positive = classes == 2 ? 1 : m;
            boolean[] pos = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                pos[i] = y[i] == positive;
            }
            double[] cost = new double[rows];
            for (int i = 0; i < rows; i++) {
                double weight = classWeights == null ? 1 : classes == 2 || pos[i] ? classWeights[y[i]] : 1;
                cost[i] = spec.c() * weight;
            }
            double[] wb = new double[dim + 1];
            worst = Math.max(worst, solve(z, rows, dim, pos, cost, wb, new SplittableRandom(spec.seed() + m)));
            w[m] = java.util.Arrays.copyOf(wb, dim);
            b[m] = wb[dim];
            double[] f = new double[rows];
            for (int i = 0; i < rows; i++) {
                double s = b[m];
                for (int j = 0; j < dim; j++) {
                    s += w[m][j] * z[i * dim + j];
                }
                f[i] = s;
            }
            double[] rowWeight = null;
            if (classWeights != null) {
                rowWeight = new double[rows];
                for (int i = 0; i < rows; i++) {
                    rowWeight[i] = cost[i] / spec.c();
                }
            }
            platt[m] = Platt.fit(f, pos, rowWeight);
        }
        return new LinearModel(HeadType.SVM, new LinearModel.Stored(LinearModel.Link.PLATT, w, b, platt,
                Map.of("iterations", worst)), scaler, dim, classes);
    }

    /**
     * Fills {@code wb} (weights then intercept) with each row's C in {@code cost} (a row of C 0 takes no part);
     * returns the outer iterations used.
     */
    static int solve(double[] z, int n, int d, boolean[] positive, double[] cost, double[] wb, SplittableRandom rnd) {
        double[] diag = new double[n];
        double[] alpha = new double[n];
        double[] qd = new double[n];
        int[] index = new int[n];
        int rows = 0;
        for (int i = 0; i < n; i++) {
            if (cost[i] <= 0) {
                continue;
            }
            diag[i] = 0.5 / cost[i];
            double s = 1; // the intercept's constant feature
            for (int j = 0; j < d; j++) {
                s += z[i * d + j] * z[i * d + j];
            }
            qd[i] = s + diag[i];
            index[rows++] = i;
        }
        n = rows;
        double pgMaxOld = Double.POSITIVE_INFINITY;
        int active = n;
        int iter = 0;
        while (iter < MAX_ITERATIONS) {
            double pgMax = Double.NEGATIVE_INFINITY;
            double pgMin = Double.POSITIVE_INFINITY;
            for (int s = 0; s < active; s++) {
                int t = s + rnd.nextInt(active - s);
                int tmp = index[s];
                index[s] = index[t];
                index[t] = tmp;
            }
            for (int s = 0; s < active; s++) {
                int i = index[s];
                double yi = positive[i] ? 1 : -1;
                int zi = i * d;
                double dot = wb[d];
                for (int j = 0; j < d; j++) {
                    dot += wb[j] * z[zi + j];
                }
                double g = yi * dot - 1 + alpha[i] * diag[i];
                double pg = 0;
                if (alpha[i] == 0) {
                    if (g > pgMaxOld) {
                        active--;
                        index[s] = index[active];
                        index[active] = i;
                        s--;
                        continue;
                    }
                    if (g < 0) {
                        pg = g;
                    }
                } else {
                    pg = g;
                }
                pgMax = Math.max(pgMax, pg);
                pgMin = Math.min(pgMin, pg);
                if (Math.abs(pg) > 1e-12) {
                    double old = alpha[i];
                    alpha[i] = Math.max(old - g / qd[i], 0);
                    double step = (alpha[i] - old) * yi;
                    for (int j = 0; j < d; j++) {
                        wb[j] += step * z[zi + j];
                    }
                    wb[d] += step;
                }
            }
            iter++;
            if (pgMax - pgMin <= TOLERANCE) {
                if (active == n) {
                    break;
                }
                active = n;
                pgMaxOld = Double.POSITIVE_INFINITY;
                continue;
            }
            // with no upper bound on alpha (squared hinge) only the lower side is ever shrunk
            pgMaxOld = pgMax <= 0 ? Double.POSITIVE_INFINITY : pgMax;
        }
        return iter;
    }
}

package dev.xfer.head.linear;

import smile.math.BFGS;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * Logistic regression with per-class weights on the loss, as scikit-learn's {@code class_weight} makes it:
 * minimises sum_i w(y_i) * logloss_i + (1 / 2C) * ||W||^2 (intercepts not penalised), in the parametrisation Smile
 * uses (one reference class scored 0: class 0 for two classes, the last for more), by the same L-BFGS, so with
 * every weight 1 it finds Smile's solution.
 */
final class WeightedLogistic implements DifferentiableMultivariateFunction {
    private final double[] z;
    private final int n;
    private final int d;
    private final int[] y;
    private final int k;
    private final int reference;
    private final double[] rowWeight;
    private final double lambda;

    private WeightedLogistic(double[] z, int n, int d, int[] y, int k, double[] classWeights, double lambda) {
        this.z = z;
        this.n = n;
        this.d = d;
        this.y = y;
        this.k = k;
        this.reference = k == 2 ? 0 : k - 1;
        this.rowWeight = new double[n];
        for (int i = 0; i < n; i++) {
            rowWeight[i] = classWeights[y[i]];
        }
        this.lambda = lambda;
    }

    /**
     * Fits on standardised rows {@code z} (row-major); fills {@code w} and {@code b} (one row per class, the
     * reference class's left 0).
     */
    static void fit(double[] z, int n, int d, int[] y, int k, double[] classWeights, double c, double[][] w,
                    double[] b) {
        WeightedLogistic f = new WeightedLogistic(z, n, d, y, k, classWeights, 1.0 / c);
        double[] theta = new double[(k - 1) * (d + 1)];
        BFGS.minimize(f, 5, theta, 1e-5, 500);
        for (int j = 0, v = 0; j < k; j++) {
            if (j == f.reference) {
                continue;
            }
            System.arraycopy(theta, v * (d + 1), w[j], 0, d);
            b[j] = theta[v * (d + 1) + d];
            v++;
        }
    }

    /** The vector index of class {@code j}, or -1 for the reference class. */
    private int slot(int j) {
        return j == reference ? -1 : j < reference ? j : j - 1;
    }

    @Override
    public double f(double[] theta) {
        return g(theta, null);
    }

    @Override
    public double g(double[] theta, double[] grad) {
        if (grad != null) {
            java.util.Arrays.fill(grad, 0);
        }
        double[] logit = new double[k];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double max = 0;
            for (int j = 0; j < k; j++) {
                int s = slot(j);
                double v = 0;
                if (s >= 0) {
                    int o = s * (d + 1);
                    v = theta[o + d];
                    for (int t = 0; t < d; t++) {
                        v += theta[o + t] * z[i * d + t];
                    }
                }
                logit[j] = v;
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logit[j] - max);
            }
            double lse = max + Math.log(sum);
            loss += rowWeight[i] * (lse - logit[y[i]]);
            if (grad != null && rowWeight[i] != 0) {
                for (int j = 0; j < k; j++) {
                    int s = slot(j);
                    if (s < 0) {
                        continue;
                    }
                    double r = rowWeight[i] * (Math.exp(logit[j] - lse) - (y[i] == j ? 1 : 0));
                    int o = s * (d + 1);
                    for (int t = 0; t < d; t++) {
                        grad[o + t] += r * z[i * d + t];
                    }
                    grad[o + d] += r;
                }
            }
        }
        for (int s = 0; s < k - 1; s++) {
            int o = s * (d + 1);
            for (int t = 0; t < d; t++) {
                loss += 0.5 * lambda * theta[o + t] * theta[o + t];
                if (grad != null) {
                    grad[o + t] += lambda * theta[o + t];
                }
            }
        }
        return loss;
    }
}

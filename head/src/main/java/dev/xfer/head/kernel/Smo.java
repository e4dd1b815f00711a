package dev.xfer.head.kernel;

/**
 * Solves the C-SVM dual, min 1/2 a'Qa - e'a with 0 <= a <= C and y'a = 0, Q_ij = y_i y_j K(x_i, x_j), by SMO with
 * the second-order working-set selection of Fan, Chen and Lin (JMLR 2005), the algorithm LIBSVM and so
 * scikit-learn's SVC use, stopping at the same tolerance (1e-3).
 */
final class Smo {
    private static final double TAU = 1e-12;
    private static final double EPS = 1e-3;

    /** The dual solution: coefficients a_i y_i and the offset rho of f(x) = sum a_i y_i K(x_i, x) - rho. */
    record Solution(double[] coef, double rho, int iterations) {
    }

    private Smo() {
    }

    static Solution solve(KernelRows k, byte[] y, double c) {
        int n = y.length;
        double[] alpha = new double[n];
        double[] g = new double[n];
        java.util.Arrays.fill(g, -1);
        int maxIterations = Math.max(10_000_000, 100 * n);
        int iter = 0;
        while (iter < maxIterations) {
            // i: the most violating index going up; j: the best partner by the second-order gain
            double gMax = Double.NEGATIVE_INFINITY;
            int i = -1;
            for (int t = 0; t < n; t++) {
                if (y[t] == 1 ? alpha[t] < c : alpha[t] > 0) {
                    double v = -y[t] * g[t];
                    if (v >= gMax) {
                        gMax = v;
                        i = t;
                    }
                }
            }
            if (i < 0) {
                break;
            }
            float[] ki = k.row(i);
            double gMax2 = Double.NEGATIVE_INFINITY;
            double bestObj = Double.POSITIVE_INFINITY;
            int j = -1;
            for (int t = 0; t < n; t++) {
                if (y[t] == 1 ? alpha[t] > 0 : alpha[t] < c) {
                    double v = y[t] * g[t];
                    gMax2 = Math.max(gMax2, v);
                    double diff = gMax + v;
                    if (diff > 0) {
                        double quad = k.diagonal(i) + k.diagonal(t) - 2.0 * ki[t];
                        double obj = -(diff * diff) / (quad > 0 ? quad : TAU);
                        if (obj <= bestObj) {
                            bestObj = obj;
                            j = t;
                        }
                    }
                }
            }
            if (gMax + gMax2 < EPS || j < 0) {
                break;
            }
            iter++;
            float[] kj = k.row(j);
            ki = k.row(i); // the cache may have dropped it while fetching j
            double oldI = alpha[i];
            double oldJ = alpha[j];
            double qij = y[i] * y[j] * (double) ki[j];
            if (y[i] != y[j]) {
                double quad = k.diagonal(i) + k.diagonal(j) + 2 * qij;
                double delta = (-g[i] - g[j]) / (quad > 0 ? quad : TAU);
                double diff = alpha[i] - alpha[j];
                alpha[i] += delta;
                alpha[j] += delta;
                if (diff > 0) {
                    if (alpha[j] < 0) {
                        alpha[j] = 0;
                        alpha[i] = diff;
                    }
                } else if (alpha[i] < 0) {
                    alpha[i] = 0;
                    alpha[j] = -diff;
                }
                if (diff > 0) {
                    if (alpha[i] > c) {
                        alpha[i] = c;
                        alpha[j] = c - diff;
                    }
                } else if (alpha[j] > c) {
                    alpha[j] = c;
                    alpha[i] = c + diff;
                }
            } else {
                double quad = k.diagonal(i) + k.diagonal(j) - 2 * qij;
                double delta = (g[i] - g[j]) / (quad > 0 ? quad : TAU);
                double sum = alpha[i] + alpha[j];
                alpha[i] -= delta;
                alpha[j] += delta;
                if (sum > c) {
                    if (alpha[i] > c) {
                        alpha[i] = c;
                        alpha[j] = sum - c;
                    }
                } else if (alpha[j] < 0) {
                    alpha[j] = 0;
                    alpha[i] = sum;
                }
                if (sum > c) {
                    if (alpha[j] > c) {
                        alpha[j] = c;
                        alpha[i] = sum - c;
                    }
                } else if (alpha[i] < 0) {
                    alpha[i] = 0;
                    alpha[j] = sum;
                }
            }
            // G_t += Q_ti dA_i + Q_tj dA_j, with Q_ti = y_t y_i K_ti
            double di = (alpha[i] - oldI) * y[i];
            double dj = (alpha[j] - oldJ) * y[j];
            for (int t = 0; t < n; t++) {
                g[t] += y[t] * (ki[t] * di + kj[t] * dj);
            }
        }
        return new Solution(coefficients(alpha, y), rho(alpha, g, y, c), iter);
    }

    private static double[] coefficients(double[] alpha, byte[] y) {
        double[] coef = new double[alpha.length];
        for (int t = 0; t < alpha.length; t++) {
            coef[t] = alpha[t] * y[t];
        }
        return coef;
    }

    /** The mean of y_t G_t over free variables, else the middle of the feasible interval (LIBSVM's rule). */
    private static double rho(double[] alpha, double[] g, byte[] y, double c) {
        double ub = Double.POSITIVE_INFINITY;
        double lb = Double.NEGATIVE_INFINITY;
        double sumFree = 0;
        int free = 0;
        for (int t = 0; t < alpha.length; t++) {
            double yg = y[t] * g[t];
            if (alpha[t] >= c) {
                if (y[t] == -1) {
                    ub = Math.min(ub, yg);
                } else {
                    lb = Math.max(lb, yg);
                }
            } else if (alpha[t] <= 0) {
                if (y[t] == 1) {
                    ub = Math.min(ub, yg);
                } else {
                    lb = Math.max(lb, yg);
                }
            } else {
                free++;
                sumFree += yg;
            }
        }
        return free > 0 ? sumFree / free : (ub + lb) / 2;
    }
}

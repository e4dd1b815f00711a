package dev.xfer.head.linear;

/**
 * Platt's sigmoid from decision values to probabilities, fitted by Newton's method with backtracking on
 * Platt's smoothed targets (Lin, Lin and Weng, "A note on Platt's probabilistic outputs", 2007).
 */
public final class Platt {
    private Platt() {
    }

    /** P(positive | f) for parameters {A, B}. */
    public static double probability(double[] ab, double f) {
        double t = ab[0] * f + ab[1];
        return t >= 0 ? Math.exp(-t) / (1 + Math.exp(-t)) : 1 / (1 + Math.exp(t));
    }

    /**
     * Class probabilities from machines' Platt probabilities {@code q}: one machine is class 1 of two; several
     * (one per class against the rest) are normalised to sum to one.
     */
    public static void toClasses(double[] q, double[] p) {
        if (q.length == 1) {
            p[1] = q[0];
            p[0] = 1 - q[0];
            return;
        }
        double sum = 0;
        for (double v : q) {
            sum += v;
        }
        for (int c = 0; c < q.length; c++) {
            p[c] = sum > 0 ? q[c] / sum : 1.0 / q.length;
        }
    }

    /** {A, B} for decision values {@code f} of rows whose label is {@code positive[i]}. */
    public static double[] fit(double[] f, boolean[] positive) {
        return fit(f, positive, null);
    }

    /**
     * As {@link #fit(double[], boolean[])} with a weight per row (null: all 1) in the likelihood and the priors,
     * so a machine trained with class weights is calibrated with them too.
     */
    public static double[] fit(double[] f, boolean[] positive, double[] weight) {
        int n = f.length;
        double[] w = weight != null ? weight : new double[n];
        if (weight == null) {
            java.util.Arrays.fill(w, 1);
        }
        double prior1 = 0;
        double prior0 = 0;
        for (int i = 0; i < n; i++) {
            prior1 += positive[i] ? w[i] : 0;
            prior0 += positive[i] ? 0 : w[i];
        }
        double hi = (prior1 + 1) / (prior1 + 2);
        double lo = 1 / (prior0 + 2);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = positive[i] ? hi : lo;
        }
        double a = 0;
        double b = Math.log((prior0 + 1) / (prior1 + 1));
        double fval = objective(f, t, w, a, b);
        for (int it = 0; it < 100; it++) {
            double h11 = 1e-12;
            double h22 = 1e-12;
            double h21 = 0;
            double g1 = 0;
            double g2 = 0;
            for (int i = 0; i < n; i++) {
                double fa = f[i] * a + b;
                double p = fa >= 0 ? Math.exp(-fa) / (1 + Math.exp(-fa)) : 1 / (1 + Math.exp(fa));
                double q = 1 - p;
                double d2 = w[i] * p * q;
                h11 += f[i] * f[i] * d2;
                h22 += d2;
                h21 += f[i] * d2;
                double d1 = w[i] * (t[i] - p);
                g1 += f[i] * d1;
                g2 += d1;
            }
            if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) {
                break;
            }
            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det;
            double db = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * da + g2 * db;
            double step = 1;
            while (step >= 1e-10) {
                double na = a + step * da;
                double nb = b + step * db;
                double nf = objective(f, t, w, na, nb);
                if (nf < fval + 1e-4 * step * gd) {
                    a = na;
                    b = nb;
                    fval = nf;
                    break;
                }
                step /= 2;
            }
            if (step < 1e-10) {
                break;
            }
        }
        return new double[] {a, b};
    }

    private static double objective(double[] f, double[] t, double[] w, double a, double b) {
        double v = 0;
        for (int i = 0; i < f.length; i++) {
            double fa = f[i] * a + b;
            v += w[i] * (fa >= 0 ? t[i] * fa + Math.log1p(Math.exp(-fa)) : (t[i] - 1) * fa + Math.log1p(Math.exp(fa)));
        }
        return v;
    }
}

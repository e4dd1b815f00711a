package dev.xfer.head.linear;

import dev.xfer.common.BadInputException;
import dev.xfer.head.Standardizer;
import dev.xfer.head.math.Cholesky;
import dev.xfer.head.math.Products;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LdaSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Linear discriminant analysis on standardised features: class means, one pooled within-class covariance S,
 * scores {@code z . S^-1 mu_k - mu_k . S^-1 mu_k / 2 + log prior_k}, softmax for probabilities. With fewer
 * rows than features (or collinear features) S is singular; it is then shrunk towards its mean variance by the
 * Ledoit-Wolf amount (Ledoit and Wolf, 2004, scikit-learn's {@code shrinkage='auto'}), recorded in the bundle.
 */
public final class LdaFit {
    /** Below this pivot relative to the largest variance, S is treated as singular. */
    private static final double SINGULAR = 1e-10;

    private LdaFit() {
    }

    /** @param classWeights one weight per class scaling the priors, or null */
    public static LinearModel fit(LdaSpec spec, float[] x, int rows, int dim, int[] y, int classes,
                                  double[] classWeights) {
        Standardizer scaler = Standardizer.fit(x, rows, dim);
        double[] z = scaler.applyAll(x, rows, dim);
        double[][] mean = new double[classes][dim];
        double[] count = new double[classes];
        for (int i = 0; i < rows; i++) {
            count[y[i]]++;
            for (int j = 0; j < dim; j++) {
                mean[y[i]][j] += z[i * dim + j];
            }
        }
        for (int k = 0; k < classes; k++) {
            if (count[k] == 0) {
                throw new BadInputException("lda: class " + k + " has no training rows; every class needs some");
            }
            for (int j = 0; j < dim; j++) {
                mean[k][j] /= count[k];
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                z[i * dim + j] -= mean[y[i]][j];
            }
        }
        double dof = Math.max(1, rows - classes);
        double[] s = Products.gram(z, rows, dim);
        for (int i = 0; i < s.length; i++) {
            s[i] /= dof;
        }
        double shrinkage = 0;
        Optional<Cholesky> chol = Cholesky.of(s, dim, SINGULAR);
        if (chol.isEmpty()) {
            shrinkage = ledoitWolf(z, rows, dim);
            double mu = 0;
            for (int j = 0; j < dim; j++) {
                mu += s[j * dim + j];
            }
            mu /= dim;
            for (int i = 0; i < s.length; i++) {
                s[i] *= 1 - shrinkage;
            }
            for (int j = 0; j < dim; j++) {
                s[j * dim + j] += shrinkage * mu;
            }
            chol = Cholesky.of(s, dim, SINGULAR);
        }
        if (chol.isEmpty()) {
            throw new BadInputException("lda: the features' covariance is singular even after shrinkage (every "
                    + "feature constant within classes?); use another head, e.g. --type logreg");
        }
        double[] prior = priors(y, classes, classWeights);
        double[][] w = new double[classes][];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            w[k] = chol.get().solve(mean[k]);
            double q = 0;
            for (int j = 0; j < dim; j++) {
                q += mean[k][j] * w[k][j];
            }
            b[k] = -0.5 * q + Math.log(prior[k]);
        }
        return new LinearModel(HeadType.LDA, new LinearModel.Stored(LinearModel.Link.SOFTMAX, w, b, null,
                Map.of("shrinkage", shrinkage)), scaler, dim, classes);
    }

    /** Priors are class frequencies; class weights scale them, so balanced weights give equal priors. */
    static double[] priors(int[] y, int classes, double[] w) {
        double[] p = new double[classes];
        for (int c : y) {
            p[c] += w == null ? 1 : w[c];
        }
        double sum = java.util.Arrays.stream(p).sum();
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** The Ledoit-Wolf shrinkage of the covariance of centred rows {@code x} towards a multiple of I. */
    static double ledoitWolf(double[] x, int n, int d) {
        double[] x2 = new double[x.length];
        double traceSum = 0;
        for (int i = 0; i < x.length; i++) {
            x2[i] = x[i] * x[i];
            traceSum += x2[i];
        }
        double mu = traceSum / n / d;
        double[] g2 = Products.gram(x2, n, d);
        double[] g = Products.gram(x, n, d);
        double beta = 0;
        double delta = 0;
        for (int i = 0; i < g.length; i++) {
            beta += g2[i];
            delta += g[i] * g[i];
        }
        delta /= (double) n * n;
        beta = (beta / n - delta) / ((double) d * n);
        delta = (delta - 2 * mu * traceSum / n + d * mu * mu) / d;
        beta = Math.min(beta, delta);
        return beta <= 0 ? 0 : beta / delta;
    }
}

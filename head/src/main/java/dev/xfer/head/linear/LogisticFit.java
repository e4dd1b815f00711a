package dev.xfer.head.linear;

import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LogregSpec;
import java.util.Map;
import smile.classification.LogisticRegression;

/**
 * Multinomial logistic regression with an L2 penalty of 1 / C (scikit-learn's C), fitted by Smile's L-BFGS and
 * kept as plain coefficients: Smile keeps the intercept last and scores the last class 0.
 */
public final class LogisticFit {
    private LogisticFit() {
    }

    /**
     * Fits {@code spec}; {@code classWeights} (one per class, or null for none) scale each row's loss as
     * scikit-learn's {@code class_weight} does.
     */
    public static LinearModel fit(LogregSpec spec, float[] x, int rows, int dim, int[] y, int classes,
                                  double[] classWeights) {
        Standardizer scaler = Standardizer.fit(x, rows, dim);
        if (classWeights != null) {
            double[][] w = new double[classes][dim];
            double[] b = new double[classes];
            WeightedLogistic.fit(scaler.applyAll(x, rows, dim), rows, dim, y, classes, classWeights, spec.c(), w, b);
            return new LinearModel(HeadType.LOGREG, new LinearModel.Stored(LinearModel.Link.SOFTMAX, w, b, null,
                    Map.of()), scaler, dim, classes);
        }
        double[][] z = new double[rows][];
        for (int i = 0; i < rows; i++) {
            z[i] = scaler.apply(x, i, dim);
        }
        LogisticRegression m = LogisticRegression.fit(z, y, new LogisticRegression.Options(1.0 / spec.c(), 1e-5, 500));
        double[][] w = new double[classes][dim];
        double[] b = new double[classes];
        if (m instanceof LogisticRegression.Binomial bin) {
            double[] c = bin.coefficients();
            System.arraycopy(c, 0, w[1], 0, dim);
            b[1] = c[dim];
        } else {
            double[][] c = ((LogisticRegression.Multinomial) m).coefficients();
            for (int k = 0; k < c.length; k++) {
                System.arraycopy(c[k], 0, w[k], 0, dim);
                b[k] = c[k][dim];
            }
        }
        return new LinearModel(HeadType.LOGREG, new LinearModel.Stored(LinearModel.Link.SOFTMAX, w, b, null,
                Map.of()), scaler, dim, classes);
    }
}

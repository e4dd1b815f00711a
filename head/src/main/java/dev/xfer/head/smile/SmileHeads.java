package dev.xfer.head.smile;

import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.BoostSpec;
import smile.classification.Classifier;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/** Fits the gradient-boosted trees head with Smile. */
public final class SmileHeads {
    static final String LABEL = "y";

    private SmileHeads() {
    }

    /**
     * Fits boosted trees, the one head still fitted by Smile (it does not weight classes).
     */
    public static SmileHead fit(BoostSpec spec, float[] x, int rows, int dim, int[] y, int classes) {
        double[][] z = toRows(x, rows, dim, null);
        // Smile draws the trees' subsamples from a per-thread generator: seeding it here, on the fitting thread,
        // makes the same seed give the same model in every process
        smile.math.MathEx.setSeed(spec.seed());
        Classifier<?> model = GradientTreeBoost.fit(Formula.lhs(LABEL), frame(z, y),
                new GradientTreeBoost.Options(spec.trees()));
        return new SmileHead(spec.type(), model, null, dim, classes);
    }

    static DataFrame frame(double[][] z, int[] y) {
        String[] names = new String[z[0].length];
        for (int j = 0; j < names.length; j++) {
            names[j] = "f" + j;
        }
        return DataFrame.of(z, names).add(new IntVector(LABEL, y));
    }

    static double[][] toRows(float[] x, int rows, int dim, Standardizer s) {
        double[][] r = new double[rows][];
        for (int i = 0; i < rows; i++) {
            if (s != null) {
                r[i] = s.apply(x, i, dim);
            } else {
                r[i] = new double[dim];
                for (int j = 0; j < dim; j++) {
                    r[i][j] = x[i * dim + j];
                }
            }
        }
        return r;
    }
}

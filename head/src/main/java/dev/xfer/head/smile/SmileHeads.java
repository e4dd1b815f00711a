package dev.xfer.head.smile;

import dev.xfer.head.Standardizer;
import dev.xfer.head.spec.BoostSpec;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.RbfSvmSpec;
import smile.classification.Classifier;
import smile.classification.GradientTreeBoost;
import smile.classification.OneVersusRest;
import smile.classification.SVM;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.math.kernel.GaussianKernel;

/** Fits one Smile classifier for a {@link HeadSpec}. */
public final class SmileHeads {
    static final String LABEL = "y";

    private SmileHeads() {
    }

    /**
     * Fits boosted trees or a Gaussian-kernel SVM (the heads still fitted by Smile) on standardised (where the
     * head needs it) training rows; neither weights classes.
     */
    public static SmileHead fit(HeadSpec spec, float[] x, int rows, int dim, int[] y, int classes) {
        double[][] raw = toRows(x, rows, dim, null);
        Standardizer scaler = spec.standardises() ? Standardizer.fit(raw) : null;
        double[][] z = scaler == null ? raw : toRows(x, rows, dim, scaler);
        smile.math.MathEx.setSeed(spec.seed());
        Classifier<?> model = switch (spec) {
            case RbfSvmSpec s -> {
                // scikit-learn's gamma='scale' is 1 / (d * var) = 1 / d on standardised data; sigma = sqrt(1 / 2gamma)
                GaussianKernel kernel = new GaussianKernel(Math.sqrt(dim / 2.0));
                yield svm(z, y, classes, (xi, yi) -> SVM.fit(xi, yi, kernel, new SVM.Options(s.c())));
            }
            case BoostSpec s -> GradientTreeBoost.fit(Formula.lhs(LABEL), frame(z, y),
                    new GradientTreeBoost.Options(s.trees()));
            default -> throw new IllegalArgumentException("not a Smile head: " + spec.type());
        };
        return new SmileHead(spec.type(), model, scaler, dim, classes);
    }

    private static Classifier<double[]> svm(double[][] z, int[] y, int classes,
                                            java.util.function.BiFunction<double[][], int[], Classifier<double[]>> fit) {
        return classes == 2 ? BinarySvm.fit(z, y, fit) : OneVersusRest.fit(z, y, fit);
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

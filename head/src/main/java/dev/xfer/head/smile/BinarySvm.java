package dev.xfer.head.smile;

import smile.classification.Classifier;
import smile.classification.PlattScaling;

/**
 * A two-class SVM with Platt-scaled probabilities: Smile's one-vs-rest wants three classes or more, and a
 * two-class problem needs one machine, not two.
 */
final class BinarySvm implements Classifier<double[]> {
    private static final long serialVersionUID = 1L;

    private final Classifier<double[]> svm;
    private final PlattScaling platt;

    BinarySvm(Classifier<double[]> svm, PlattScaling platt) {
        this.svm = svm;
        this.platt = platt;
    }

    /** Fits on labels 0/1 with {@code fit} taking labels -1/+1. */
    static BinarySvm fit(double[][] x, int[] y, java.util.function.BiFunction<double[][], int[], Classifier<double[]>> fit) {
        int[] pm = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            pm[i] = y[i] == 1 ? 1 : -1;
        }
        Classifier<double[]> svm = fit.apply(x, pm);
        double[] scores = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            scores[i] = svm.score(x[i]);
        }
        return new BinarySvm(svm, PlattScaling.fit(scores, pm));
    }

    @Override
    public int numClasses() {
        return 2;
    }

    @Override
    public int[] classes() {
        return new int[] {0, 1};
    }

    @Override
    public int predict(double[] x) {
        return svm.score(x) > 0 ? 1 : 0;
    }

    @Override
    public boolean isSoft() {
        return true;
    }

    @Override
    public int predict(double[] x, double[] posteriori) {
        double p = platt.scale(svm.score(x));
        posteriori[1] = p;
        posteriori[0] = 1 - p;
        return p > 0.5 ? 1 : 0;
    }
}

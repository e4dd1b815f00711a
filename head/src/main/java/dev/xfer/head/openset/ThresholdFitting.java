package dev.xfer.head.openset;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.head.HeadTraining;
import java.util.Arrays;

/** Fits {@link UnknownThresholds} on the rows a head was trained on (its training split, augmented views left out). */
public final class ThresholdFitting {
    public static final int K = 5;
    public static final double QUANTILE = 0.95;
    public static final int FOLDS = 5;
    /** Fitting costs rows² x dim per class and each answer rows x dim per class: 500 keep both small. */
    public static final int MAX_PER_CLASS = 500;

    private ThresholdFitting() {
    }

    /** The thresholds for a head trained on {@code t} with {@code split}, or null when a class has too few rows. */
    public static UnknownThresholds forTraining(FeatureTable t, HeadTraining.SplitInfo split) {
        int[] rows = Arrays.stream(HeadTraining.split(t, split.val(), split.test(), split.seed()).train())
                .filter(i -> t.views()[i] == 0).toArray();
        int dim = t.dim();
        float[] x = new float[rows.length * dim];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(t.features(), rows[i] * dim, x, i * dim, dim);
            y[i] = t.labels()[rows[i]];
        }
        try {
            return UnknownThresholds.fit(x, y, dim, t.classes(), K, QUANTILE, FOLDS, MAX_PER_CLASS, split.seed());
        } catch (BadInputException tooFew) {
            return null;
        }
    }
}

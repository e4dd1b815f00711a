package dev.xfer.head;

import dev.xfer.common.BadInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A head type and its hyperparameters, with defaults a scikit-learn or Keras user would expect. Stored in
 * {@code head.json} as {@link #params()} so a result can be reproduced.
 *
 * @param c         inverse regularisation strength for logreg and svm (scikit-learn's C)
 * @param trees     trees for rf and gbt
 * @param k         neighbours for knn
 * @param hidden    hidden Dense(relu) layer widths for dense (empty: none)
 * @param dropout   dropout rate before each Dense layer of the dense head
 * @param output    softmax (one unit per class) or sigmoid (one unit, two classes only)
 * @param monitor   val_loss or val_accuracy: what early stopping watches
 */
public record HeadSpec(String type, long seed, double c, int trees, int k, int[] hidden, double dropout,
                       String optimizer, double lr, double momentum, boolean nesterov, int batchSize, int epochs,
                       double l2, int patience, String monitor, String output) {

    public static final List<String> TYPES = List.of("logreg", "svm", "svm-rbf", "rf", "gbt", "knn", "lda", "dense");

    public HeadSpec {
        if (!TYPES.contains(type)) {
            throw new BadInputException("unknown head '" + type + "': use one of " + String.join(", ", TYPES));
        }
        if (!List.of("adam", "rmsprop", "sgd").contains(optimizer)) {
            throw new BadInputException("--optimizer " + optimizer + ": use adam, rmsprop or sgd");
        }
        if (!List.of("val_loss", "val_accuracy").contains(monitor)) {
            throw new BadInputException("--monitor " + monitor + ": use val_loss or val_accuracy");
        }
        if (!List.of("softmax", "sigmoid").contains(output)) {
            throw new BadInputException("--output " + output + ": use softmax or sigmoid");
        }
        if (dropout < 0 || dropout >= 1 || lr <= 0 || batchSize < 1 || epochs < 1 || k < 1 || trees < 1 || c <= 0) {
            throw new BadInputException("head options out of range: dropout in [0, 1), --lr, --C > 0, "
                    + "--batch-size, --epochs, --k, --trees >= 1");
        }
    }

    /** The defaults for {@code type}. */
    public static HeadSpec of(String type) {
        return new HeadSpec(type, 42, 1.0, 100, 5, new int[0], 0.5, "adam", 1e-3, 0.9, false, 32, 100, 0, 5,
                "val_loss", "softmax");
    }

    public HeadSpec withSeed(long s) {
        return new HeadSpec(type, s, c, trees, k, hidden, dropout, optimizer, lr, momentum, nesterov, batchSize,
                epochs, l2, patience, monitor, output);
    }

    /** Whether the head can weight classes (the others refuse a --class-weight other than none). */
    public boolean takesClassWeights() {
        return type.equals("dense") || type.equals("rf") || type.equals("lda");
    }

    /** Whether features are standardised before fitting (the scaler is stored with the head). */
    public boolean standardises() {
        return !type.equals("rf") && !type.equals("gbt") && !type.equals("dense");
    }

    /** The hyperparameters that matter for this type, for head.json and the leaderboard. */
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        switch (type) {
            case "logreg", "svm", "svm-rbf" -> m.put("C", c);
            case "rf", "gbt" -> m.put("trees", trees);
            case "knn" -> m.put("k", k);
            case "dense" -> {
                m.put("hidden", Arrays.stream(hidden).boxed().toList());
                m.put("dropout", dropout);
                m.put("output", output);
                m.put("optimizer", optimizer);
                m.put("lr", lr);
                if (!optimizer.equals("adam")) {
                    m.put("momentum", momentum);
                    m.put("nesterov", nesterov);
                }
                m.put("batch_size", batchSize);
                m.put("epochs", epochs);
                m.put("l2", l2);
                m.put("patience", patience);
                m.put("monitor", monitor);
            }
            default -> {
            }
        }
        m.put("standardise", standardises());
        return m;
    }
}

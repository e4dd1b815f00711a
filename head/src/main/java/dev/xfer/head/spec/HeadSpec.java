package dev.xfer.head.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A head type and its hyperparameters, with defaults a scikit-learn or Keras user would expect. Each type has
 * its own record, so a forest cannot be given a learning rate by mistake; {@link #params()} is what
 * {@code head.json} stores so a result can be reproduced.
 */
public sealed interface HeadSpec permits LogregSpec, LinearSvmSpec, RbfSvmSpec, ForestSpec, BoostSpec, KnnSpec,
        LdaSpec, DenseSpec {

    HeadType type();

    /** Seeds whatever the fit draws at random (forests' bootstraps, the dense head's init and dropout). */
    long seed();

    HeadSpec withSeed(long seed);

    /** The hyperparameters proper to this type, without seed and standardisation. */
    Map<String, Object> hyperparameters();

    default boolean takesClassWeights() {
        return type().takesClassWeights();
    }

    default boolean standardises() {
        return type().standardises();
    }

    /** Seed, hyperparameters and whether inputs are standardised: head.json's {@code params}. */
    default Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed());
        m.putAll(hyperparameters());
        m.put("standardise", standardises());
        return m;
    }

    /** The defaults for {@code type} with {@code seed}. */
    static HeadSpec defaults(HeadType type, long seed) {
        return switch (type) {
            case LOGREG -> new LogregSpec(seed, 1.0);
            case SVM -> new LinearSvmSpec(seed, 1.0);
            case SVM_RBF -> new RbfSvmSpec(seed, 1.0);
            case RF -> new ForestSpec(seed, 100);
            case GBT -> new BoostSpec(seed, 100);
            case KNN -> new KnnSpec(seed, 5);
            case LDA -> new LdaSpec(seed);
            case DENSE -> DenseSpec.defaults(seed);
        };
    }

    /** The defaults for the type named {@code type}, seed 42. */
    static HeadSpec of(String type) {
        return defaults(HeadType.of(type), 42);
    }

    static void positive(String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new dev.xfer.common.BadInputException(option + " " + v + ": must be a positive number");
        }
    }

    static void atLeastOne(String option, int v) {
        if (v < 1) {
            throw new dev.xfer.common.BadInputException(option + " " + v + ": must be at least 1");
        }
    }
}

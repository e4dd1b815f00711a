package dev.xfer.head.spec;

import java.util.Map;

/**
 * A linear support vector machine.
 *
 * @param c inverse regularisation strength (scikit-learn's C)
 */
public record LinearSvmSpec(long seed, double c) implements HeadSpec {
    public LinearSvmSpec {
        HeadSpec.positive("--C", c);
    }

    /** Takes C (default 1.0). */
    static LinearSvmSpec read(long seed, SpecValues v) {
        return new LinearSvmSpec(seed, v.real("C", 1.0));
    }

    @Override
    public HeadType type() {
        return HeadType.SVM;
    }

    @Override
    public LinearSvmSpec withSeed(long s) {
        return new LinearSvmSpec(s, c);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("C", c);
    }
}

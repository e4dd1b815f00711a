package dev.xfer.head.spec;

import java.util.Map;

/**
 * A support vector machine with a Gaussian kernel, gamma = 1 / features on standardised inputs.
 *
 * @param c inverse regularisation strength (scikit-learn's C)
 */
public record RbfSvmSpec(long seed, double c) implements HeadSpec {
    public RbfSvmSpec {
        HeadSpec.positive("--C", c);
    }

    /** Takes C (default 1.0). */
    static RbfSvmSpec read(long seed, SpecValues v) {
        return new RbfSvmSpec(seed, v.real("C", 1.0));
    }

    @Override
    public HeadType type() {
        return HeadType.SVM_RBF;
    }

    @Override
    public RbfSvmSpec withSeed(long s) {
        return new RbfSvmSpec(s, c);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("C", c);
    }
}

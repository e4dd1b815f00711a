package dev.xfer.head.spec;

import java.util.Map;

/**
 * A multinomial logistic regression with an L2 penalty.
 *
 * @param c inverse regularisation strength (scikit-learn's C)
 */
public record LogregSpec(long seed, double c) implements HeadSpec {
    public LogregSpec {
        HeadSpec.positive("--C", c);
    }

    /** Takes C (default 1.0). */
    static LogregSpec read(long seed, SpecValues v) {
        return new LogregSpec(seed, v.real("C", 1.0));
    }

    @Override
    public HeadType type() {
        return HeadType.LOGREG;
    }

    @Override
    public LogregSpec withSeed(long s) {
        return new LogregSpec(s, c);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("C", c);
    }
}

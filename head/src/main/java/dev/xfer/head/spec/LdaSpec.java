package dev.xfer.head.spec;

import java.util.Map;

/**
 * Linear discriminant analysis: one pooled covariance. When it is singular or badly conditioned (fewer rows
 * than features, or duplicated features), the fit shrinks it towards its mean variance by the Ledoit-Wolf
 * amount, as scikit-learn's {@code shrinkage='auto'} does, and the bundle records by how much.
 */
public record LdaSpec(long seed) implements HeadSpec {
    @Override
    public HeadType type() {
        return HeadType.LDA;
    }

    @Override
    public LdaSpec withSeed(long s) {
        return new LdaSpec(s);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of();
    }
}

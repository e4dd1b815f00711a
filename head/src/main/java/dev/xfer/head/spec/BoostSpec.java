package dev.xfer.head.spec;

import java.util.Map;

/** A gradient-boosted trees. */
public record BoostSpec(long seed, int trees) implements HeadSpec {
    public BoostSpec {
        HeadSpec.atLeastOne("--trees", trees);
    }

    @Override
    public HeadType type() {
        return HeadType.GBT;
    }

    @Override
    public BoostSpec withSeed(long s) {
        return new BoostSpec(s, trees);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("trees", trees);
    }
}

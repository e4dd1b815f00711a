package dev.xfer.head.spec;

import java.util.Map;

/** A gradient-boosted trees. */
public record BoostSpec(long seed, int trees) implements HeadSpec {
    public BoostSpec {
        HeadSpec.atLeastOne("--trees", trees);
    }

    /** Takes trees (default 100). */
    static BoostSpec read(long seed, SpecValues v) {
        return new BoostSpec(seed, v.whole("trees", 100));
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

package dev.xfer.head.spec;

import java.util.Map;

/** A random forest (Gini, bootstrap, sqrt(features) tried per split). */
public record ForestSpec(long seed, int trees) implements HeadSpec {
    public ForestSpec {
        HeadSpec.atLeastOne("--trees", trees);
    }

    /** Takes trees (default 100). */
    static ForestSpec read(long seed, SpecValues v) {
        return new ForestSpec(seed, v.whole("trees", 100));
    }

    @Override
    public HeadType type() {
        return HeadType.RF;
    }

    @Override
    public ForestSpec withSeed(long s) {
        return new ForestSpec(s, trees);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("trees", trees);
    }
}

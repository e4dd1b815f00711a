package dev.xfer.head.spec;

import java.util.Map;

/** A k-nearest-neighbours vote by Euclidean distance on standardised inputs. */
public record KnnSpec(long seed, int k) implements HeadSpec {
    public KnnSpec {
        HeadSpec.atLeastOne("--k", k);
    }

    /** Takes k (default 5). */
    static KnnSpec read(long seed, SpecValues v) {
        return new KnnSpec(seed, v.whole("k", 5));
    }

    @Override
    public HeadType type() {
        return HeadType.KNN;
    }

    @Override
    public KnnSpec withSeed(long s) {
        return new KnnSpec(s, k);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("k", k);
    }
}

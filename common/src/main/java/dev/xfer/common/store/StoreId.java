package dev.xfer.common.store;

import dev.xfer.common.Digests;
import dev.xfer.common.Precision;
import dev.xfer.common.Provenance;
import java.nio.charset.StandardCharsets;

/**
 * The name of a feature store, derived from everything that determines the features (architecture, weights
 * sha256, layer, pooling, input size, preprocessing, precision when not fp32), so two configurations never share a
 * store and the same one always finds its store again: {@code squeezenet-drop9-avg-227-1a2b3c4d5e6f} (readable
 * prefix, hash suffix). It is the run id of xfer 0.1's caches, so a migrated cache keeps its name.
 */
public final class StoreId {
    private StoreId() {
    }

    public static String of(Provenance p) {
        // fp32 adds nothing, so stores made before bf16 existed keep their names
        String precision = p.precision() == Precision.FP32 ? "" : p.precision().id();
        String identity = String.join("\n", p.arch(), p.weightsSha256(), p.layer(), p.pooling(),
                Integer.toString(p.imageSize()), p.preprocessing()) + (precision.isEmpty() ? "" : "\n" + precision);
        String hash = Digests.sha256(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        String layer = p.layer().replaceAll("[^A-Za-z0-9_.-]", "_");
        return p.arch().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + layer + "-" + p.pooling() + "-"
                + p.imageSize() + (precision.isEmpty() ? "" : "-" + precision) + "-" + hash;
    }
}

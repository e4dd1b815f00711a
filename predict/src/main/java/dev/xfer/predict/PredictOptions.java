package dev.xfer.predict;

import dev.xfer.extract.graph.Device;
import java.util.Objects;

/**
 * How to open a classifier.
 *
 * @param device  where the conv base runs
 * @param weights the conv base's weights file when it moved since extraction (null: the recorded one)
 * @param unknown answer "unknown" for photos far from every class (needs thresholds in the head bundle)
 */
public record PredictOptions(Device device, String weights, boolean unknown) {
    public PredictOptions {
        Objects.requireNonNull(device, "device");
    }

    public static PredictOptions defaults() {
        return new PredictOptions(Device.AUTO, null, false);
    }
}

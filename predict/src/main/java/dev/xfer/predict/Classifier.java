package dev.xfer.predict;

import dev.xfer.common.Provenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Images in, ranked classes out: a head on the conv base its features came from, or a fine-tuned model. One batch
 * at a time (callers serialise {@link #classify}); holds native memory, so close it.
 */
public interface Classifier extends AutoCloseable {
    /** The bundle or model folder it was opened from. */
    Path source();

    List<String> classes();

    /** The square side, in pixels, of the images {@link #classify} takes. */
    int imageSize();

    /** How the features the classifier reads are made. */
    Provenance provenance();

    /** The metrics recorded when the head or model was trained (may be empty). */
    Map<String, Object> metrics();

    /** Whether {@link #classify} answers "unknown" for photos far from every class. */
    boolean checksUnknown();

    /** Predictions for {@code count} images, RGB 0..255, NHWC, {@link #imageSize()} square. */
    List<Prediction> classify(float[] rgbNhwc, int count);

    @Override
    void close();
}

package dev.xfer.finetune;

import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training and validation images decoded once per run and kept at the network's input size (before
 * augmentation, which stays random per epoch), so later epochs skip the JPEG decode and resize: Keras'
 * {@code tf.data ... .cache()}. Bounded by a byte budget: images are kept in the order they are first decoded until
 * the next would pass it; the rest are decoded again on every use, so a run's numbers do not depend on the budget
 * (0 turns keeping off).
 *
 * <p>Kept as the decoder's float32, not uint8: resizing to the input size is bilinear in float, and rounding it to
 * uint8 moved every pixel by up to half a grey level, enough to change the starting head's validation log-loss at
 * 96 px from 1.1544 to 1.1440 (FineTuneCommandTest), where the fine-tuning graph must score as phase two's features
 * did. Four bytes a value: 604 KiB an image at 227 px, 1,800 pets photos in 1.04 GiB.
 *
 * <p>Owns a small TensorFlow decoding session: close it. Not thread-safe (one training loop uses it).
 */
public final class DecodedImages implements AutoCloseable {
    private final ImageDecoder decoder;
    private final long budget;
    private final int pixels;
    private final Map<Path, float[]> kept = new HashMap<>();
    private long bytesKept;
    private int decodes;

    /** A cache for images of side {@code size} holding at most {@code budgetBytes} of pixels. */
    public DecodedImages(int size, long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("negative image cache budget " + budgetBytes);
        }
        this.decoder = new ImageDecoder(size);
        this.budget = budgetBytes;
        this.pixels = size * size * 3;
    }

    /**
     * A third of the maximum heap: fine-tuning's other heap use is a few batches of floats, and the default heap
     * (a quarter of RAM) then keeps about 3,300 SqueezeNet-sized images on a 24 GiB machine.
     */
    public static long defaultBudget() {
        return Runtime.getRuntime().maxMemory() / 3;
    }

    public int size() {
        return decoder.size();
    }

    /**
     * Decodes {@code file} now, keeping it if the budget allows, so a corrupt image is refused before training.
     * Throws {@link dev.xfer.extract.image.UnreadableImageException} (bad input) for a file that does not decode.
     */
    public void check(Path file) {
        load(file);
    }

    /** Writes the pixels of {@code file} (float RGB 0..255, HWC) into {@code out} from {@code offset}. */
    void copyTo(Path file, float[] out, int offset) {
        System.arraycopy(load(file), 0, out, offset, pixels);
    }

    private float[] load(Path file) {
        float[] p = kept.get(file);
        if (p != null) {
            return p;
        }
        p = decoder.decode(file);
        decodes++;
        long bytes = (long) pixels * Float.BYTES;
        if (bytesKept + bytes <= budget) {
            kept.put(file, p);
            bytesKept += bytes;
        }
        return p;
    }

    /** How many times an image was decoded (kept images count once per run). */
    public int decodes() {
        return decodes;
    }

    /** How many images are kept. */
    public int kept() {
        return kept.size();
    }

    /** Bytes of pixels kept; never more than the budget. */
    public long bytesKept() {
        return bytesKept;
    }

    public long budget() {
        return budget;
    }

    @Override
    public void close() {
        kept.clear();
        decoder.close();
    }
}

package dev.xfer.finetune;

import dev.xfer.extract.image.ImageDecoder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training and validation images decoded once per run and kept (before augmentation, which stays random per
 * epoch), so later epochs skip the JPEG decode: Keras'
 * {@code tf.data ... .cache()}. Bounded by a byte budget: images are kept in the order they are first decoded until
 * the next would pass it; the rest are decoded again on every use, so a run's numbers do not depend on the budget
 * (0 turns keeping off).
 *
 * <p>Each image is kept in the smaller of two exact forms: its decoded uint8 RGB at its own size (resized again at
 * each use, one small TensorFlow run, bit for bit what decoding gives), or the float32 pixels at the input size.
 * Not uint8 at the input size: resizing is bilinear in float, and rounding it to uint8 moved every pixel by up to
 * half a grey level, enough to change the starting head's validation log-loss at 96 px from 1.1544 to 1.1440
 * (FineTuneCommandTest), where the fine-tuning graph must score as phase two's features did. The 180 px pets photos
 * take 95 KiB each (the float32 form at 227 px would take 604 KiB).
 *
 * <p>Owns a small TensorFlow decoding session: close it. Not thread-safe (one training loop uses it).
 */
public final class DecodedImages implements AutoCloseable {
    private final ImageDecoder decoder;
    private final long budget;
    private final int pixels;
    /** An {@link ImageDecoder.Rgb} or a float[] of the input size. */
    private final Map<Path, Object> kept = new HashMap<>();
    private final float[] scratch;
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
        this.scratch = new float[pixels];
    }

    /**
     * A third of the maximum heap: fine-tuning's other heap use is a batch of floats, and the default heap (a
     * quarter of RAM) then keeps 20,000 photos of 180 px, or 3,300 larger ones at 227 px, on a 24 GiB machine.
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
        if (!kept.containsKey(file)) {
            decode(file);
        }
    }

    /** Writes the pixels of {@code file} (float RGB 0..255, HWC) into {@code out} from {@code offset}. */
    void copyTo(Path file, float[] out, int offset) {
        Object k = kept.get(file);
        if (k instanceof ImageDecoder.Rgb rgb) {
            decoder.resize(rgb, out, offset);
            return;
        }
        System.arraycopy(k instanceof float[] f ? f : decode(file), 0, out, offset, pixels);
    }

    /** Decodes into {@code scratch}, keeping the smaller exact form while the budget allows. */
    private float[] decode(Path file) {
        ImageDecoder.Rgb rgb = decoder.decodeWithOriginal(file, scratch);
        decodes++;
        long asFloats = (long) pixels * Float.BYTES;
        long bytes = Math.min(rgb.pixels().length, asFloats);
        if (bytesKept + bytes <= budget) {
            kept.put(file, rgb.pixels().length <= asFloats ? rgb : scratch.clone());
            bytesKept += bytes;
        }
        return scratch;
    }

    /** How many times an image was decoded (kept images count once per run). */
    public int decodes() {
        return decodes;
    }

    /** How many images are kept. */
    public int kept() {
        return kept.size();
    }

    /** Bytes of pixels kept (uint8 originals or float32 at the input size); never more than the budget. */
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

package dev.xfer.extract.graph;

import dev.xfer.common.BadInputException;
import java.util.function.Function;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The one way a batch of images goes into a TensorFlow run and its features come back as a float array. */
public final class ImageBatch {
    private ImageBatch() {
    }

    /**
     * Wraps {@code count} images of {@code size} square from {@code rgbNhwc} as a tensor, lets {@code run}
     * compute (and own) the output tensor, and copies {@code outLength} floats out of it.
     */
    public static float[] run(float[] rgbNhwc, int count, int size, int outLength,
                              Function<TFloat32, AutoCloseable> run, Function<AutoCloseable, Tensor> output) {
        long expected = (long) count * size * size * 3;
        if (rgbNhwc.length < expected) {
            throw new BadInputException("a batch of " + count + " images of " + size + "x" + size
                    + " needs " + expected + " floats, got " + rgbNhwc.length);
        }
        float[] out = new float[outLength];
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(count, size, size, 3),
                DataBuffers.of(rgbNhwc, true, false).narrow(expected));
             AutoCloseable result = run.apply(in)) {
            ((TFloat32) output.apply(result)).copyTo(DataBuffers.of(out, false, false));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing a TensorFlow result failed", e);
        }
        return out;
    }
}

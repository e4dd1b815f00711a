package dev.xfer.extract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw little-endian float32 files, as the fixtures and keras_reference.py write them. */
public final class Floats {
    private Floats() {
    }

    public static float[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    /**
     * The golden fixture's input.f32 is the network input after caffe preprocessing (BGR, mean subtracted);
     * xfer preprocesses inside its graph, so tests undo it to get the RGB 0..255 pixels xfer is fed.
     */
    public static float[] caffeInputToRgb(float[] bgr) {
        float[] rgb = new float[bgr.length];
        float[] mean = dev.xfer.common.Preprocessing.CAFFE_MEAN_BGR;
        for (int i = 0; i < bgr.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                rgb[i + 2 - c] = bgr[i + c] + mean[c];
            }
        }
        return rgb;
    }

    public static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

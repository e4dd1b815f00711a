package dev.xfer.extract.arch;

import java.util.Locale;

/** Keras' {@code padding}: {@code same} keeps ceil(in / stride) positions, {@code valid} only whole windows. */
public enum Padding {
    SAME, VALID;

    /** Output length along one axis for a window of {@code k} with {@code stride} and {@code dilation}. */
    public long out(long in, int k, int stride, int dilation) {
        long span = (long) (k - 1) * dilation + 1;
        return this == SAME ? (in + stride - 1) / stride : Math.floorDiv(in - span, stride) + 1;
    }

    /** The name TensorFlow's ops take. */
    public String tf() {
        return name();
    }

    public static Padding parse(String keras) {
        return valueOf(keras.toUpperCase(Locale.ROOT));
    }
}

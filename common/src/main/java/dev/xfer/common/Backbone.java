package dev.xfer.common;

/**
 * A conv base ready to turn images into feature vectors: a pure function from a batch of RGB pixels to
 * feature rows, so that extraction can later be distributed (one backbone per worker, any batch order).
 * Implementations hold native resources and must be closed.
 */
public interface Backbone extends AutoCloseable {

    /** How the features are made; stored with everything derived from them. */
    Provenance provenance();

    /** Square input side the backbone expects, in pixels. */
    int imageSize();

    /** Shape of one image's features (e.g. {@code [512]} after pooling, {@code [7, 7, 512]} without). */
    long[] featureShape();

    /** Number of floats in one image's features. */
    default int featureLength() {
        long n = 1;
        for (long d : featureShape()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /**
     * Features of {@code count} images given as float RGB values 0..255, NHWC, {@code imageSize} square;
     * preprocessing happens inside. Returns {@code count * featureLength()} floats, one row per image.
     */
    float[] features(float[] rgbNhwc, int count);

    @Override
    void close();
}
